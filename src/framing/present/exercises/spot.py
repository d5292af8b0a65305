"""``spot`` exercises: pick the loaded phrases of a passage from a word bank of answers and checked distractors."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from framing.present.exercises.keys import DISTRACTOR_MIN_ZIPF
from framing.present.exercises.common import matcher_for, phrase_answer, uncertain_notes
from framing.present.exercises.records import Exercise, Question
from framing.present.exercises.settings import KIND_TITLES, Level, stop_words
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import URL_RE, norm_phrase
from framing.text.tokens import TOKEN_RE

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def make_spot(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level,
              rng: random.Random) -> Exercise | None:
    """Return a ``spot`` exercise for window ``w`` (None when it has no sure loaded phrase).

    The answers are the window's sure cues (:mod:`.keys`); the distractors are
    words no detector reading flags (lexicon match, span row or model token
    probability), so a loaded word is never offered as "not loaded".  Uncertain
    cues are neither answers nor distractors: the teacher's notes list them.
    """
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    key = view.key(w.doc_id)
    all_cues = view.cues(w)
    answers = tuple(phrase_answer(view, data, m, passage, question="q1") for m in cues)
    taken = [(c.match.start - passage.start, c.match.end - passage.start) for c in all_cues]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    matcher = matcher_for(data.lexicon)
    cats = data.lexicon.categories

    def clean(s: int, e: int, t: str) -> bool:
        """True when no detector reads ``t`` (at passage offsets s:e) as loaded, in context or alone."""
        if key.is_flagged(s + passage.start, e + passage.start, margin=2):
            return False
        if " " not in t and zipf_frequency(t.lower(), "en") < DISTRACTOR_MIN_ZIPF:
            return False
        return not any((c := cats.get(h.entry.category)) is not None and c.loaded for h in matcher.match_text(t))

    answer_keys = {norm_phrase(a.text) for a in answers}
    near = [(m.start - passage.start, m.end - passage.start, m.text) for m in view.matches(w)
            if not m.loaded and m.category not in ("attribution", "toponym")]
    urls = [u.span() for u in URL_RE.finditer(passage.text)]
    # ordinary words as distractors: lower-case content words outside links
    # (names and URL pieces are never loaded, so offering them teaches nothing)
    stop = stop_words()
    words = [(mm.start(), mm.end(), mm.group()) for mm in TOKEN_RE.finditer(passage.text)
             if len(mm.group()) >= 4 and mm.group().lower() not in stop and mm.group()[0].islower()
             and not any(a <= mm.start() < b for a, b in urls)]
    pool: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for group in (near, words):
        group = [g for g in group if free(g[0], g[1]) and norm_phrase(g[2]) not in answer_keys
                 and clean(*g)]
        rng.shuffle(group)
        for s, e, t in group:
            k = norm_phrase(t)
            if k in seen or any(k in a or a in k for a in answer_keys) or not free(s, e):
                continue
            seen.add(k)
            pool.append((s, e, t))
            taken.append((s, e))  # "It is not excluded" and then "excluded" would be one thing twice
    distractors = pool[:level.distractors]
    options: list[tuple[int, str]] = []
    opt_seen: set[str] = set()
    for at, phrase in sorted([(a.start, a.text) for a in answers] + [(s, t) for s, _, t in distractors]):
        if norm_phrase(phrase) not in opt_seen:
            opt_seen.add(norm_phrase(phrase))
            options.append((at, phrase))
    n_find = len({norm_phrase(a.text) for a in answers})
    hint = f" There {'is' if n_find == 1 else 'are'} {n_find} to find." if level.count_hint else ""
    subtle = " Some are subtle: words that sound normal but carry a judgement." if level.subtle else ""
    instructions = ("Read the passage. From the word bank, circle every word or phrase that carries a "
                    "judgement or an emotion instead of just describing (loaded language, scare quotes, or "
                    "a place name chosen for its politics). For each one, write what a more neutral word "
                    f"would be.{hint}{subtle}")
    q = Question("q1", "Which of these words and phrases are loaded?", "phrases", tuple(t for _, t in options))
    return Exercise("spot", n, f"{KIND_TITLES['spot']} {n}", instructions, (passage,), (q,), answers,
                    level.name, 0, notes=uncertain_notes(view, w), lexicon_dir=data.lexicon.directory)
