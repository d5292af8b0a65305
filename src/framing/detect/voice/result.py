"""The result of the voice rules: :class:`VoiceResult` with its voice look-ups."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from framing.core.types import Attribution, Quote, Segment
from framing.detect.voice.patterns import V
from framing.detect.voice.wholetext import WHOLE_TEXT_VERBS


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

    def boundaries(self) -> tuple[int, ...]:
        """Return the sorted offsets where a quote or a frame's reported content starts or ends.

        :meth:`voice_of` gives one answer for all spans of a segment that no
        such offset falls strictly inside of (the span model asks once per
        such stretch instead of once per token).
        """
        got = self._span_index.get("\0bounds")
        if got is None:
            pts = {q.start for q in self.quotes} | {q.end for q in self.quotes}
            for a in self.attributions:
                if a.reported_end > a.reported_start:
                    pts.add(a.reported_start)
                    pts.add(a.reported_end)
            got = self._span_index["\0bounds"] = tuple(sorted(pts))
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
        return self._lookup(seg, start, end)[:3]

    def voice_of_label(self, seg: Segment, start: int, end: int, phrase: str,
                       category: str) -> tuple[str, str, bool]:
        """Return :meth:`voice_of` for a lexicon match, keeping the outlet's own labels own.

        Inside *indirect* speech (a frame's content, not a direct quote and not
        a whole republished text) a match of a category that
        ``voice/own_labels.csv`` marks ``always`` (toponyms: the spelling is the
        outlet's) is own voice, and so is one marked ``speaker_side`` when the
        phrase shares a capitalised word with the frame's source ("Kremlin
        spokesman Peskov said that the Kremlin dictator ...": the outlet's label).
        """
        v, speaker, scare, frame = self._lookup(seg, start, end)
        if frame is None or frame.verb in WHOLE_TEXT_VERBS:
            return (v, speaker, scare)
        if category in V.OWN_LABEL_ALWAYS or (category in V.OWN_LABEL_SPEAKER_SIDE
                                              and _names_speaker_side(phrase, frame)):
            # Inside a republished text the label is still its author's.
            whole = self._whole_frame(seg, start, end)
            return ("quoted", whole.resolved, scare) if whole is not None else ("own", "", scare)
        return (v, speaker, scare)

    def _whole_frame(self, seg: Segment, start: int, end: int) -> Attribution | None:
        """Return the whole-text frame whose content holds ``start:end``, or None."""
        for a in self._attr_by_seg.get(seg.seg_id, ()):
            if a.verb in WHOLE_TEXT_VERBS and a.reported_start <= start and end <= a.reported_end:
                return a
        return None

    def _lookup(self, seg: Segment, start: int, end: int
                ) -> tuple[str, str, bool, Attribution | None]:
        """Return :meth:`voice_of`'s answer plus the frame whose content gave it (None otherwise)."""
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
            return ("quoted", direct.speaker, scare, None)
        if scare:
            return ("own", "", True, None)
        best = None
        j = bisect_right(a_starts, start) - 1
        while j >= 0 and a_reach[j] >= end:
            key, a = ranked[j]
            if end <= a.reported_end and (best is None or key < best[0]):
                best = (key, a)
            j -= 1
        if best is not None:
            return ("quoted", best[1].resolved, False, best[1])
        return ("own", "", False, None)

    def sentence_attribution(self, sent_idx: int) -> list[Attribution]:
        """Return the attribution frames found in sentence ``sent_idx`` (index into
        ``ParsedDocument.sentences``), in text order; empty if none."""
        return list(self._attr_by_sent.get(sent_idx, ()))

    def quotes_of(self, seg: Segment) -> list[Quote]:
        """Return the quotes found in ``seg``, in text order."""
        return list(self._quotes_by_seg.get(seg.seg_id, ()))


def _names_speaker_side(phrase: str, a: Attribution) -> bool:
    """Return True when a capitalised word of ``phrase`` is a word of the frame's source or speaker."""
    caps = {w.strip(".,'\u2019").lower() for w in phrase.split() if w[:1].isupper() and len(w) >= 3}
    if not caps:
        return False
    src = {w.strip(".,'\u2019()").lower() for w in f"{a.source} {a.resolved}".split()}
    return bool(caps & src)


def _frame_rank(a: Attribution) -> tuple[int, int]:
    """Sort key: frames with a speaker first, then the narrowest content."""
    return (0 if a.resolved else 1, a.reported_end - a.reported_start)
