"""Rule 3: the speaker of each quote, from adjacent, introducing or covering frames."""

from __future__ import annotations

from bisect import bisect_right

from framing.core.types import Sentence
from framing.detect.voice.patterns import (
    APOS_FOLD,
    FRAME_WINDOW_CHARS,
    INHERIT_MIN_WORDS,
    INTRO_GAP_RE,
    POSSESSIVE_RE,
    V,
)
from framing.detect.voice.quotes import frame_right_after
from framing.detect.voice.records import Frame, RawQuote
from framing.detect.voice.sources import Persons


def assign_speakers(text: str, quotes: list[RawQuote], frames: list[Frame],
                     sents: list[tuple[int, Sentence]], persons: Persons) -> None:
    """Set ``speaker``, ``introduced``, ``adjacent`` and ``covered`` on each quote (rule 3)."""
    starts = [s.start for _, s in sents]
    frames = sorted(frames, key=lambda f: f.start)
    fstarts = [f.start for f in frames]
    last_speaker_in_sent: dict[int, str] = {}
    for f in frames:
        if f.source.resolved:
            last_speaker_in_sent[f.sent_idx] = speaker_of(f)
    for q in quotes:
        # Only frames near the quote can be adjacent to it or cover it.
        lo = bisect_right(fstarts, q.start - FRAME_WINDOW_CHARS)
        near = frames[lo:bisect_right(fstarts, q.end + FRAME_WINDOW_CHARS)]
        speaker = ""
        after = frame_right_after(text, q.end, frames, fstarts)
        if after is not None and _is_relay(text, after) and any(
                f is not after and f.rstart <= q.start < f.rend and f.source.resolved
                and not _is_relay(text, f) for f in near):
            # "Peskov told reporters that the talks were “...”, as quoted by
            # RIA Novosti": the outlet carried the words, Peskov said them.
            after = None
        elif after is not None and after.backward and any(
                f is not after and after.rstart <= f.start and f.end <= q.start
                and f.rstart <= q.start < f.rend and f.source.resolved and not f.backward
                for f in near):
            # "Putin said it was important to recognise “...”, the Kremlin
            # said": the Kremlin reports what Putin said; the words are Putin's.
            after = None
        if after is not None:
            q.adjacent = True
            speaker = speaker_of(after)
        if not speaker:
            # An introducing frame ends before the quote, so it starts before it too.
            for f in frames[lo:bisect_right(fstarts, q.start)]:
                if f.quote_at == q.start or (
                        f.kind == "subject" and not f.backward and f.end <= q.start
                        and INTRO_GAP_RE.fullmatch(text, f.end, q.start)):
                    q.introduced = True
                    speaker = speaker_of(f)
                    break
        if not speaker:
            best = None
            for f in near:
                if f.rstart <= q.start < f.rend:
                    q.covered = True
                    if f.source.resolved and (best is None or
                                              f.rend - f.rstart < best.rend - best.rstart):
                        best = f
            if best is not None:
                speaker = speaker_of(best)
                q.by_person = best.source.kind in ("person", "pronoun") and best.kind == "subject"
                relayed = _relayed_person(text, best.rstart, q.start)
                if relayed and relayed != best.source.resolved:
                    speaker = f"{speaker} (relaying {relayed})"
        k = bisect_right(starts, q.start) - 1
        if not speaker and q.words >= INHERIT_MIN_WORDS and k >= 1 \
                and not text[sents[k][1].start:q.start].strip(" \t\n-\u2014*"):
            speaker = last_speaker_in_sent.get(sents[k - 1][0], "")
        if speaker:
            q.covered = True
            q.speaker = speaker
            if k >= 0:
                # A following quote-only sentence may inherit from this quote.
                k_end = bisect_right(starts, q.end - 1) - 1
                last_speaker_in_sent[sents[k_end][0]] = speaker


def _is_relay(text: str, f: Frame) -> bool:
    """Return True for a frame naming the outlet that carried words ("as quoted by TASS")."""
    return text[f.start:f.start + 3].lower() == "as "


def speaker_of(f: Frame) -> str:
    return f.source.resolved


def _relayed_person(text: str, rstart: int, qstart: int) -> str:
    """Return the person whose words the quote continues ("... leader Kim Jong-un “gave ...”").

    Only when the reported clause up to the quote is exactly a titled person
    (the quote is that person's predicate); "under the leadership of
    President Vladimir Putin “the Russian army ...”" is not.
    """
    piece = text[rstart:qstart].strip()
    if not piece or len(piece) > 80:
        return ""
    m = V.PERSON_RE.fullmatch(piece)
    if m:
        return POSSESSIVE_RE.sub("", m.group("name")).translate(APOS_FOLD)
    return ""
