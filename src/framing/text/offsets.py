"""Apply edits to text while keeping a map back to the original offsets.

Repair steps return :class:`~framing.core.types.Edit` lists instead of new strings so
that every character of the repaired text can be traced to the original file
(external annotations and the "show in original" view need this).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from framing.core.types import Edit


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise map from positions in a new text to positions in the text it came from.

    ``pieces`` holds ``(new_start, new_end, old_start, old_end, copied)``;
    copied pieces map one-to-one, replaced pieces map onto their old span.
    """

    pieces: tuple[tuple[int, int, int, int, bool], ...]
    new_length: int
    old_length: int

    def to_old(self, pos: int) -> int:
        """Return the old-text offset corresponding to new-text offset ``pos``."""
        if not self.pieces:
            return min(pos, self.old_length)
        starts = _starts(self)
        i = max(0, bisect_right(starts, pos) - 1)
        ns, ne, os_, oe, copied = self.pieces[i]
        if pos >= ne:
            return oe if pos == ne else self.old_length
        delta = pos - ns
        if copied:
            return os_ + delta
        return min(os_ + delta, oe)


_START_CACHE: dict[int, list[int]] = {}


def _starts(m: OffsetMap) -> list[int]:
    key = id(m)
    starts = _START_CACHE.get(key)
    if starts is None or len(starts) != len(m.pieces):
        starts = [p[0] for p in m.pieces]
        if len(_START_CACHE) > 4096:
            _START_CACHE.clear()
        _START_CACHE[key] = starts
    return starts


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Return ``(new_text, map)`` after applying non-overlapping ``edits`` to ``text``.

    Edits are sorted by position; an edit that overlaps an earlier one is
    dropped (repair rules are independent, so the first rule to claim a span wins).
    """
    out: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    pos = 0
    new = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        if e.start > pos:
            chunk = text[pos:e.start]
            out.append(chunk)
            pieces.append((new, new + len(chunk), pos, e.start, True))
            new += len(chunk)
        if e.text and e.source >= 0:
            out.append(e.text)
            pieces.append((new, new + len(e.text), e.source, e.source + len(e.text), True))
            new += len(e.text)
        elif e.text:
            out.append(e.text)
            pieces.append((new, new + len(e.text), e.start, e.end, False))
            new += len(e.text)
        pos = e.end
    if pos < len(text):
        chunk = text[pos:]
        out.append(chunk)
        pieces.append((new, new + len(chunk), pos, len(text), True))
        new += len(chunk)
    return "".join(out), OffsetMap(tuple(pieces), new, len(text))


@dataclass(frozen=True)
class OffsetChain:
    """A sequence of maps, newest last; maps repaired offsets back to the raw file text."""

    maps: tuple[OffsetMap, ...] = ()

    def to_raw(self, pos: int) -> int:
        """Return the offset in the original file text for repaired offset ``pos``."""
        for m in reversed(self.maps):
            pos = m.to_old(pos)
        return pos

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw ``(start, end)`` covering repaired ``[start, end)``."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1
