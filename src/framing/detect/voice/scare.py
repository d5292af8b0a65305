"""Rule 4: scare quotes -- short, unattributed, repeated or listed quoted terms."""

from __future__ import annotations

from typing import Mapping

from framing.detect.voice.patterns import (
    APOS_FOLD,
    FINAL_PUNCT_RE,
    LIST_GAP_RE,
    LIST_SCARE_MAX_WORDS,
    REPEAT_MIN,
    SCARE_MAX_WORDS,
    SPACE_RE,
)
from framing.detect.voice.records import RawQuote


def phrase_key(text: str, q: RawQuote) -> str:
    return SPACE_RE.sub(" ", text[q.inner_start:q.inner_end].translate(APOS_FOLD)
                         .lower().strip(" \t\n.,;:!?\u2026")).strip()


def _listed(text: str, a: RawQuote, b: RawQuote) -> bool:
    """Return True when quote ``b`` follows ``a`` as the next item of a list."""
    return 0 <= b.start - a.end <= 16 and LIST_GAP_RE.fullmatch(text, a.end, b.start) is not None


def classify_quotes(text: str, quotes: list[RawQuote], counts: Mapping[str, int]) -> None:
    """Set ``kind`` to ``scare`` or ``direct`` on each quote (rule 4)."""
    def no_final(q: RawQuote) -> bool:
        return not FINAL_PUNCT_RE.search(text, q.inner_start, q.inner_end) and not q.orphan

    def shortish(q: RawQuote, limit: int) -> bool:
        return 0 < q.words <= limit and no_final(q) and not q.introduced and not q.adjacent

    for q in quotes:
        q.kind = "direct"
        if shortish(q, SCARE_MAX_WORDS) and (not q.covered
                                             or counts.get(phrase_key(text, q), 0) >= REPEAT_MIN):
            q.kind = "scare"
    # Lists of quotes: "“diplomatic missions”, “consular offices” and “...”".
    i = 0
    while i < len(quotes):
        j = i
        while j + 1 < len(quotes) and _listed(text, quotes[j], quotes[j + 1]):
            j += 1
        group = quotes[i:j + 1]
        if len(group) >= 2 and all(shortish(q, LIST_SCARE_MAX_WORDS) and not q.by_person
                                   for q in group) and any(q.words <= SCARE_MAX_WORDS for q in group):
            # A list inside a person's reported words ("Putin blamed Kyiv for a
            # “senseless” and “cruel” attack") quotes that person's words.
            for q in group:
                q.kind = "scare"
        i = j + 1
    for q in quotes:
        if q.kind == "scare":
            q.speaker = ""
