"""Rule 1: direct quotes -- pairing double and single quotation marks inside a paragraph."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

from framing.core.types import Segment
from framing.detect.voice.patterns import (
    CLOSE_AFTER,
    CLOSE_DQ,
    DQ_RE,
    MAX_SINGLE_QUOTE_CHARS,
    OPEN_BEFORE,
    OPEN_DQ,
    PARA_RE,
    SQ_RE,
    skip_space,
)
from framing.detect.voice.records import Frame, RawQuote
from framing.text.tokens import TOKEN_RE


def find_quotes(text: str, start: int, end: int) -> tuple[list[RawQuote], list[int]]:
    """Return the paired quotes of ``text[start:end]`` and the offsets of orphan closers."""
    quotes: list[RawQuote] = []
    orphans: list[int] = []
    paras = [(m.start(), m.end()) for m in PARA_RE.finditer(text, start, end)]
    for pi, (ps, pe) in enumerate(paras):
        pending = -1
        first_in_para = len(quotes)
        for m in DQ_RE.finditer(text, ps, pe):
            i = m.start()
            ch = text[i]
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            opens = ch in OPEN_DQ
            closes = ch in CLOSE_DQ
            if ch == '"' or (closes and pending < 0 and prev in OPEN_BEFORE
                             and nxt not in CLOSE_AFTER):
                # Straight quotes (and a stray ” used as an opener) by context.
                o_ok = prev in OPEN_BEFORE and nxt not in CLOSE_AFTER
                c_ok = prev not in OPEN_BEFORE and nxt in CLOSE_AFTER
                if o_ok and not c_ok:
                    opens, closes = True, False
                elif c_ok and not o_ok:
                    opens, closes = False, True
                else:
                    opens, closes = pending < 0, pending >= 0
            if opens:
                pending = i  # an earlier unclosed opener is dropped as a stray
            elif closes:
                if pending >= 0:
                    quotes.append(RawQuote(pending, i + 1, pending + 1, i))
                    pending = -1
                else:
                    orphans.append(i)
        if pending >= 0:
            nxt_para = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt_para is not None:
                first = skip_space(text, nxt_para[0], nxt_para[1])
                if first < nxt_para[1] and text[first] in OPEN_DQ + '"':
                    # Multi-paragraph quote: runs to the end of this paragraph.
                    quotes.append(RawQuote(pending, pe, pending + 1, pe))
        quotes.extend(_find_single_quotes(text, ps, pe, quotes[first_in_para:]))
    quotes.sort(key=lambda q: q.start)
    for q in quotes:
        q.words = len(TOKEN_RE.findall(text, q.inner_start, q.inner_end))
    return quotes, orphans


def _find_single_quotes(text: str, ps: int, pe: int, doubles: list[RawQuote]) -> list[RawQuote]:
    """Return clearly paired single quotes in one paragraph (not apostrophes)."""
    out: list[RawQuote] = []
    pending = -1
    for m in SQ_RE.finditer(text, ps, pe):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        can_open = ch in "'\u2018\u201a" and not prev.isalnum() and nxt.isalpha()
        can_close = ch in "'\u2019" and not prev.isspace() and not nxt.isalnum() and pending >= 0
        if can_close and i - pending <= MAX_SINGLE_QUOTE_CHARS \
                and _same_nesting(pending, i, doubles):
            out.append(RawQuote(pending, i + 1, pending + 1, i))
            pending = -1
        elif can_open:
            pending = i
    return out


def _same_nesting(a: int, b: int, doubles: Iterable[RawQuote]) -> bool:
    """Return True when offsets a and b are inside the same double quotes (or none)."""
    for q in doubles:
        if (q.start < a < q.end) != (q.start < b < q.end):
            return False
    return True



def add_orphan_quotes(text: str, seg: Segment, quotes: list[RawQuote], orphans: list[int],
                       frames: list[Frame]) -> list[RawQuote]:
    """Return ``quotes`` plus a quote for each orphan closer that a frame follows.

    ``...occupation administrations," the CNS pointed out.`` (000) lost its
    opening mark; the quote runs from its paragraph start (or the end of the
    previous quote in that paragraph) to the closer.
    """
    if not orphans:
        return quotes
    added = []
    frames = sorted(frames, key=lambda f: f.start)
    starts = [f.start for f in frames]
    for i in orphans:
        if not frame_right_after(text, i + 1, frames, starts):
            continue
        ps = text.rfind("\n", seg.start, i) + 1
        ps = max(ps, seg.start)
        for q in quotes:
            if ps <= q.end <= i:
                ps = q.end
        ps = skip_space(text, ps, i)
        if i - ps < 2:
            continue
        added.append(RawQuote(ps, i + 1, ps, i, orphan=True))
    if not added:
        return quotes
    for q in added:
        q.words = len(TOKEN_RE.findall(text, q.inner_start, q.inner_end))
    return sorted(quotes + added, key=lambda q: q.start)


def frame_right_after(text: str, pos: int, frames: list[Frame], starts: list[int]) -> Frame | None:
    """Return the first frame starting right after ``pos`` (only spaces/commas between).

    ``frames`` are sorted by start and ``starts`` are their starts.  Backward
    frames (", she said") and subject frames ("“...,” ministry spokesperson
    Kim Min-ji told a briefing") both name the speaker of a quote they follow.
    """
    for i in range(bisect_left(starts, pos), bisect_right(starts, pos + 8)):
        f = frames[i]
        if (f.backward or f.kind == "subject") and not text[pos:f.start].strip(" \t\n,"):
            return f
    return None
