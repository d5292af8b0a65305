"""Relays: whose copy a document carries -- wire credits, datelines, credit lines, rewrites.

:func:`find_relays` returns one :class:`Relay` per piece of evidence that the
text is another outlet's copy (a repost, a syndicated wire story) or a rewrite
of another outlet's report.  Evidence, in the order it is looked for:

* ``credit`` -- a wire credit in the lead: ``MOSCOW, July 17. /TASS/.``,
  ``LONDON (AP) —``, ``(Bloomberg) --``, ``MOSCOW/KIEV, March 1 (Xinhua) --``,
  ``BEIJING, April 26, 2023 /PRNewswire/ --``, or a header line
  ``Reuters | Moscow | Updated: ...`` / ``RT Published September 28, 2022``;
* ``source_line`` -- a ``Source: X`` / ``SOURCE: X`` line naming a listed
  outlet or body ("Source: Russian Foreign Ministry", "SOURCE: DW");
* ``feed`` -- an RSS mirror's ``Feed Title`` / ``Feed Link`` line;
* ``house_style`` -- a phrase only one outlet prints (``voice/house_style.csv``:
  "Support Ukrainska Pravda on Patreon!", Reuters' "(Reporting by ... Editing by");
* ``pasted`` -- a ``quoted_article`` segment (catalog) whose outlet is listed:
  a forum post pasting an article;
* ``rewrite`` -- attribution frames (rule 2 of :mod:`framing.detect.voice`) citing
  the same news outlet at least :data:`REWRITE_MIN_FRAMES` times ("..., Ukrinform
  reports." ... "As Ukrinform reported earlier"), or once in the headline
  ("... - Bloomberg reports"), or by "with reference to" / "referring to".

Names resolve against ``lexicons/outlets.csv``; only credits naming a listed
outlet count, and rewrites count only for news outlets (not government
bodies, think tanks or forums: a report that quotes a ministry is journalism,
not a copy).  **Self-citation never counts**: an outlet that is the
document's own -- its catalog ``outlet`` or the outlet whose domain is the
host of its ``url`` -- is no relay ("told TASS" on tass.com).  A lead credit
covers the whole text (every uncredited sentence is the credited outlet's copy).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.detect.outlets import Outlet, OutletList, load_outlets
from framing.detect.voice import VoiceResult, analyze_voice
from framing.text.parse import ParsedDocument

__all__ = ["Relay", "find_relays", "RELAY_KINDS", "REWRITE_MIN_FRAMES"]

#: Kinds of relay evidence, strongest first.
RELAY_KINDS = ("credit", "source_line", "feed", "house_style", "pasted", "rewrite")
#: A news outlet cited by this many frames makes the text a rewrite of it.
REWRITE_MIN_FRAMES = 2
#: Where a lead credit may stand (characters from the start of the text).
LEAD_CHARS = 700
#: Outlet types whose reports can be rewritten (a rewrite of a ministry statement is reporting).
NEWS_TYPES = frozenset({"state_media", "wire", "independent_media"})
HOUSE_STYLE_FILE = "voice/house_style.csv"

_NAME = r"[A-Z][\w.&'\u2019\-]*(?:\s+[A-Z][\w.&'\u2019\-]*){0,3}"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_CREDIT_RES = (
    re.compile(r"/(?P<who>[A-Z][A-Za-z\-]{1,20})/\.?\s"),                              # /TASS/.
    re.compile(r"\((?P<who>" + _NAME + r")\)\s*(?:--|\u2014|\u2013|-)\s"),            # (AP) —
    re.compile(r"^[ \t]*(?P<who>" + _NAME + r")[ \t]+\|[ \t]+[A-Z][^|\n]{0,40}\|[ \t]+(?:Updated|Created|Published)",
               re.M),                                                                  # Reuters | Moscow | Updated
    re.compile(r"^[ \t]*(?P<who>" + _NAME + r")[ \t]+Published[ \t]+" + _MONTHS, re.M),  # RT Published September
)
_SOURCE_LINE_RE = re.compile(r"^[ \t]*(?:Source|SOURCE)[ \t]*:[ \t]*(?P<who>[^\n]{2,80}?)[ \t]*$", re.M)
_FEED_RE = re.compile(r"^[ \t]*Feed (?:Title|Link)[ \t]+(?P<who>[^\n]{2,120})$", re.M)
_REFERENCE_RE = re.compile(r"\b(?:with reference to|referring to)\s+(?P<who>(?:the\s+)?" + _NAME + r")")


@dataclass(frozen=True)
class Relay:
    """One piece of evidence that a document carries another outlet's copy.

    ``original`` is the outlets.csv name of the outlet relayed; ``kind`` is one
    of :data:`RELAY_KINDS`; ``evidence`` is the text that shows it, at
    ``start:end`` of the parsed (repaired) text.
    """

    doc_id: str
    original: str
    kind: str
    evidence: str
    start: int
    end: int


def own_outlets(parsed: ParsedDocument, outlets: OutletList) -> frozenset[str]:
    """Return the outlets.csv names that are the document's own (catalog outlet, URL host)."""
    own: set[str] = set()
    meta = parsed.doc.meta
    o = outlets.lookup(meta.get("outlet", "")) if meta.get("outlet") else None
    if o is not None:
        own.add(o.name)
    if meta.get("url"):
        o = outlets.resolve_url(meta["url"])
        if o is not None:
            own.add(o.name)
    return frozenset(own)


def find_relays(parsed: ParsedDocument, outlets: OutletList | None = None,
                voice: VoiceResult | None = None) -> list[Relay]:
    """Return the relay evidence of one document, one :class:`Relay` per (outlet, kind), in text order.

    ``voice`` is the document's voice analysis (computed when not given);
    outlets default to ``lexicons/outlets.csv`` of the lexicons in use.  Empty
    for a text that credits nobody but itself.
    """
    outlets = outlets or load_outlets()
    text = parsed.text
    own = own_outlets(parsed, outlets)
    doc_id = parsed.doc.doc_id
    found: dict[tuple[str, str], Relay] = {}

    def add(o: Outlet | None, kind: str, start: int, end: int) -> None:
        if o is None or o.name in own:
            return  # unknown names and self-citation are no relay
        found.setdefault((o.name, kind), Relay(doc_id, o.name, kind, " ".join(text[start:end].split()),
                                               start, end))

    lead = text[:LEAD_CHARS]
    for rx in _CREDIT_RES:
        for m in rx.finditer(lead):
            add(outlets.lookup(m.group("who")) or outlets.resolve(m.group("who")), "credit", *m.span())
    for m in _SOURCE_LINE_RE.finditer(text):
        who = m.group("who").strip(" .")
        add(outlets.lookup(who) or outlets.resolve(who.split(",")[0]), "source_line", *m.span())
    for m in _FEED_RE.finditer(text):
        add(outlets.resolve(m.group("who")), "feed", *m.span())
    for phrase, name in _house_style():
        i = text.find(phrase)
        if i >= 0:
            add(outlets.get(name), "house_style", i, i + len(phrase))
    for seg in parsed.segments:
        if seg.kind == "quoted_article":
            add(outlets.lookup(seg.outlet), "pasted", seg.start, min(seg.end, seg.start + 80))
    _rewrites(parsed, outlets, voice or analyze_voice(parsed), add)
    return sorted(found.values(), key=lambda r: (r.start, RELAY_KINDS.index(r.kind)))


def _rewrites(parsed: ParsedDocument, outlets: OutletList, voice: VoiceResult, add) -> None:
    """Add ``rewrite`` rows: news outlets cited by enough frames, by the headline, or "with reference to"."""
    text = parsed.text
    kinds = {s.seg_id: s.kind for s in parsed.segments}
    cited: dict[str, list] = {}
    for a in voice.attributions:
        o = outlets.resolve(a.source) if a.source else None
        if o is None or o.type not in NEWS_TYPES:
            continue
        cited.setdefault(o.name, []).append((a, o))
    for name, items in cited.items():
        headline = [x for x in items if kinds.get(x[0].seg_id) == "title"]
        if len(items) >= REWRITE_MIN_FRAMES or headline:
            a, o = (headline or items)[0]
            add(o, "rewrite", a.start, a.end)
    for m in _REFERENCE_RE.finditer(text):
        o = outlets.resolve(m.group("who"))
        if o is not None and o.type in NEWS_TYPES:
            add(o, "rewrite", *m.span())


@lru_cache(maxsize=4)
def _house_style_rows(path: str, _mtime: float) -> tuple[tuple[str, str], ...]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return tuple((r["phrase"], r["outlet"]) for r in csv.DictReader(f)
                     if r.get("phrase") and not r["phrase"].startswith("#"))


def _house_style() -> tuple[tuple[str, str], ...]:
    """Return ``(phrase, outlet name)`` of ``voice/house_style.csv`` (lexicons in use, else bundled)."""
    from framing.core.config import _bundled, lexicons_dir
    path = Path(lexicons_dir()) / HOUSE_STYLE_FILE
    if not path.is_file():
        path = _bundled("lexicons") / HOUSE_STYLE_FILE
    return _house_style_rows(str(path), path.stat().st_mtime)
