"""JSON serialization of a :class:`~framing.detect.document.DetectedDocument` (never pickle).

A store file may come from someone else, and unpickling runs arbitrary code;
JSON only ever yields numbers, strings, lists and dicts, which we turn back
into our own frozen dataclasses field by field.

The format is compact because a store holds 100,000 of these:

* records are positional lists (field names once, in this module, not in
  every record);
* values that follow from others are not written: sentence and match text
  (slices of the repaired text), ``doc_id``/``seg_id`` of sentences, quotes,
  attributions and matches (from the segment index), and match stance,
  outlet and segment kind (those of the match's segment);
* token spans are not written: :func:`framing.text.tokens.tokenize` over each
  sentence gives them back exactly, for less time than encoding them costs
  (format 1 stored them delta-encoded and is still read);
* the repaired text and the matches are included by default
  (self-contained), but the store leaves them out (``include_text=False,
  include_matches=False``) because its ``documents`` and ``matches`` tables
  already hold them.

Round trip: ``analysis_from_json(analysis_to_json(a)) == a`` field for field,
including the voice look-up indexes, which :class:`~framing.detect.voice.VoiceResult`
rebuilds from its quotes and attributions (tested in ``tests/test_store.py``).
"""

from __future__ import annotations

import json
from itertools import accumulate
from typing import Any, Iterable

from framing.detect.document import DetectedDocument
from framing.text.offsets import OffsetChain, OffsetMap
from framing.text.parse import ParsedDocument
from framing.text.repair import Repaired
from framing.detect.sentiment import Scores
from framing.text.tokens import tokenize
from framing.core.types import (Attribution, Citation, Document, Match, Quote, Reference, Region, Segment, Sentence,
                    frozen_map)
from framing.detect.voice import VoiceResult

#: Version of this JSON layout; :func:`analysis_from_json` reads this one and
#: format 1 (which also stored each sentence's token spans) and refuses others.
FORMAT = 2
_READABLE = (1, 2)


class SerializationError(ValueError):
    """The JSON is not a DetectedDocument of a format this code reads."""


# ------------------------------------------------------------------ encode

def analysis_to_dict(a: DetectedDocument, include_text: bool = True,
                     include_matches: bool = True) -> dict[str, Any]:
    """Return ``a`` as a JSON-ready dict (see the module docstring for the layout).

    ``include_matches=False`` leaves the matches out (the store keeps them as
    rows of its ``matches`` table and passes them back on reading).
    """
    p = a.parsed
    doc = p.doc
    rep = p.repaired
    seg_index = {s.seg_id: i for i, s in enumerate(p.segments)}
    d: dict[str, Any] = {
        "format": FORMAT,
        "lexicon_version": a.lexicon_version,
        "doc": [doc.doc_id, doc.path, doc.sha256, dict(doc.meta)],
        "offsets": [[[list(pc) for pc in m.pieces], m.new_length, m.old_length] for m in rep.offsets.maps],
        "regions": [[r.start, r.end, r.kind, r.note] for r in rep.regions],
        "citations": [[c.number, c.position] for c in rep.citations],
        "references": [[r.number, r.authors, r.title, r.outlet, r.date, r.url, r.raw] for r in rep.references],
        "notes": list(rep.notes),
        "segments": [[s.seg_id, s.index, s.kind, s.stance, s.outlet, s.start, s.end, s.speaker, dict(s.meta)]
                     for s in p.segments],
        "sentences": [[seg_index[s.seg_id], s.index, s.start, s.end] for s in p.sentences],
        "quotes": [[seg_index[q.seg_id], q.start, q.end, q.inner_start, q.inner_end, q.kind, q.speaker]
                   for q in a.voice.quotes],
        "attributions": [[seg_index[t.seg_id], t.sent_idx, t.start, t.end, t.source, t.verb, t.named,
                          t.resolved, t.reported_start, t.reported_end] for t in a.voice.attributions],
        "sentiment": [None if s is None else list(s) for s in a.sentiment],
    }
    if include_matches:
        d["matches"] = [[seg_index[m.seg_id], m.sent_idx, m.start, m.end, m.raw_start, m.raw_end, m.entry_id,
                         m.category, m.technique, m.weight, m.loaded, m.voice, m.speaker, m.scare_quote]
                        for m in a.matches]
    if include_text:
        d["text"] = rep.text
        if doc.raw != rep.text:
            d["raw"] = doc.raw
    return d


def analysis_to_json(a: DetectedDocument, include_text: bool = True, include_matches: bool = True) -> str:
    """Return the JSON text of ``a`` (compact separators, UTF-8 characters kept).

    With ``include_text=False`` the repaired and original texts are left out,
    with ``include_matches=False`` the matches; both must then be passed to
    :func:`analysis_from_json`.
    """
    return json.dumps(analysis_to_dict(a, include_text, include_matches), ensure_ascii=False,
                      separators=(",", ":"))


# ------------------------------------------------------------------ decode

def _tokens_from_delta(start: int, flat: list[int]) -> tuple[tuple[int, int], ...]:
    # format 1: [s0 - start, e0 - s0, s1 - e0, ...]
    pos = list(accumulate(flat, initial=start))[1:]
    return tuple(zip(pos[0::2], pos[1::2]))


def _sentence(doc_id: str, seg_id: str, text: str, rec: list) -> Sentence:
    idx, s, e = rec[1], rec[2], rec[3]
    toks = _tokens_from_delta(s, rec[4]) if len(rec) > 4 else tuple(tokenize(text, s, e))
    return Sentence(doc_id, seg_id, idx, s, e, text[s:e], toks)


def analysis_from_dict(d: dict[str, Any], text: str | None = None, raw: str | None = None,
                       matches: Iterable[Match] | None = None) -> DetectedDocument:
    """Return the :class:`DetectedDocument` encoded by ``d`` (from :func:`analysis_to_dict`).

    ``text`` (the repaired text), ``raw`` (the original text; defaults to
    ``text``) and ``matches`` are needed when the dict was written without
    them.  Raises :class:`SerializationError` for another format or a
    malformed dict.
    """
    if not isinstance(d, dict) or d.get("format") not in _READABLE:
        got = d.get("format") if isinstance(d, dict) else type(d).__name__
        raise SerializationError(f"analysis JSON has format {got!r}; this framing reads formats "
                                 f"{', '.join(map(str, _READABLE))}")
    try:
        text = d.get("text", text)
        if text is None:
            raise SerializationError("analysis JSON has no text; pass text=")
        stored_raw = d.get("raw")
        raw = stored_raw if stored_raw is not None else (raw if raw is not None else text)
        doc_id, path, sha, meta = d["doc"]
        doc = Document(str(doc_id), str(path), str(sha), raw, frozen_map(meta))
        maps = tuple(OffsetMap(tuple((int(a), int(b), int(c), int(e), bool(f)) for a, b, c, e, f in pieces),
                               int(n), int(o)) for pieces, n, o in d["offsets"])
        rep = Repaired(text, OffsetChain(maps),
                       tuple(Region(s, e, k, n) for s, e, k, n in d["regions"]),
                       tuple(Citation(n, p) for n, p in d["citations"]),
                       tuple(Reference(*r) for r in d["references"]),
                       tuple(d["notes"]))
        segs = tuple(Segment(doc_id, sid, idx, kind, stance, outlet, s, e, speaker, frozen_map(m))
                     for sid, idx, kind, stance, outlet, s, e, speaker, m in d["segments"])
        sents = tuple(_sentence(doc_id, segs[rec[0]].seg_id, text, rec) for rec in d["sentences"])
        parsed = ParsedDocument(doc, rep, segs, sents)
        quotes = tuple(Quote(doc_id, segs[si].seg_id, s, e, i_s, i_e, kind, speaker)
                       for si, s, e, i_s, i_e, kind, speaker in d["quotes"])
        attrs = tuple(Attribution(doc_id, segs[si].seg_id, sent_idx, s, e, source, verb, bool(named), resolved,
                                  rs, re_)
                      for si, sent_idx, s, e, source, verb, named, resolved, rs, re_ in d["attributions"])
        # VoiceResult derives its look-up indexes from the records themselves.
        voice = VoiceResult(quotes, attrs)
        if "matches" not in d:
            if matches is None:
                raise SerializationError("analysis JSON has no matches; pass matches=")
            d = {**d, "matches": []}
        else:
            matches = None
        found = []
        for (si, sent_idx, s, e, rs, re_, entry_id, category, technique, weight, loaded, v, speaker,
             scare) in d["matches"]:
            seg = segs[si]
            found.append(Match(doc_id, seg.seg_id, sent_idx, seg.stance, seg.outlet, seg.kind, s, e, rs, re_,
                               text[s:e], entry_id, category, technique, weight, bool(loaded), v, speaker,
                               bool(scare)))
        if matches is not None:
            found = list(matches)
        sentiment = tuple(None if s is None else Scores(*s) for s in d["sentiment"])
    except SerializationError:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise SerializationError(f"malformed analysis JSON ({type(exc).__name__}: {exc})") from None
    return DetectedDocument(parsed, tuple(found), voice, sentiment, d["lexicon_version"])


def analysis_from_json(s: str | bytes, text: str | None = None, raw: str | None = None,
                       matches: Iterable[Match] | None = None) -> DetectedDocument:
    """Return the :class:`DetectedDocument` encoded in JSON text ``s``.

    ``text``/``raw`` supply the repaired and original texts when ``s`` was
    written with ``include_text=False``, ``matches`` the matches when it was
    written with ``include_matches=False``.  Raises :class:`SerializationError`
    for invalid JSON, another format or a malformed record.
    """
    try:
        d = json.loads(s)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SerializationError(f"analysis is not valid JSON ({exc})") from None
    return analysis_from_dict(d, text, raw, matches)


__all__ = ["analysis_to_json", "analysis_from_json", "analysis_to_dict", "analysis_from_dict",
           "SerializationError", "FORMAT"]
