"""``rewrite`` exercises: reword a loaded passage; the model answer swaps in the lexicon's neutral wording."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from framing.present.exercises.common import (
    category_description,
    lexicon_entries,
    matcher_for,
    phrase_answer,
    speaker_label,
)
from framing.present.exercises.inflect import model_rewrite, neutral_for
from framing.present.exercises.records import Answer, Exercise, Question
from framing.present.exercises.settings import KIND_TITLES, UNNAMED_SPEAKER, Level
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import student_text

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def make_rewrite(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level,
                 rng: random.Random) -> Exercise | None:
    """Return a ``rewrite`` exercise for window ``w`` (None when none of its own-voice loaded words can be reworded)."""
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    p = view.docs[w.doc_id].a.parsed
    entries = lexicon_entries(data)
    repl: list[tuple[int, int, str]] = []
    answers: list[Answer] = []
    notes: list[str] = []
    for m in cues:
        e = entries.get(m.entry_id)
        s, t = m.start - passage.start, m.end - passage.start
        q = view.in_direct_quote(m.doc_id, m.start, m.end)
        rationale = student_text(e.rationale) if e else ""
        if q is not None:
            speaker = speaker_label(view, m) or UNNAMED_SPEAKER
            alt = neutral_for(m, e, p.text, p.sentences[m.sent_idx].start)
            para = f" (in reported speech: “{alt}”)" if alt else ""
            answers.append(phrase_answer(view, data, m, passage, explanation=(
                f"Inside a direct quote from {speaker}: keep it, because changing the words would "
                f"misquote the speaker; a neutral report makes clear who said it, or paraphrases it{para}. "
                f"Why it is loaded: {rationale}")))
            continue
        alt = neutral_for(m, e, p.text, p.sentences[m.sent_idx].start)
        if alt is None:
            desc = category_description(data, m.category)
            answers.append(phrase_answer(view, data, m, passage, explanation=(
                f"The lexicon has no neutral wording for this {m.category.replace('_', ' ')} phrase: "
                f"describe what it refers to instead, or leave it out. Why it is loaded: {rationale}")))
            notes.append(f"No neutral wording in the lexicon for “{m.text}” ({m.category}): "
                         f"the model keeps it. {desc}".strip())
            continue
        repl.append((s, t, alt))
        if e is not None and not e.neutral_alternative:
            how = f"Drop the label “{m.text[:len(m.text) - len(alt)]}”: “{alt}” says the same without the verdict."
        else:
            how = f"Replace with “{alt}”."
        a = phrase_answer(view, data, m, passage, explanation=f"{how} {rationale}")
        answers.append(Answer(**{**a.__dict__, "neutral_alternative": alt}))
    if not repl:
        return None  # nothing the outlet says itself has a neutral alternative: not a rewrite exercise
    model, model_spans = model_rewrite(passage.text, repl)
    before = [h for h in matcher_for(data.lexicon).match_text(passage.text) if _is_loaded(data, h)]
    after = [h for h in matcher_for(data.lexicon).match_text(model) if _is_loaded(data, h)]
    if len(after) >= len(before):
        return None  # a substitution that is itself loaded would teach nothing
    quoted = any(a.explanation.startswith("Inside a direct quote") for a in answers)
    instructions = ("Rewrite the passage so that it reports the same facts in neutral language: replace "
                    "loaded words with neutral ones, and keep every fact, number and name."
                    + (" Do not change words inside quotation marks: a quote must stay what the person "
                       "said; make sure it is clear who said it." if quoted else ""))
    question = Question("q1", "Your neutral rewrite:", "text")
    return Exercise("rewrite", n, f"{KIND_TITLES['rewrite']} {n}", instructions, (passage,), (question,),
                    tuple(answers), level.name, 0, model_answer=model, model_spans=tuple(model_spans),
                    notes=tuple(notes),
                    lexicon_dir=data.lexicon.directory)


def _is_loaded(data: "CorpusAnalysis", hit) -> bool:
    cat = data.lexicon.categories.get(hit.entry.category)
    return bool(cat and cat.loaded)
