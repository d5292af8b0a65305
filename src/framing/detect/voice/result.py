"""The result of the voice rules: :class:`VoiceResult` with its voice look-ups."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from framing.core.types import Attribution, Quote, Segment


@dataclass(frozen=True)
class VoiceResult:
    """Quotes and attribution frames of one document, with voice look-ups.

    ``quotes`` and ``attributions`` are in text order.  The look-up indexes are
    derived from them (so a result rebuilt from stored records answers alike).
    """

    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    _quotes_by_seg: dict[str, tuple[Quote, ...]] = field(init=False, repr=False, compare=False)
    _attr_by_seg: dict[str, tuple[Attribution, ...]] = field(init=False, repr=False,
                                                             compare=False)
    _attr_by_sent: dict[int, tuple[Attribution, ...]] = field(init=False, repr=False,
                                                              compare=False)
    _span_index: dict[str, tuple] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        qs: dict[str, list[Quote]] = {}
        for q in sorted(self.quotes, key=lambda q: (q.start, -q.end)):
            qs.setdefault(q.seg_id, []).append(q)
        by_seg: dict[str, list[Attribution]] = {}
        by_sent: dict[int, list[Attribution]] = {}
        for a in self.attributions:
            by_seg.setdefault(a.seg_id, []).append(a)
            by_sent.setdefault(a.sent_idx, []).append(a)
        object.__setattr__(self, "_quotes_by_seg", {k: tuple(v) for k, v in qs.items()})
        object.__setattr__(self, "_attr_by_seg", {k: tuple(v) for k, v in by_seg.items()})
        object.__setattr__(self, "_attr_by_sent", {k: tuple(v) for k, v in by_sent.items()})
        object.__setattr__(self, "_span_index", {})

    def _index(self, seg_id: str) -> tuple:
        """Return the look-up arrays of one segment (built on first use).

        Quotes and frame contents sorted by start, each with the running
        maximum of their ends: walking back from the last one that starts
        before a span, the walk can stop as soon as nothing earlier reaches
        the span's end.  So a look-up reads the few enclosing items, not every
        quote and frame of the segment (a long article has hundreds).
        """
        got = self._span_index.get(seg_id)
        if got is None:
            quotes = self._quotes_by_seg.get(seg_id, ())
            attrs = sorted(((a.reported_start, i, a) for i, a in enumerate(self._attr_by_seg.get(seg_id, ()))
                            if a.reported_end > a.reported_start), key=lambda t: t[0])
            got = ([q.start for q in quotes], list(accumulate((q.end for q in quotes), max)), quotes,
                   [t[0] for t in attrs], list(accumulate((t[2].reported_end for t in attrs), max)),
                   [((*_frame_rank(a), i), a) for _, i, a in attrs])
            self._span_index[seg_id] = got
        return got

    def voice_of(self, seg: Segment, start: int, end: int) -> tuple[str, str, bool]:
        """Return ``(voice, speaker, scare_quote)`` for the span ``start:end`` of ``seg``.

        ``voice`` is ``"quoted"`` inside a direct quotation or inside the
        reported content of an attribution frame, else ``"own"``; ``speaker``
        is the resolved speaker (``""`` if unknown or own voice); ``scare_quote``
        is True inside a scare quote.  A scare quote is the outlet's own voice
        (``("own", "", True)``) unless it is nested in a direct quote, where it
        is the speaker's (``("quoted", speaker, True)``).  Of several enclosing
        direct quotes the innermost (latest-starting) one speaks; of several
        enclosing frames, one with a speaker, then the narrowest content, wins.
        """
        q_starts, q_reach, quotes, a_starts, a_reach, ranked = self._index(seg.seg_id)
        direct: Quote | None = None
        scare = False
        j = bisect_right(q_starts, start) - 1
        while j >= 0 and q_reach[j] >= end:
            q = quotes[j]
            if end <= q.end:
                if q.kind != "direct":
                    scare = True
                elif direct is None:
                    direct = q  # the walk goes backwards: the first is the innermost
            j -= 1
        if direct is not None:
            return ("quoted", direct.speaker, scare)
        if scare:
            return ("own", "", True)
        best = None
        j = bisect_right(a_starts, start) - 1
        while j >= 0 and a_reach[j] >= end:
            key, a = ranked[j]
            if end <= a.reported_end and (best is None or key < best[0]):
                best = (key, a)
            j -= 1
        if best is not None:
            return ("quoted", best[1].resolved, False)
        return ("own", "", False)

    def sentence_attribution(self, sent_idx: int) -> list[Attribution]:
        """Return the attribution frames found in sentence ``sent_idx`` (index into
        ``ParsedDocument.sentences``), in text order; empty if none."""
        return list(self._attr_by_sent.get(sent_idx, ()))

    def quotes_of(self, seg: Segment) -> list[Quote]:
        """Return the quotes found in ``seg``, in text order."""
        return list(self._quotes_by_seg.get(seg.seg_id, ()))


def _frame_rank(a: Attribution) -> tuple[int, int]:
    """Sort key: frames with a speaker first, then the narrowest content."""
    return (0 if a.resolved else 1, a.reported_end - a.reported_start)
