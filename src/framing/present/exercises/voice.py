"""``voice`` exercises: for each loaded phrase, does the outlet say it, or whom does it quote?"""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from framing.core.types import Match
from framing.present.exercises.common import (
    lexicon_entries,
    phrase_answer,
    speaker_label,
    uncertain_notes,
)
from framing.present.exercises.records import Exercise, Question
from framing.present.exercises.redact import alias_canon
from framing.present.exercises.settings import (
    KIND_TITLES,
    OWN_CHOICE,
    QUOTED_PREFIX,
    UNNAMED_SPEAKER,
    Level,
)
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import dedupe_label, same_speaker, student_text

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def _voice_explanation(view: CorpusView, m: Match, speaker: str) -> str:
    """Explain in a sentence why a match is the outlet's own voice or quoted speech."""
    d = view.docs[m.doc_id]
    if m.voice == "own":
        if m.scare_quote:
            return ("The outlet puts the word in scare quotes: it keeps its distance, but choosing "
                    "to use it is still the outlet's framing.")
        if m.seg_kind == "comment":
            return "A forum reply in the commenter's own words."
        return ("Not inside quotation marks or a reporting frame: the outlet says this in its own "
                "voice, so the framing is the outlet's.")
    q = view.in_direct_quote(m.doc_id, m.start, m.end)
    if q is not None:
        return (f"Inside a direct quotation from {speaker}: these are the speaker's words; the "
                "outlet's choice is to quote them and how it introduces them.")
    x = view.covering_attribution(m.doc_id, m.seg_id, m.start, m.end)
    if x is not None:
        frame = d.text[x.start:x.end].strip()
        return (f"Reported speech: “{frame}” attributes it to {speaker}; the wording is the "
                "outlet's paraphrase of what was said.")
    return f"Attributed to {speaker}."


def make_voice(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level,
               rng: random.Random) -> Exercise | None:
    """Return a ``voice`` exercise for window ``w`` (None when it has no phrase whose voice is sure).

    Only sure cues (:mod:`.keys`) whose two voice readings agree, with a
    named speaker when quoted, are asked about; the rest go to the notes.
    """
    sure = [c for c in view.cues(w) if c.sure]
    cues = [c.match for c in sure if c.voice_sure]
    if not cues:
        return None
    notes = [f"Not asked: “{c.match.text}” — who says it is unclear to the tool (the voice readings disagree "
             "or the speaker is not named)." for c in sure if not c.voice_sure]
    passage = view.passage(w)
    d = view.docs[w.doc_id]
    speakers: list[str] = []
    for m in cues:
        sp = speaker_label(view, m)
        if sp and sp not in speakers:
            speakers.append(sp)
    # distractor speakers: who else is cited or quoted in the passage, then in the document
    lo, hi = passage.start, passage.end
    nearby = [x.resolved or x.source for x in d.attrs if lo <= x.start < hi and x.named] + \
             [q.speaker for q in d.direct if lo <= q.start < hi and q.speaker]
    same_stance = {sg.seg_id for sg in d.a.parsed.segments if sg.stance == w.stance}
    elsewhere = [x.resolved or x.source for x in d.attrs if x.named and x.seg_id in same_stance] + \
                [q.speaker for q in d.direct if q.speaker and q.seg_id in same_stance]
    canon = alias_canon(data.lexicon.directory)
    for sp in nearby + elsewhere:
        if len(speakers) >= 3:
            break
        # one choice per person or organisation ("CNS" and "Centre for National
        # Resistance (CNR)" are the same answer, so offering both is a trick)
        if sp and sp not in speakers and not any(same_speaker(sp, s) or canon(sp) == canon(s) for s in speakers):
            speakers.append(sp)
    if UNNAMED_SPEAKER not in speakers and len(speakers) < 2:
        speakers.append(UNNAMED_SPEAKER)
    choices = (OWN_CHOICE,) + tuple(QUOTED_PREFIX + s for s in speakers)
    questions, answers = [], []
    seen: Counter = Counter()
    for i, m in enumerate(cues, 1):
        qid = f"q{i}"
        label = dedupe_label(m.text, seen)
        s, t = m.start - passage.start, m.end - passage.start
        questions.append(Question(qid, f"“{label}”: who says it?", "choice", choices, m.text, 0, s, t))
        speaker = speaker_label(view, m)
        e = lexicon_entries(data).get(m.entry_id)
        why = _voice_explanation(view, m, speaker)
        if e is not None and e.rationale:
            why += f" Why it is loaded: {student_text(e.rationale)}"
        answers.append(phrase_answer(view, data, m, passage, question=qid, explanation=why))
    instructions = ("Each phrase below is loaded language from the passage. Decide whether the outlet "
                    "says it in its own words or is quoting or paraphrasing someone, and if so, whom. "
                    "Look for quotation marks and for reporting words such as “said”, “noted”, "
                    "“according to”.")
    return Exercise("voice", n, f"{KIND_TITLES['voice']} {n}", instructions, (passage,), tuple(questions),
                    tuple(answers), level.name, 0, notes=tuple(notes) + uncertain_notes(view, w),
                    lexicon_dir=data.lexicon.directory)
