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
from framing.present.exercises.rewrite_check import quoted_spans, rewrite_defects
from framing.present.exercises.settings import KIND_TITLES, Level
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import student_text

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def make_rewrite(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level,
                 rng: random.Random) -> Exercise | None:
    """Return a ``rewrite`` exercise for window ``w`` (None when no own-voice loaded word can be safely reworded).

    Only sure cues (:mod:`.keys`) are reworded, never inside quotation marks
    (direct quotes and scare quotes alike).  Each substitution is fitted with
    lemminflect (:func:`.inflect.neutral_for`) and checked on its own with
    :func:`.rewrite_check.rewrite_defects`; one that fails is left out and
    the key says to reword it by hand.  The exercise is dropped when the
    rewrite as a whole still has a defect or no longer has fewer loaded words.
    """
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    d = view.docs[w.doc_id]
    p = d.a.parsed
    entries = lexicon_entries(data)
    quotes = [(q.start - passage.start, q.end - passage.start) for q in d.quotes
              if q.start < passage.end and passage.start < q.end]
    quotes += quoted_spans(passage.text)
    repl: list[tuple[int, int, str]] = []
    answers: list[Answer] = []
    notes: list[str] = []
    for m in cues:
        e = entries.get(m.entry_id.split(";")[0]) if m.entry_id else None
        s, t = m.start - passage.start, m.end - passage.start
        rationale = student_text(e.rationale) if e else ""
        in_quote = any(qs <= s < qe for qs, qe in quotes) or view.in_direct_quote(m.doc_id, m.start, m.end)
        if in_quote:
            speaker = speaker_label(view, m) or "the person quoted"
            answers.append(_kept(phrase_answer(view, data, m, passage, explanation=(
                f"Inside quotation marks ({speaker}): keep it, because changing the words would misquote "
                f"the speaker or hide the outlet's scare quotes; a neutral report makes clear who said it. "
                f"Why it is loaded: {rationale}"))))
            continue
        alt = neutral_for(m, e, p.text, p.sentences[m.sent_idx].start)
        if alt is not None:
            single, _ = model_rewrite(passage.text, [(s, t, alt)])
            if rewrite_defects(passage.text, [(s, t, alt)], single, quotes):
                alt = None
        if alt is None:
            answers.append(_kept(phrase_answer(view, data, m, passage, explanation=(
                f"No safe automatic rewording here: describe what “{m.text}” refers to in plain words "
                f"(the lexicon's suggestion, if any, does not fit this sentence). Why it is loaded: {rationale}"))))
            notes.append(f"Reword by hand: “{m.text}” ({m.category}); the model keeps it. "
                         f"{category_description(data, m.category)}".strip())
            continue
        repl.append((s, t, alt))
        a = phrase_answer(view, data, m, passage, explanation=f"Replace with “{alt}”. {rationale}")
        answers.append(Answer(**{**a.__dict__, "neutral_alternative": alt}))
    if not repl:
        return None  # nothing the outlet says itself has a safe neutral alternative: not a rewrite exercise
    model, model_spans = model_rewrite(passage.text, repl)
    if rewrite_defects(passage.text, repl, model, quotes):
        return None  # skip the item rather than print a wrong model answer
    before = [h for h in matcher_for(data.lexicon).match_text(passage.text) if _is_loaded(data, h)]
    after = [h for h in matcher_for(data.lexicon).match_text(model) if _is_loaded(data, h)]
    if len(after) >= len(before):
        return None  # a substitution that is itself loaded would teach nothing
    quoted = any(a.explanation.startswith("Inside quotation marks") for a in answers)
    instructions = ("Rewrite the passage so that it reports the same facts in neutral language: replace "
                    "loaded words with neutral ones, and keep every fact, number and name."
                    + (" Do not change words inside quotation marks: a quote must stay what the person "
                       "said; make sure it is clear who said it." if quoted else ""))
    question = Question("q1", "Your neutral rewrite:", "text")
    return Exercise("rewrite", n, f"{KIND_TITLES['rewrite']} {n}", instructions, (passage,), (question,),
                    tuple(answers), level.name, 0, model_answer=model, model_spans=tuple(model_spans),
                    notes=tuple(notes),
                    lexicon_dir=data.lexicon.directory)


def _kept(a: Answer) -> Answer:
    """Return a key item the model rewrite keeps as it is (no model wording to show)."""
    return Answer(**{**a.__dict__, "neutral_alternative": ""})


def _is_loaded(data: "CorpusAnalysis", hit) -> bool:
    cat = data.lexicon.categories.get(hit.entry.category)
    return bool(cat and cat.loaded)
