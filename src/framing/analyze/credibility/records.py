"""The records the credibility stage builds: resolved sources, cited items, per-sentence facts, and their bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol

import pandas as pd

from framing.core.errors import Problem
from framing.detect.outlets import OfficialList, OutletList

#: Columns of :func:`framing.analyze.credibility.credibility_evidence`.
EVIDENCE_COLUMNS = ["indicator", "doc_id", "seg_id", "sent_idx", "stance", "outlet", "text", "span",
                    "source", "detail", "start", "end"]

#: Columns of :func:`framing.analyze.credibility.endnote_sources`.
ENDNOTE_COLUMNS = ["doc_id", "stance", "citing_outlet", "number", "authors", "title", "outlet_raw", "outlet",
                   "type", "country", "party_to_conflict", "state", "primary", "primary_rule", "date", "url",
                   "host", "raw"]


class Placed(Protocol):
    """Anything with a place in a document part: a segment, a sentence's facts, a cited item."""

    @property
    def doc_id(self) -> str: ...
    @property
    def seg_id(self) -> str: ...
    @property
    def stance(self) -> str: ...
    @property
    def outlet(self) -> str: ...


class EvidenceRows(list[dict]):
    """The evidence rows gathered so far, one dict per :data:`EVIDENCE_COLUMNS` row, in the order found."""

    def add(self, indicator: str, at: Placed, text: str, span: str = "", source: str = "", detail: str = "",
            start: int = -1, end: int = -1, sent_idx: int = -1) -> None:
        """Append one row placed at ``at``'s document part."""
        self.append({"indicator": indicator, "doc_id": at.doc_id, "seg_id": at.seg_id, "sent_idx": sent_idx,
                     "stance": at.stance, "outlet": at.outlet, "text": text, "span": span, "source": source,
                     "detail": detail, "start": start, "end": end})


@dataclass(frozen=True)
class SourceRef:
    """A cited source resolved against outlets.csv and officials.csv.

    ``type`` is an outlet type, ``official``, ``named`` (a named source the
    lists do not know) or ``unknown`` (an endnote or link we cannot place).
    ``state`` is True for state media, government bodies and officials of a
    party to the conflict.
    """

    name: str
    type: str
    country: str = ""
    party_to_conflict: bool | None = None
    state: bool = False


@dataclass(frozen=True)
class CitedItem:
    """One act of citing: an attribution frame, an endnote work or a link, with its place."""

    doc_id: str
    seg_id: str
    stance: str
    outlet: str
    sent_idx: int
    via: str            # attribution | endnote | link
    raw: str            # the source as written (frame source, endnote outlet, URL)
    source: SourceRef
    text: str           # the sentence, or the reference text
    detail: str
    start: int = -1
    end: int = -1


@dataclass
class SentenceFacts:
    """What one sentence shows about its sourcing; filled in by :mod:`framing.analyze.credibility.facts`."""

    doc_id: str
    seg_id: str
    sent_idx: int
    stance: str
    outlet: str
    kind: str
    text: str
    start: int
    end: int
    tokens: int
    factual: bool = False
    sources: dict[str, str] = field(default_factory=dict)   # name -> detail (named attribution)
    refs: dict[str, SourceRef] = field(default_factory=dict)  # name -> resolved source
    vague: list[str] = field(default_factory=list)          # details
    notes: list[int] = field(default_factory=list)          # endnote numbers
    links: list[str] = field(default_factory=list)          # URLs
    relays: dict[str, str] = field(default_factory=dict)    # outlet name -> detail
    claim_reasons: list[str] = field(default_factory=list)
    loaded_plain: float = 0.0   # own-voice loaded weight outside scare quotes
    hedges_own: int = 0         # hedges in the outlet's own voice (not a quoted speaker's)
    boosters_own: int = 0

    @property
    def attributed(self) -> bool:
        """Return True when a named source is credited with the sentence."""
        return bool(self.sources)

    @property
    def cited(self) -> bool:
        """Return True when the sentence carries an endnote marker or a link."""
        return bool(self.notes or self.links)

    @property
    def sourced(self) -> bool:
        """Return True when the sentence is attributed or cited."""
        return self.attributed or self.cited


@dataclass(frozen=True)
class CredibilityFacts:
    """Everything the credibility aggregates read, computed once per analysis.

    ``sentences`` (per-sentence facts), ``items`` (every cited item),
    ``endnotes`` (one row per endnote work), ``evidence`` (one row per piece of
    evidence), ``units`` (transparency and metadata per document part), and the
    outlet and official lists used.
    """

    sentences: tuple[SentenceFacts, ...]
    items: tuple[CitedItem, ...]
    endnotes: pd.DataFrame
    evidence: pd.DataFrame
    units: Mapping[tuple[str, str], dict]
    signals: tuple[dict, ...]
    doc_meta: Mapping[str, Mapping[str, str]]
    outlets: OutletList
    officials: OfficialList
    problems: tuple[Problem, ...]
