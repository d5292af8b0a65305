"""Helpers several exercise kinds share: lexicon look-ups, who says a match, and a match's answer-key entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from framing.core.types import Match
from framing.present.exercises.records import Answer, Passage
from framing.present.exercises.settings import UNNAMED_SPEAKER
from framing.present.exercises.view import CorpusView
from framing.present.exercises.wording import student_text

if TYPE_CHECKING:
    from framing.detect.lexicon import Entry, Lexicon
    from framing.detect.matcher import Matcher
    from framing.analyze.corpus_analysis import CorpusAnalysis


def lexicon_entries(data: "CorpusAnalysis") -> dict[str, "Entry"]:
    """Return the lexicon's entries keyed by entry id."""
    return {e.id: e for e in data.lexicon.entries}


def category_description(data: "CorpusAnalysis", category: str) -> str:
    """Return the lexicon's description of ``category`` ('' if the category is unknown)."""
    cat = data.lexicon.categories.get(category)
    return cat.description if cat else ""


def speaker_label(view: CorpusView, m: Match) -> str:
    """Return who says a quoted match: the resolved speaker, else the vague source named, else "an unnamed source"."""
    if m.voice != "quoted":
        return ""
    if m.speaker:
        return m.speaker
    x = view.covering_attribution(m.doc_id, m.seg_id, m.start, m.end)
    if x is not None and x.source:
        src = x.source[4:] if x.source.lower().startswith("the ") else x.source
        return f"unnamed {src}" if not x.named else src
    return UNNAMED_SPEAKER


def phrase_answer(view: CorpusView, data: "CorpusAnalysis", m: Match, passage: Passage, pidx: int = 0,
                  question: str = "", explanation: str | None = None,
                  offset_map: Callable[[int], int] | None = None) -> Answer:
    """Return the key entry for one lexicon match: category, rationale, neutral alternative, voice."""
    e = lexicon_entries(data).get(m.entry_id.split(";")[0]) if m.entry_id else None
    rationale = student_text(e.rationale) if e else category_explanation(data, m.category)
    speaker = speaker_label(view, m)
    s, t = m.start - passage.start, m.end - passage.start
    if offset_map is not None:
        s, t = offset_map(s), offset_map(t)
    return Answer(
        text=m.text, start=s, end=t, category=m.category,
        explanation=rationale if explanation is None else explanation,
        neutral_alternative=(e.neutral_alternative if e else ""), voice=m.voice, speaker=speaker,
        passage=pidx, question=question, entry_id=m.entry_id, weight=m.weight, doc_id=m.doc_id,
        doc_start=m.start, doc_end=m.end)


def category_explanation(data: "CorpusAnalysis", category: str) -> str:
    """Return the glossary's (else the lexicon's) description of a category, for items with no lexicon entry."""
    from framing.present.exercises.glossary import define
    return define(category, data.lexicon.directory) or category_description(data, category)


def uncertain_notes(view: CorpusView, w) -> tuple[str, ...]:
    """Return one teacher note per uncertain cue of window ``w``: left out of the key, with the reason."""
    out = []
    for c in view.uncertain(w):
        out.append(f"Not scored: “{c.match.text}” ({c.guideline_category.replace('_', ' ')}) — {c.reason}; "
                   "it is neither an answer nor a distractor, so accept it if a student argues for it.")
    return tuple(dict.fromkeys(out))


def matcher_for(lexicon: "Lexicon") -> "Matcher":
    """Return a matcher compiled from ``lexicon`` (to re-read a rewrite or a phrase)."""
    from framing.detect.matcher import compile_matcher
    return compile_matcher(lexicon)
