"""Frozen dataclasses shared by all stages.

Offsets: every ``start``/``end`` is a character offset into the *repaired*
text of its document (end exclusive) unless the field name says ``raw_``,
which means an offset into the original file text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Mapping

#: Segment kinds, in the order the design lists them.  Only the PROSE_KINDS are
#: read as running prose by later stages; the rest are kept but not counted.
SEGMENT_KINDS = ("body", "quoted_article", "comment", "pull_quote", "summary",
                 "boilerplate", "references", "title")
PROSE_KINDS = frozenset({"title", "body", "quoted_article", "comment"})

UNKNOWN = "unknown"

META_FIELDS = ("outlet", "stance", "genre", "date", "url", "title", "notes",
               "ownership", "authors", "rating", "rating_source", "rating_date")


def frozen_map(d: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """Return a read-only mapping copy of ``d`` (for metadata inside frozen records)."""
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class Document:
    """One input document as read from disk, before any repair."""

    doc_id: str
    path: str
    sha256: str
    raw: str
    meta: Mapping[str, str] = field(default_factory=frozen_map)

    @property
    def stance(self) -> str:
        """Return the document-level stance from the catalog, or ``unknown``."""
        return self.meta.get("stance") or UNKNOWN

    @property
    def outlet(self) -> str:
        """Return the document-level outlet from the catalog, or ``unknown``."""
        return self.meta.get("outlet") or UNKNOWN


@dataclass(frozen=True)
class Edit:
    """Replace ``raw[start:end]`` with ``text`` (used by repair functions)."""

    start: int
    end: int
    text: str
    reason: str = ""
    #: When the replacement is text moved from elsewhere in the input, its
    #: start there, so offsets inside it still map back to the original.
    source: int = -1


@dataclass(frozen=True)
class Region:
    """A span of repaired text that a repair step recognised (pull quote, boilerplate, ...)."""

    start: int
    end: int
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Citation:
    """A footnote marker removed from the text: reference ``number`` cited at ``position``."""

    number: int
    position: int


@dataclass(frozen=True)
class Reference:
    """One parsed endnote (a document may cite several works in one note)."""

    number: int
    authors: str
    title: str
    outlet: str
    date: str
    url: str
    raw: str


@dataclass(frozen=True)
class Segment:
    """A contiguous part of a document with one kind and one stance."""

    doc_id: str
    seg_id: str
    index: int
    kind: str
    stance: str
    outlet: str
    start: int
    end: int
    speaker: str = ""
    meta: Mapping[str, str] = field(default_factory=frozen_map)

    @property
    def is_prose(self) -> bool:
        """Return True when later stages should read and count this segment."""
        return self.kind in PROSE_KINDS


@dataclass(frozen=True)
class Sentence:
    """A sentence inside one segment, with its word-token spans."""

    doc_id: str
    seg_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Quote:
    """A quotation in the text: ``direct`` speech or a ``scare`` quote (distancing).

    ``start``/``end`` include the quote marks; ``inner_start``/``inner_end`` do not.
    """

    doc_id: str
    seg_id: str
    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str
    speaker: str = ""


@dataclass(frozen=True)
class Attribution:
    """A reporting frame ("according to TASS", "the CNS pointed out") in one sentence.

    ``sent_idx`` indexes ``ParsedDocument.sentences``; ``start``/``end`` cover
    the frame; ``reported_start``/``reported_end`` cover the reported content.
    ``named`` is False for vague sources ("observers", "it is believed").
    """

    doc_id: str
    seg_id: str
    sent_idx: int
    start: int
    end: int
    source: str
    verb: str
    named: bool
    resolved: str
    reported_start: int
    reported_end: int


@dataclass(frozen=True)
class Match:
    """One lexicon match with its place, entry and voice."""

    doc_id: str
    seg_id: str
    sent_idx: int
    stance: str
    outlet: str
    seg_kind: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    entry_id: str
    category: str
    technique: str
    weight: float
    loaded: bool
    voice: str
    speaker: str = ""
    scare_quote: bool = False


#: The columns of a match table, in :class:`Match` field order: the notebook's
#: ``Analysis.matches()``, the store's match export and the store's ``matches``
#: rows (after their key) all follow it.
MATCH_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Match))


@dataclass(frozen=True)
class SegmentRule:
    """A catalog row that assigns kind/stance/outlet to one part of a document.

    ``part`` counts the text chunks between separator lines (1-based);
    ``split`` is ``whole`` (one segment) or ``lines`` (one segment per line,
    as for forum replies).
    """

    part: int
    split: str = "whole"
    kind: str = ""
    stance: str = ""
    outlet: str = ""
    speaker: str = ""
    meta: Mapping[str, str] = field(default_factory=frozen_map)
