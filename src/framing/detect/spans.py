"""Span rows of one detected document: lexicon matches, scare quotes and learned-model spans, combined.

``framing spans`` and :meth:`framing.api.Analysis.matches` list these rows.
Each row says which detector found it (``lexicon``, ``model``, ``both``,
``voice`` for scare quotes), its guideline category (the annotation
guideline's eight; empty for neutral markers such as attribution phrases,
hedges and standard toponym spellings) and, for model spans, why (its top
features).  Scoring of loadedness still reads ``DetectedDocument.matches``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from framing.core.types import Match
from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon

if TYPE_CHECKING:
    from framing.detect.spanmodel.model import SpanModel

DETECTORS = ("lexicon", "model", "both")
SCARE_CATEGORY = "scare_quotes"


@dataclass(frozen=True)
class SpanRow:
    """One detected span: the :class:`Match` fields plus guideline category, detector and explanation."""

    match: Match
    guideline_category: str
    detector: str
    why: str = ""
    #: Whether the guideline would annotate it (False for neutral markers such as "according to", Kyiv).
    guideline_span: bool = True


def guideline_of(m: Match, lexicon: Lexicon) -> tuple[str, bool]:
    """Return ``(guideline_category, is_guideline_span)`` of a lexicon match.

    A match is a guideline span when its category maps to a guideline
    category and is loaded.  A toponym counts when it is the marked member
    of a spelling pair (its neutral alternative is itself a toponym entry:
    ``Kiev`` -> ``Kyiv``) or an imperial name (weight >= 2: ``Novorossiya``);
    the standard spellings (``Kyiv``, ``Donbas``) and legal formulas
    ("occupied territories") stay neutral markers, as the guideline says.
    """
    cat = lexicon.categories.get(m.category)
    g = cat.guideline if cat else ""
    if not g:
        return "", False
    if cat is not None and cat.loaded:
        return g, True
    entry = lexicon_entry(lexicon, m.entry_id)
    if entry is None or not entry.neutral_alternative:
        return g, False
    alt = entry.neutral_alternative.split(";")[0].strip().lower()
    return g, entry.weight >= 2 or alt in _toponym_patterns(lexicon, m.category)


def _toponym_patterns(lexicon: Lexicon, category: str) -> frozenset[str]:
    """Return the lower-cased patterns of one (non-loaded) category's entries."""
    table = _ENTRY_CACHE.get(id(lexicon)) or {}
    key = f"__patterns__{category}"
    got = table.get(key)
    if got is None:
        got = frozenset(e.pattern.lower().lstrip("=") for e in lexicon.entries if e.category == category)
        if table:
            table[key] = got
    return got


_ENTRY_CACHE: dict[int, dict] = {}


def lexicon_entry(lexicon: Lexicon, entry_id: str):  # -> Entry | None
    """Return the lexicon entry with ``entry_id`` (or None)."""
    table = _ENTRY_CACHE.get(id(lexicon))
    if table is None or table.get("__lexicon__") is not lexicon:
        table = {e.id: e for e in lexicon.entries}
        table["__lexicon__"] = lexicon
        _ENTRY_CACHE.clear()
        _ENTRY_CACHE[id(lexicon)] = table
    return table.get(entry_id)


def scare_quote_matches(detected: DetectedDocument) -> list[Match]:
    """Return one match per scare quote voice analysis found, the span including its quote marks.

    Quotes a speaker is credited with (direct quotations) are never scare
    quotes; a scare quote nested in someone's quotation is in their voice.
    """
    parsed = detected.parsed
    text = parsed.text
    rep = parsed.repaired
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    sent_starts = [s.start for s in parsed.sentences]
    out = []
    from bisect import bisect_right
    for q in detected.voice.quotes:
        if q.kind != "scare":
            continue
        seg = seg_by_id.get(q.seg_id)
        if seg is None or not seg.is_prose or not is_scare_span(text, q.start, q.end, q.inner_start, q.inner_end):
            continue
        voice, speaker, _ = detected.voice.voice_of(seg, q.inner_start, q.inner_end)
        raw_start, raw_end = rep.raw_span(q.start, q.end)
        sent_idx = max(0, bisect_right(sent_starts, q.start) - 1)
        out.append(Match(parsed.doc.doc_id, seg.seg_id, sent_idx, seg.stance, seg.outlet, seg.kind,
                         q.start, q.end, raw_start, raw_end, text[q.start:q.end], "", SCARE_CATEGORY, "",
                         1.0, True, voice, speaker, True))
    return out


#: A verb just before the quote that credits someone with the quoted words ("what he calls a "terrorist" act").
_CREDITED_RE = re.compile(r"(?<!so-)\b(?:call(?:s|ed|ing)?|dub(?:s|bed)?|term(?:s|ed)?|describ(?:es|ed|ing)|"
                          r"label(?:s|led|ed)?|brand(?:s|ed)?|claim(?:s|ed)?|says?|said|vow(?:s|ed)?|"
                          r"declar(?:es|ed)|regrets?|denounc(?:es|ed)|urg(?:es|ed))\b[^.!?\n]{0,30}$", re.I)
_ANSWER_WORDS = frozenset({"yes", "no"})
_MINOR_WORDS = frozenset({"to", "of", "the", "and", "for", "a", "an", "in", "on", "with"})


def is_scare_span(text: str, start: int, end: int, inner_start: int, inner_end: int) -> bool:
    """Return False for quote marks that quote rather than distance, by cheap cues around the quote.

    Headline-style lines (short, no full stop) put quotations in quote marks;
    a verb of saying or naming just before it credits a speaker; a run of
    Capitalised Words is a title or slogan; a bare "yes"/"no" is an answer.
    """
    inner = text[inner_start:inner_end].strip(" ,.;:!?")
    words = inner.split()
    if not words or inner.lower() in _ANSWER_WORDS:
        return False
    if len(words) >= 2 and all(w[:1].isupper() or w in _MINOR_WORDS for w in words):
        return False
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line = text[ls:le if le >= 0 else len(text)].strip()
    if len(line.split()) <= 20 and not line.rstrip("\"\u201d\u2019'").endswith((".", "!", "?", ":")) \
            and ". " not in line:
        return False
    return not _CREDITED_RE.search(text, max(ls, start - 60), start)


def document_spans(detected: DetectedDocument, lexicon: Lexicon, detector: str = "both",
                   model: "SpanModel | None" = None, tokens: list | None = None) -> list[SpanRow]:
    """Return the span rows of one document in text order.

    ``detector``: ``lexicon`` gives every lexicon match (neutral markers
    included, with ``guideline_span`` False) and the scare quotes;
    ``model`` gives the learned model's spans and the scare quotes;
    ``both`` gives every lexicon match plus the model spans no lexicon match
    overlaps (a lexicon match the model also finds says ``both``).
    ``model`` defaults to the bundled model; ``tokens`` are the document's
    token features when already computed (training and cross-validation).
    """
    if detector not in DETECTORS:
        raise ValueError(f"detector must be one of {DETECTORS}, not {detector!r}")
    rows: list[SpanRow] = []
    lex_rows: list[SpanRow] = []
    for m in detected.matches:
        g, is_span = guideline_of(m, lexicon)
        lex_rows.append(SpanRow(m, g, "lexicon", "", is_span))
    scare = [SpanRow(m, SCARE_CATEGORY, "voice", "scare quote: short quoted term with no speaker", True)
             for m in scare_quote_matches(detected)]
    model_rows: list[SpanRow] = []
    if detector in ("model", "both"):
        if model is None:
            from framing.detect.spanmodel.model import load_model
            model = load_model()
        model_rows = model.span_rows(detected, lexicon, tokens)
    if detector == "lexicon":
        rows = lex_rows + _not_overlapping(scare, lex_rows)
    elif detector == "model":
        rows = model_rows + _not_overlapping(scare, model_rows)
    else:
        found = [(r.match.start, r.match.end) for r in model_rows]
        for r in lex_rows:
            hit = r.guideline_span and any(s < r.match.end and r.match.start < e for s, e in found)
            rows.append(SpanRow(r.match, r.guideline_category, "both" if hit else "lexicon", r.why,
                                r.guideline_span) if not hit else _both(r, model_rows))
        rows += _not_overlapping(model_rows, [r for r in lex_rows if r.guideline_span])
        rows += _not_overlapping(scare, rows)
    rows.sort(key=lambda r: (r.match.start, r.match.end))
    return rows


def _both(lex: SpanRow, model_rows: Iterable[SpanRow]) -> SpanRow:
    """Return a lexicon row the model also found, with the model's explanation."""
    m = lex.match
    why = next((r.why for r in model_rows if r.match.start < m.end and m.start < r.match.end), "")
    return SpanRow(m, lex.guideline_category, "both", why, lex.guideline_span)


def _not_overlapping(rows: Iterable[SpanRow], others: Iterable[SpanRow]) -> list[SpanRow]:
    """Return the rows of ``rows`` that overlap none of ``others``."""
    taken = [(o.match.start, o.match.end) for o in others]
    return [r for r in rows if not any(s < r.match.end and r.match.start < e for s, e in taken)]
