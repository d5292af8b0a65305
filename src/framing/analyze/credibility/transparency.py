"""Transparency per document part: byline, date, dateline, corrections notice, ownership and catalog metadata."""

from __future__ import annotations

import re
from typing import Mapping

from framing.analyze.credibility.records import EvidenceRows
from framing.analyze.credibility.rules import CORRECTION_RE, STATEMENT_KINDS
from framing.core.types import Document, Segment
from framing.detect.outlets import OutletList
from framing.text.parse import ParsedDocument

_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}),\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)\s*"
    r"(?:\((?P<credit>[^()]{1,40})\)|[-\u2013\u2014])")
_INFERRED_RE = re.compile(r"\b(?:date|month|year)\s+inferred\b|\binferred\b.*\bdate\b", re.I)

#: Catalog fields shown as cited metadata on each transparency unit.
_META_FIELDS = ("url", "genre", "rating", "rating_source", "rating_date")


def seg_meta(doc: Document, seg: Segment | None) -> dict[str, str]:
    """Return the catalog metadata for a segment: the document row overlaid by its part row."""
    meta = {k: v for k, v in doc.meta.items() if v}
    if seg is not None and "outlet" in seg.meta:
        meta.update({k: v for k, v in seg.meta.items() if v and k not in ("note", "part")})
    return meta


def _dateline(parsed: ParsedDocument, first: Segment | None) -> re.Match[str] | None:
    """Return the dateline match at the start of ``first``'s first sentence, if any."""
    if first is None:
        return None
    body = next((s for s in parsed.sentences if s.seg_id == first.seg_id), None)
    return _DATELINE_RE.match(body.text) if body is not None else None


def _date(dl: re.Match[str] | None, meta: Mapping[str, str]) -> tuple[str, str]:
    """Return ``(date, date_source)``: the dateline's date, else the catalog's (marked when inferred)."""
    if dl:
        return dl.group("date"), "text (dateline)"
    if meta.get("date"):
        inferred = bool(_INFERRED_RE.search(meta.get("notes", "")))
        return meta["date"], "catalog (inferred)" if inferred else "catalog"
    return "", ""


def _unit_evidence(evidence: EvidenceRows, seg: Segment, u: dict, dl: re.Match[str] | None,
                   corrections: re.Match[str] | None) -> None:
    """Add the evidence rows behind one transparency unit."""
    if u["byline"]:
        evidence.add("byline", seg, u["byline"], u["byline"], "", "byline line under the title")
    if u["authors"]:
        evidence.add("byline", seg, u["authors"], u["authors"], "catalog", "catalog authors")
    if dl:
        evidence.add("date", seg, dl.group(0).strip(), dl.group("date"), dl.group("credit") or "", "dateline")
    elif u["date"]:
        evidence.add("date", seg, u["date"], u["date"], "catalog", u["date_source"])
    if corrections:
        evidence.add("corrections_notice", seg, corrections.group(0), corrections.group(0), "",
                     "corrections notice")
    if u["ownership"]:
        evidence.add("ownership", seg, u["ownership"], u["ownership"], "catalog", "catalog ownership")
    if u["rating"]:
        evidence.add("rating", seg, u["rating"], u["rating"], u["rating_source"],
                     f"external rating, {u['rating_source'] or 'source not given'}, "
                     f"{u['rating_date'] or 'undated'}; cited metadata, not used in any score")


_UNKNOWN_OWNER_RE = re.compile(r"\b(?:anonymous|unknown|not known|unidentified)\b", re.I)


def _owner_known(ownership: str) -> bool:
    """Return True when the catalog names an owner ("anonymous forum users" names none)."""
    return bool(ownership) and not _UNKNOWN_OWNER_RE.search(ownership)


def add_transparency(parsed: ParsedDocument, outlets: OutletList, units: dict[tuple[str, str], dict],
                     evidence: EvidenceRows) -> None:
    """Add a transparency unit to ``units`` for each (doc, segment outlet) part of one document, with evidence.

    Byline: a boilerplate segment noted "byline" or catalog ``authors``.
    Date: a dateline in the text, else the catalog ``date`` (marked
    ``catalog (inferred)`` when the catalog notes say it was inferred).
    Dateline: "TEHRAN, Dec. 13 (Xinhua) --" at the start of the first statement.
    Corrections notice and ownership as found; ownership only from the catalog.
    (Links, the fifth transparency item, are counted per group in the frame.)
    """
    doc = parsed.doc
    text = parsed.text
    byline = next((s for s in parsed.segments if s.kind == "boilerplate" and s.meta.get("note") == "byline"), None)
    corrections = CORRECTION_RE.search(text)
    first_prose: dict[str, Segment] = {}
    for s in parsed.segments:
        if s.kind in STATEMENT_KINDS:
            first_prose.setdefault(s.outlet, s)
    for seg in parsed.segments:
        key = (doc.doc_id, seg.outlet)
        if key in units or seg.kind not in STATEMENT_KINDS:
            continue
        meta = seg_meta(doc, seg)
        own_row = "outlet" in seg.meta  # a catalog part row describes this part alone
        authors = meta.get("authors", "")
        byline_text = text[byline.start:byline.end] if (byline is not None and not own_row) else ""
        dl = _dateline(parsed, first_prose.get(seg.outlet))
        date, date_source = _date(dl, meta)
        has_byline = bool(byline_text or authors)
        has_date = bool(date) and date_source != "catalog (inferred)"
        ownership = meta.get("ownership", "")
        own = outlets.lookup(seg.outlet)
        u = {"stance": seg.stance, "byline": byline_text, "authors": authors, "date": date, "date_source": date_source,
             "dateline": dl.group(0).strip() if dl else "", "corrections_notice": bool(corrections),
             "ownership": ownership, **{f: meta.get(f, "") for f in _META_FIELDS},
             "outlet_type": own.type if own else "", "outlet_country": own.country if own else "",
             "transparency_items": int(has_byline) + int(has_date) + int(bool(dl)) + int(_owner_known(ownership)),
             "transparency_max": 4}
        units[key] = u
        _unit_evidence(evidence, seg, u, dl, corrections)
