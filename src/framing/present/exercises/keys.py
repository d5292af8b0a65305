"""Answer-key items from the current detector: lexicon matches, scare quotes and span-model spans, with certainty.

A key a teacher can trust marks only what the detector is sure of.  Each
document's guideline spans (:func:`framing.detect.spans.document_spans`, the
same rows ``framing spans`` lists) become :class:`Cue` records:

* **sure** cues are answers: the lexicon and the span model agree on them
  (detector ``both``), the model's token probability reaches
  :data:`SURE_MODEL_P`, and the lexicon entry is not one whose rationale says
  that context decides ("liberate" is accurate for 1945);
* every other guideline span (lexicon only, model only, a scare quote found by
  the voice rules alone, a "context decides" entry) is **uncertain**: it is
  left out of the key, never offered as an answer or a distractor, and listed
  for the teacher as "not scored";
* a word is **flagged** when any detector reading touches it: a loaded lexicon
  match, any span row, or a model token probability of at least
  :data:`FLAG_MODEL_P`.  A flagged word is never a "not loaded" distractor.

Voice is sure when the two voice readings agree (the lexicon label reading,
:meth:`VoiceResult.voice_of_label`, and the plain reading of the span,
:meth:`VoiceResult.voice_of`) and, for quoted speech, a speaker is named.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framing.core.types import Match

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis
    from framing.detect.document import DetectedDocument

#: A ``both`` span is sure when one of its tokens has at least this model
#: probability of being inside a span.  Read on framing-dev under 5-fold
#: cross-validation: ``both`` spans above 0.6 agree with the gold spans 84 %
#: of the time, between 0.3 and 0.6 only 55 %.
SURE_MODEL_P = 0.6
#: Without a model (detector ``lexicon``) a lexicon match is sure at this weight.
SURE_LEXICON_WEIGHT = 2.0
#: A token the model gives at least this probability is never a distractor.
FLAG_MODEL_P = 0.05
#: A distractor is a common word (wordfreq Zipf frequency at least this): rare
#: vivid words ("firehose", "twang", "bowstring") are loaded more often than not.
DISTRACTOR_MIN_ZIPF = 3.5
#: Rationale openings that say the entry is loaded only in some contexts.
CONTEXT_MARKERS = ("context decides", "legitimate label", "accurate for", "neutral in")


#: A reporting or naming verb earlier in the sentence: an "own voice" reading there may be the
#: outlet's paraphrase of someone ("what it calls its ...", "denounced the vote as a sham").
_SPEECH_BEFORE = re.compile(r"\b(?:say|says|said|call|calls|called|calling|dub(?:s|bed)?|describ(?:e|es|ed)|"
                            r"accus(?:e|es|ed|ing)|condemn(?:s|ed)?|denounc(?:e|es|ed)|outlin(?:e|es|ed)|"
                            r"claim(?:s|ed)?|argu(?:e|es|ed)|stat(?:e|es|ed)|not(?:e|es|ed)|told|urg(?:e|es|ed)|"
                            r"warn(?:s|ed)?|to task|brand(?:s|ed)?|label(?:s|led|ed)?)\b", re.I)


def voice_is_sure(text: str, sent_start: int, m: Match, plain_voice: str) -> bool:
    """Return True when the voice of match ``m`` is clear enough to ask a student about.

    Unsure: the two voice readings disagree; quoted speech with no named
    speaker; an own-voice reading after a reporting verb in the same sentence
    (paraphrase is a judgement call); a quoted reading inside parentheses (an
    insertion the outlet adds to someone's words, "(a group outlawed in Russia)").
    """
    if plain_voice != m.voice or (m.voice == "quoted" and not m.speaker):
        return False
    before = text[sent_start:m.start]
    if m.voice == "own" and _SPEECH_BEFORE.search(before):
        return False
    if m.voice == "quoted" and before.count("(") > before.count(")"):
        return False
    return True


@dataclass(frozen=True)
class Cue:
    """One guideline span of a document: the match, its guideline category, certainty and voice certainty."""

    match: Match
    guideline_category: str
    detector: str
    sure: bool
    voice_sure: bool
    reason: str


@dataclass(frozen=True)
class DocKey:
    """The cues of one document and the spans no distractor may touch (``flagged``, repaired offsets, sorted)."""

    cues: tuple[Cue, ...]
    flagged: tuple[tuple[int, int], ...]

    def is_flagged(self, start: int, end: int, margin: int = 0) -> bool:
        """Return True when ``start:end`` (widened by ``margin`` characters) overlaps a flagged span.

        A margin keeps the neighbours of a loaded word out of the distractors:
        "groups" in "neo-Nazi groups" is part of the label.
        """
        start, end = start - margin, end + margin
        i = bisect_left(self.flagged, (start, -1))
        for s, e in self.flagged[max(0, i - 8):i + 8]:
            if s < end and start < e:
                return True
        return False


def _context_dependent(rationale: str) -> bool:
    low = (rationale or "").strip().lower()
    return any(low.startswith(m) or f". {m}" in low for m in CONTEXT_MARKERS)


def document_key(detected: "DetectedDocument", data: "CorpusAnalysis") -> DocKey:
    """Return the :class:`DocKey` of one document under the analysis' detector and span model."""
    from framing.detect.spans import document_spans
    lexicon = data.lexicon
    model = data.span_model()
    rows = document_spans(detected, lexicon, data.detector, model)
    entries = {e.id: e for e in lexicon.entries}
    probs: list[tuple[int, int, float]] = []
    if model is not None:
        toks = model.encode(detected, lexicon)
        if len(toks):
            o = model.classes.index("O")
            for s, e, p in zip(toks.starts, toks.ends, model.batch_probs(toks)):
                probs.append((s, e, 1.0 - float(p[o])))

    def top_p(s: int, e: int) -> float:
        return max((p for a, b, p in probs if a < e and s < b), default=0.0)

    flagged: set[tuple[int, int]] = {(a, b) for a, b, p in probs if p >= FLAG_MODEL_P}
    flagged |= {(m.start, m.end) for m in detected.matches if m.loaded}
    seg_by_id = {s.seg_id: s for s in detected.parsed.segments}
    cues: list[Cue] = []
    for r in rows:
        m = r.match
        if not r.guideline_span:
            continue  # a neutral marker ("according to", "Kyiv") may be a near-miss distractor
        flagged.add((m.start, m.end))
        e = entries.get(m.entry_id.split(";")[0]) if m.entry_id else None
        if model is None:
            sure = r.detector in ("lexicon", "both") and m.weight >= SURE_LEXICON_WEIGHT and m.loaded
            reason = "lexicon weight" if sure else "low lexicon weight"
        elif r.detector == "voice" and top_p(m.start, m.end) >= SURE_MODEL_P:
            sure, reason = True, "scare quote the span model also reads as loaded"
        elif r.detector != "both":
            sure, reason = False, f"found by the {r.detector} detector only"
        elif top_p(m.start, m.end) < SURE_MODEL_P:
            sure, reason = False, "the span model is unsure"
        else:
            sure, reason = True, "lexicon and span model agree"
        if sure and e is not None and _context_dependent(e.rationale):
            sure, reason = False, "the lexicon says context decides"
        seg = seg_by_id.get(m.seg_id)
        plain = detected.voice.voice_of(seg, m.start, m.end)[0] if seg is not None else m.voice
        sent_start = detected.parsed.sentences[m.sent_idx].start
        voice_sure = voice_is_sure(detected.parsed.text, sent_start, m, plain)
        cues.append(Cue(m, r.guideline_category, r.detector, sure, voice_sure, reason))
    return DocKey(tuple(cues), tuple(sorted(flagged)))
