"""Match and voice stages over a parsed document: lexicon matches with their voice, and sentence sentiment.

This is the "match" step of load -> repair -> segment -> match -> score: it
returns plain records (:class:`~framing.core.types.Match`) that the scoring,
claims, credibility and exercise stages aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass

from framing.detect.lexicon import Lexicon
from framing.detect.matcher import Matcher, compile_matcher
from framing.text.parse import ParsedDocument
from framing.detect.sentiment import Scores, SentimentScorer
from framing.core.types import Match
from framing.detect.voice import VoiceResult, analyze_voice

_SCORER: SentimentScorer | None = None


def _scorer() -> SentimentScorer:
    global _SCORER
    if _SCORER is None:
        _SCORER = SentimentScorer()
    return _SCORER


@dataclass(frozen=True)
class DetectedDocument:
    """A parsed document with its matches, voice analysis and per-sentence sentiment.

    ``sentiment[i]`` belongs to ``parsed.sentences[i]`` and is ``None`` for
    sentences outside prose segments (boilerplate, references, pull quotes).
    """

    parsed: ParsedDocument
    matches: tuple[Match, ...]
    voice: VoiceResult
    sentiment: tuple[Scores | None, ...]
    lexicon_version: str

    @property
    def doc_id(self) -> str:
        """Return the document id."""
        return self.parsed.doc.doc_id


def detect_document(parsed: ParsedDocument, lexicon: Lexicon, matcher: Matcher | None = None,
                     with_sentiment: bool = True) -> DetectedDocument:
    """Return the matches (with voice), voice analysis and sentence sentiment of one document.

    Only prose segments (body, quoted article, comment, title) are matched:
    pull quotes repeat body text and boilerplate is not the outlet's framing.
    """
    matcher = matcher or compile_matcher(lexicon)
    voice = analyze_voice(parsed)
    text = parsed.text
    rep = parsed.repaired
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    cats = lexicon.categories
    matches: list[Match] = []
    sentiment: list[Scores | None] = []
    scorer = _scorer() if with_sentiment else None
    for idx, sent in enumerate(parsed.sentences):
        seg = seg_by_id[sent.seg_id]
        if not seg.is_prose:
            sentiment.append(None)
            continue
        sentiment.append(scorer.score(sent.text) if scorer else None)
        for hit in matcher.match(text, list(sent.tokens)):
            entry = hit.entry
            cat = cats[entry.category]
            v, speaker, scare = voice.voice_of_label(seg, hit.start, hit.end, text[hit.start:hit.end],
                                                      entry.category)
            raw_start, raw_end = rep.raw_span(hit.start, hit.end)
            matches.append(Match(
                parsed.doc.doc_id, seg.seg_id, idx, seg.stance, seg.outlet, seg.kind,
                hit.start, hit.end, raw_start, raw_end, text[hit.start:hit.end],
                entry.id, entry.category, cat.semeval2020, entry.weight, cat.loaded,
                v, speaker, scare))
    return DetectedDocument(parsed, tuple(matches), voice, tuple(sentiment), lexicon.version)
