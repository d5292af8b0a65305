"""The entry point: :func:`analyze_voice` runs the rules over the segments of one document."""

from __future__ import annotations

import dataclasses

from framing.core.types import PROSE_KINDS, Attribution, Quote, Segment, Sentence
from framing.detect.voice.frames import find_frames
from framing.detect.voice.patterns import use_folder_in_use
from framing.detect.voice.quotes import add_orphan_quotes, find_quotes
from framing.detect.voice.records import Frame, RawQuote, Source
from framing.detect.voice.result import VoiceResult
from framing.detect.voice.scare import classify_quotes, phrase_key
from framing.detect.voice.sources import Persons
from framing.detect.voice.speakers import assign_speakers
from framing.detect.voice.wholetext import block_quotes, headline_frames, whole_text_frames
from framing.text.parse import ParsedDocument

#: Segment kinds analysed: the prose kinds plus titles, because headlines
#: carry attribution too ("Putin says ...").
ANALYSED_KINDS = frozenset(PROSE_KINDS | {"title"})


def analyze_voice(parsed: ParsedDocument) -> VoiceResult:
    """Return the quotes, attribution frames and voice look-ups of one parsed document.

    Only segments whose kind is in :data:`ANALYSED_KINDS` are analysed; comment
    segments get quotes but no attribution frames (rule 5).  The word lists
    are those of the lexicon folder in use (:func:`framing.core.config.lexicons_dir`),
    read and compiled once per folder.
    """
    use_folder_in_use()
    text = parsed.text
    doc_id = parsed.doc.doc_id
    segs = [s for s in parsed.segments if s.kind in ANALYSED_KINDS]
    persons = Persons(text, [(s.start, s.end) for s in segs])
    sents_by_seg: dict[str, list[tuple[int, Sentence]]] = {}
    for i, sent in enumerate(parsed.sentences):
        sents_by_seg.setdefault(sent.seg_id, []).append((i, sent))

    seg_quotes: dict[str, list[RawQuote]] = {}
    seg_frames: dict[str, list[Frame]] = {}
    for seg in segs:
        sents = sents_by_seg.get(seg.seg_id, [])
        quotes, orphans = find_quotes(text, seg.start, seg.end)
        blocks = block_quotes(text, seg)
        if blocks:
            quotes = sorted(quotes + blocks, key=lambda q: q.start)
        frames: list[Frame] = []
        if seg.kind != "comment":
            frames = find_frames(text, seg, sents, quotes, persons)
            frames += headline_frames(text, seg, sents)
            quotes = add_orphan_quotes(text, seg, quotes, orphans, frames)
        seg_quotes[seg.seg_id] = quotes
        seg_frames[seg.seg_id] = frames

    _lead_credit(segs, seg_frames)

    # Phrase counts across the document for the repetition rule.
    counts: dict[str, int] = {}
    for quotes in seg_quotes.values():
        for q in quotes:
            key = phrase_key(text, q)
            counts[key] = counts.get(key, 0) + 1

    all_quotes: list[Quote] = []
    all_attrs: list[Attribution] = []
    prev: Segment | None = None
    for seg in segs:
        quotes = seg_quotes[seg.seg_id]
        frames = seg_frames[seg.seg_id]
        assign_speakers(text, quotes, frames, sents_by_seg.get(seg.seg_id, []), persons)
        classify_quotes(text, quotes, counts)
        all_quotes.extend(Quote(doc_id, seg.seg_id, q.start, q.end, q.inner_start, q.inner_end,
                                q.kind, q.speaker if q.kind == "direct" else "") for q in quotes)
        # Whole-text frames join after the quote rules: they name the speaker
        # of the text around quotes, not of the quotes (rule 6).
        whole = whole_text_frames(text, seg, sents_by_seg.get(seg.seg_id, []))
        if prev is not None and prev.kind == "title" and any(f.verb == "source line" for f in whole):
            # The headline just above a "Source:" credit is the republished text's own.
            all_attrs.extend(_title_frame(doc_id, prev, sents_by_seg.get(prev.seg_id, []), whole[0]))
        prev = seg
        all_attrs.extend(Attribution(doc_id, seg.seg_id, f.sent_idx, f.start, f.end,
                                     f.source.text, f.verb, f.source.named, f.source.resolved,
                                     f.rstart, f.rend) for f in whole + frames)
    return VoiceResult(tuple(all_quotes), tuple(all_attrs))


def _title_frame(doc_id: str, title: Segment, sents: list[tuple[int, Sentence]],
                 whole: Frame) -> list[Attribution]:
    """Return a frame giving the title segment to the speaker of the text below it."""
    if not sents:
        return []
    i, first = sents[0]
    src = whole.source
    return [Attribution(doc_id, title.seg_id, i, first.start, first.end, src.text, whole.verb,
                        src.named, src.resolved, title.start, title.end)]


def _lead_credit(segs: list[Segment], seg_frames: dict[str, list[Frame]]) -> None:
    """Give impersonal frames ("It is noted that ...") the source of the lead credit.

    A news item that opens "This was reported by UNN with reference to the
    Ministry of Foreign Affairs" relays the ministry throughout: its later
    impersonal frames report the ministry (speaker), though they stay unnamed
    (``named`` False), since the sentence itself names nobody.
    """
    lead: Source | None = None
    for seg in segs:
        frames = seg_frames[seg.seg_id]
        for i, f in enumerate(frames):
            if lead is None and f.kind == "reference" and f.source.resolved:
                lead = f.source
            elif lead is not None and f.kind == "impersonal" and not f.source.resolved:
                frames[i] = dataclasses.replace(f, source=Source("", "vague", lead.resolved, False))
