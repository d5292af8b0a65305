"""A researcher's corrections of detected spans, turned into guideline-format training data.

Two kinds of correction (:class:`Correction`):

* ``reject``: a detected span is a false positive;
* ``add``: a span the detectors missed (exact phrase, one of the guideline's
  eight categories, voice and speaker).

The guideline format (``file,start,end,text,category,voice,speaker``) has
only positive spans: a file with no row is span-free, and ``framing train``
learns every token outside a listed span as "not a span".  So a false
positive cannot be written as a row of its own; it is expressed by *leaving
it out*.  For each corrected document the export lists its **accepted
spans**: the detected guideline spans minus the rejected ones plus the added
ones (overlaps resolved as the guideline wants: spans never overlap).
Training on that file then learns both kinds of correction.  Uncorrected
documents are not exported (the detector's own output is no evidence).

Offsets in the export are into the document's *original* text (what the
guideline counts); :func:`training_bundle` also writes that text, so
``framing train --spans spans.csv --articles articles/`` trains on exactly
the corrected documents.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from framing.core.errors import InputError
from framing.detect.lexicon import GUIDELINE_CATEGORIES
from framing.text.annotations import GoldSpan, guideline_csv_text
from framing.text.parse import ParsedDocument

ACTIONS = ("reject", "add")
VOICES = ("own", "quoted")
#: Columns of a saved corrections file (one row per correction).
CORRECTION_FIELDS = ("doc_id", "action", "start", "end", "raw_start", "raw_end", "text", "category", "voice",
                     "speaker", "detector")


@dataclass(frozen=True)
class Correction:
    """One correction of one document: a rejected detected span or an added missed span.

    ``start``/``end`` are offsets into the repaired text the reader shows,
    ``raw_start``/``raw_end`` into the original file text (the guideline's
    offsets); ``text`` is the repaired-text slice, kept so a correction can
    be checked against a changed document.
    """

    doc_id: str
    action: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    category: str = ""
    voice: str = "own"
    speaker: str = ""
    detector: str = ""


def reject(row: Mapping) -> Correction:
    """Return the correction that marks the detected span ``row`` (an ``Analysis.matches()`` row) as a false positive."""
    return Correction(str(row["doc_id"]), "reject", int(row["start"]), int(row["end"]), int(row["raw_start"]),
                      int(row["raw_end"]), str(row["text"]), str(row.get("guideline_category") or ""),
                      str(row.get("voice") or "own"), _s(row.get("speaker")), str(row.get("detector") or ""))


def add_span(parsed: ParsedDocument, sent_start: int, sent_end: int, phrase: str, category: str,
             voice: str = "own", speaker: str = "", occurrence: int = 1) -> Correction:
    """Return the correction that adds ``phrase`` (its ``occurrence``-th appearance in the sentence) as a missed span.

    ``sent_start``/``sent_end`` are the sentence's offsets in the repaired
    text.  The phrase must appear in it exactly as typed (case and spaces
    included; surrounding blanks are dropped).  Raises :class:`InputError`
    with the fix when it does not, or when the category or voice is not one
    of the guideline's.
    """
    phrase = phrase.strip()
    if category not in GUIDELINE_CATEGORIES:
        raise InputError(f"category {category!r} is not one of the guideline's", fix="use one of "
                         + ", ".join(GUIDELINE_CATEGORIES))
    if voice not in VOICES:
        raise InputError(f"voice {voice!r} is not own or quoted", fix="choose own or quoted")
    if not phrase:
        raise InputError("the phrase is empty", fix="type the exact words of the span as they appear in the sentence")
    sentence = parsed.text[sent_start:sent_end]
    found = [m.start() for m in re.finditer(re.escape(phrase), sentence)]
    if not found:
        raise InputError(f"{phrase!r} does not appear in the chosen sentence",
                         fix="copy the words exactly as the sentence has them (case and punctuation included)")
    if not 1 <= occurrence <= len(found):
        raise InputError(f"the sentence has {len(found)} occurrence(s) of {phrase!r}, not {occurrence}",
                         fix=f"choose an occurrence from 1 to {len(found)}")
    s = sent_start + found[occurrence - 1]
    e = s + len(phrase)
    rs, re_ = parsed.repaired.raw_span(s, e)
    return Correction(parsed.doc.doc_id, "add", s, e, rs, re_, phrase, category, voice,
                      speaker.strip() if voice == "quoted" else "", "correction")


def _s(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def same_span(c: Correction, row: Mapping) -> bool:
    """Return True when correction ``c`` is about the detected span ``row`` (same document and offsets)."""
    return c.doc_id == str(row["doc_id"]) and c.start == int(row["start"]) and c.end == int(row["end"])


def corrected_ids(corrections: Iterable[Correction]) -> list[str]:
    """Return the ids of the corrected documents, in the order they were first corrected."""
    return list(dict.fromkeys(c.doc_id for c in corrections))


def article_name(doc_id: str) -> str:
    """Return the file name a document's text gets in a training bundle (``<doc_id>.txt``, made file-safe)."""
    return re.sub(r"[^\w.-]+", "_", doc_id).strip("._") + ".txt" if doc_id else "document.txt"


def accepted_spans(spans: pd.DataFrame, parsed: ParsedDocument, corrections: Sequence[Correction],
                   file: str | None = None) -> list[GoldSpan]:
    """Return one document's accepted spans in guideline form: detected minus rejected plus added.

    ``spans`` are the document's ``Analysis.matches()`` rows; only guideline
    spans count (neutral markers such as "according to" are not spans under
    the guideline).  Added spans win over detected ones they overlap; among
    detected spans the longer one is kept (spans never overlap).  Offsets
    and text are the original file's; ``file`` defaults to
    :func:`article_name`.
    """
    doc_id = parsed.doc.doc_id
    mine = [c for c in corrections if c.doc_id == doc_id]
    rejected = {(c.start, c.end) for c in mine if c.action == "reject"}
    raw = parsed.doc.raw
    name = file or article_name(doc_id)
    chosen: list[tuple[int, int, str, str, str]] = [
        (c.raw_start, c.raw_end, c.category, c.voice, c.speaker) for c in mine if c.action == "add"]
    rows = spans[(spans["doc_id"] == doc_id)] if not spans.empty else spans
    detected = []
    for r in rows.to_dict("records"):
        g = _s(r.get("guideline_category"))
        if not g or not bool(r.get("guideline_span", True)) or (int(r["start"]), int(r["end"])) in rejected:
            continue
        detected.append((int(r["raw_start"]), int(r["raw_end"]), g, _s(r.get("voice")) or "own",
                         _s(r.get("speaker")) if _s(r.get("voice")) == "quoted" else ""))
    for d in sorted(detected, key=lambda x: (-(x[1] - x[0]), x[0])):
        if not any(d[0] < o[1] and o[0] < d[1] for o in chosen):
            chosen.append(d)
    return [GoldSpan(name, s, e, raw[s:e], cat, voice, speaker)
            for s, e, cat, voice, speaker in sorted(chosen) if e > s]


def training_spans(spans: pd.DataFrame, parsed: Iterable[ParsedDocument], corrections: Sequence[Correction],
                   prefix: str = "articles/") -> list[GoldSpan]:
    """Return the accepted spans of every corrected document (file column ``prefix + article_name``)."""
    by_id = {p.doc.doc_id: p for p in parsed}
    out: list[GoldSpan] = []
    for doc_id in corrected_ids(corrections):
        if doc_id in by_id:
            out += accepted_spans(spans, by_id[doc_id], corrections, prefix + article_name(doc_id))
    return out


def training_csv(spans: pd.DataFrame, parsed: Iterable[ParsedDocument], corrections: Sequence[Correction],
                 prefix: str = "articles/") -> str:
    """Return the guideline CSV text of the corrected documents' accepted spans (see :func:`training_spans`)."""
    return guideline_csv_text(training_spans(spans, parsed, corrections, prefix))


BUNDLE_README = """Corrections exported from the framing dashboard, in the annotation guideline's format.

spans.csv   the accepted spans of each corrected document: detected spans minus the ones marked
            as false positives, plus the ones added (file,start,end,text,category,voice,speaker;
            offsets into the files in articles/, read as UTF-8 with newlines untranslated)
articles/   the original text of each corrected document

Train a span model on them and use it:

  framing train --spans spans.csv --articles articles --format guideline --out my_model.json
  framing spans NEWS_FOLDER --detector model --model my_model.json
"""


def training_bundle(spans: pd.DataFrame, parsed: Iterable[ParsedDocument], corrections: Sequence[Correction]
                    ) -> bytes:
    """Return a zip with ``spans.csv``, ``articles/<doc>.txt`` (original texts) and a README, ready for ``framing train``."""
    parsed = list(parsed)
    by_id = {p.doc.doc_id: p for p in parsed}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("spans.csv", training_csv(spans, parsed, corrections))
        z.writestr("README.txt", BUNDLE_README)
        for doc_id in corrected_ids(corrections):
            if doc_id in by_id:
                # Encoded as UTF-8 without newline translation: the offsets count this text.
                z.writestr("articles/" + article_name(doc_id), by_id[doc_id].doc.raw.encode("utf-8"))
    return buf.getvalue()


def corrections_frame(corrections: Iterable[Correction]) -> pd.DataFrame:
    """Return the corrections as a DataFrame (:data:`CORRECTION_FIELDS`), one row per correction."""
    return pd.DataFrame([asdict(c) for c in corrections], columns=list(CORRECTION_FIELDS))


def save_corrections(corrections: Iterable[Correction], path: Path | str) -> Path:
    """Write the corrections to ``path`` as CSV (:data:`CORRECTION_FIELDS`) and return the path."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CORRECTION_FIELDS)
        for c in corrections:
            d = asdict(c)
            w.writerow([d[f] for f in CORRECTION_FIELDS])
    return path


def load_corrections(path: Path | str) -> list[Correction]:
    """Return the corrections saved at ``path`` by :func:`save_corrections`.

    Raises :class:`InputError` naming the file and line for a missing column,
    an unknown action or a bad offset.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("corrections file not found", path, fix="give the CSV written by Save corrections")
    ints = {"start", "end", "raw_start", "raw_end"}
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [f for f in CORRECTION_FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", path, 1,
                             "use the header " + ",".join(CORRECTION_FIELDS))
        for n, row in enumerate(reader, 2):
            if row["action"] not in ACTIONS:
                raise InputError(f"action {row['action']!r} is not reject or add", path, n, "use reject or add")
            try:
                offsets = [int(row[f]) for f in ("start", "end", "raw_start", "raw_end")]
            except (TypeError, ValueError):
                raise InputError("start/end/raw_start/raw_end are not integers", path, n,
                                 "give character offsets") from None
            text = {f: row[f] or "" for f in CORRECTION_FIELDS if f not in ints}
            s, e, rs, re_ = offsets
            out.append(Correction(text["doc_id"], text["action"], s, e, rs, re_, text["text"], text["category"],
                                  text["voice"] or "own", text["speaker"], text["detector"]))
    return out


def stale(corrections: Iterable[Correction], parsed: Iterable[ParsedDocument]) -> list[Correction]:
    """Return the corrections whose text no longer matches their document (edited file or another corpus)."""
    by_id = {p.doc.doc_id: p for p in parsed}
    return [c for c in corrections if c.doc_id not in by_id or by_id[c.doc_id].text[c.start:c.end] != c.text]
