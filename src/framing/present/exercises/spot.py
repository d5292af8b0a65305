"""``spot`` exercises: pick the loaded phrases of a passage from a word bank of answers and checked distractors."""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from framing.present.exercises.keys import DISTRACTOR_MIN_ZIPF

#: Distractors come only from sentences without a cue.  Read on framing-dev under cross-validation:
#: distractor agreement with the gold spans rises from 0.947 to 0.989, because the words beside a
#: loaded phrase are often part of a longer one ("Russian blood is on the hands").
STRICT_SENTENCES = True
#: A word bank needs at least this many distractors, or the task is only to circle everything.
MIN_DISTRACTORS = 2
#: Characters a fallback distractor keeps from any flagged word (about ten words; read on framing-dev:
#: 12 gave distractor agreement 0.965 under cross-validation, 60 gives 0.988).
FAR_MARGIN = 60
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
    doc_text = view.docs[w.doc_id].text
    cue_sents = [(a, b) for a, b in passage.sentences
                 if any(a <= c.match.start - passage.start < b for c in all_cues)] if STRICT_SENTENCES else []

    def far(s: int, e: int) -> bool:
        return not key.is_flagged(s + passage.start, e + passage.start, margin=FAR_MARGIN)

    def sentence_has_cue(s: int) -> bool:
        """Words beside a loaded phrase are often part of it ("national supremacy"): not distractors."""
        return any(a <= s < b for a, b in cue_sents)
    cats = data.lexicon.categories

    def clean(s: int, e: int, t: str) -> bool:
        """True when no detector reads ``t`` (at passage offsets s:e) as loaded, in context or alone."""
        if key.is_flagged(s + passage.start, e + passage.start, margin=2):
            return False
        if " " not in t and zipf_frequency(t.lower(), "en") < DISTRACTOR_MIN_ZIPF:
            return False
        if t[:1].islower() and re.search(rf"(?<![\w-]){re.escape(t[:1].upper() + t[1:])}(?![\w-])", doc_text):
            return False  # "russian" where the text also writes "Russian": lower case may be the insult
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
    pool = _pick(near, words, free, clean, answer_keys, taken, rng, sentence_has_cue, strict=True)
    if len(pool) < MIN_DISTRACTORS:
        # a short passage where every sentence holds a cue: words well away from any
        # flagged word ("neighbours" in "waged a holy war against its neighbours")
        pool += _pick(near, words, free, lambda s, e, t: clean(s, e, t) and far(s, e), answer_keys,
                      taken, rng, sentence_has_cue, strict=False)
    distractors = pool[:level.distractors]
    if len(distractors) < MIN_DISTRACTORS:
        return None
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


def _pick(near, words, free, clean, answer_keys, taken, rng: random.Random, sentence_has_cue,
          strict: bool) -> list[tuple[int, int, str]]:
    """Return distractor candidates in the order offered: near misses first, then ordinary words.

    ``strict`` keeps only words of sentences without a cue.  ``taken`` grows
    with each pick, so one thing is never offered twice ("It is not excluded"
    and "excluded").
    """
    pool: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for group in (near, words):
        group = [g for g in group if free(g[0], g[1]) and norm_phrase(g[2]) not in answer_keys
                 and clean(*g) and (not strict or not sentence_has_cue(g[0]))]
        rng.shuffle(group)
        for s, e, t in group:
            k = norm_phrase(t)
            if k in seen or any(k in a or a in k for a in answer_keys) or not free(s, e):
                continue
            seen.add(k)
            pool.append((s, e, t))
            taken.append((s, e))
    return pool
