"""Records the voice rules build while they read one document (internal)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol


@dataclass(frozen=True)
class Source:
    """A classified source noun phrase."""

    text: str          # as written (apostrophes folded)
    kind: str          # person | name | org | vague | pronoun
    resolved: str      # canonical label, "" when unknown
    named: bool
    gender: str = ""   # "m" | "f" | ""


@dataclass
class Frame:
    """An attribution frame under construction (becomes an Attribution)."""

    sent_idx: int
    start: int
    end: int
    verb: str
    source: Source
    rstart: int
    rend: int
    backward: bool = False      # content is the text before the frame
    quote_at: int = -1          # a quote opens right after the verb at this offset
    kind: str = "subject"


@dataclass
class RawQuote:
    """A quote under construction: offsets plus the evidence rule 4 needs."""

    start: int
    end: int            # exclusive, includes the closing mark
    inner_start: int
    inner_end: int
    words: int = 0
    kind: str = "direct"
    speaker: str = ""
    introduced: bool = False
    covered: bool = False
    by_person: bool = False     # the covering frame's source is a person (rule 4's list exception)
    adjacent: bool = False
    orphan: bool = False


class Antecedents(Protocol):
    """Pronoun antecedent candidates of a segment (``frames.Cands``), as the source rules read them."""

    def walk(self, pos: int) -> Iterable[tuple[int, Source]]:
        """Yield ``(position, source)`` for candidates before ``pos``, most recent first."""
        ...

    def known(self, pos: int) -> Iterable[tuple[int, Source]]:
        """As :meth:`walk`, but only sources already read (no sentence subject is read for it)."""
        ...
