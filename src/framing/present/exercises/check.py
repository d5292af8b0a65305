"""Answer checking: score a student's response against an exercise's key, with the key's explanations."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Mapping, cast

from framing.core.errors import FramingError
from framing.present.exercises.common import matcher_for
from framing.present.exercises.records import Answer, Exercise, Feedback
from framing.present.exercises.settings import (
    KINDS,
    OWN_CHOICE,
    QUOTED_PREFIX,
    REWRITE_MIN_KEPT,
    UNNAMED_SPEAKER,
    stop_words,
)
from framing.present.exercises.wording import norm_phrase, same_speaker
from framing.text.tokens import TOKEN_RE

if TYPE_CHECKING:
    from framing.detect.lexicon import Lexicon


def check_answer(exercise: Exercise, student_response: object, lexicon: "Lexicon | None" = None) -> Feedback:
    """Return :class:`Feedback` on a student's response to ``exercise``.

    Responses by kind:

    * ``spot``: the phrases marked (strings, any case) or ``(start, end)``
      spans of the passage.  Score = right / (answers + wrong marks), so
      marking everything does not pay.
    * ``voice``: ``{question id or phrase: choice}``; a choice is one of the
      question's choices, or just ``"own"``/``"quoted"``.  A right voice with
      the wrong speaker earns half.
    * ``source``: the stance guessed (a string).
    * ``rewrite``: the rewritten text.  The matcher re-reads it; each loaded
      phrase of the passage (outside direct quotes) that is gone counts as
      right, each that remains as missed, each new loaded phrase as wrong.
      Keeping less than :data:`REWRITE_MIN_KEPT` of the passage's other
      content words caps the score.  ``lexicon`` defaults to the one the
      exercise was made with.
    * ``sourcing``: the sentence numbers (1-based) ticked as naming their
      source, or ``{number: bool}``.
    * ``frames``: free text (or ``{question id: text}``); a rough self-check
      counting the key's items mentioned.
    """
    kind = exercise.kind
    if kind == "spot":
        return _check_spot(exercise, student_response)
    if kind == "voice":
        return _check_voice(exercise, student_response)
    if kind == "source":
        return _check_source(exercise, student_response)
    if kind == "rewrite":
        return _check_rewrite(exercise, str(student_response or ""), lexicon)
    if kind == "sourcing":
        return _check_sourcing(exercise, student_response)
    if kind == "frames":
        return _check_frames(exercise, student_response)
    raise FramingError(f"unknown exercise kind {kind!r}", fix="use one of: " + ", ".join(KINDS))


def _explain(a: Answer) -> str:
    bits = [f"“{a.text}” ({a.category.replace('_', ' ')})"]
    if a.explanation:
        bits.append(a.explanation)
    if a.neutral_alternative:
        bits.append(f"Neutral: {a.neutral_alternative}.")
    return " ".join(bits)


def _check_spot(ex: Exercise, response: object) -> Feedback:
    picks = list(cast("Iterable[object]", response or []))
    answers = list(ex.answers)
    hit: set[int] = set()
    wrong: list[str] = []
    text = ex.passage.text
    for r in picks:
        if isinstance(r, (tuple, list)) and len(r) == 2:
            s, e = int(r[0]), int(r[1])
            idx = [i for i, a in enumerate(answers) if s < a.end and a.start < e]
            label = text[s:e]
        else:
            label = str(r)
            k = norm_phrase(label)
            idx = [i for i, a in enumerate(answers) if norm_phrase(a.text) == k]
        if idx:
            hit.update(idx)
        elif label.strip():
            wrong.append(label)
    # the same phrase twice is one thing to find, not two
    keys: dict[str, list[int]] = {}
    for i, a in enumerate(answers):
        keys.setdefault(norm_phrase(a.text), []).append(i)
    found = [k for k, ids in keys.items() if any(i in hit for i in ids)]
    missed = [k for k in keys if k not in found]
    score = len(found) / (len(keys) + len(wrong)) if keys else 0.0
    first = {k: answers[ids[0]] for k, ids in keys.items()}
    expl = [("Right: " if k in found else "Missed: ") + _explain(first[k]) for k in keys]
    for w in wrong:
        expl.append(f"Not loaded: “{w}” " + _why_not_loaded(ex, w))
    return Feedback(round(score, 4), tuple(first[k].text for k in found), tuple(first[k].text for k in missed),
                    tuple(wrong), tuple(expl))


def _why_not_loaded(ex: Exercise, phrase: str) -> str:
    """Explain why a phrase a student marked is not in the key (a non-loaded lexicon entry, or ordinary wording)."""
    try:
        lex = lexicon_for(ex)
    except Exception:  # noqa: BLE001 - an explanation is optional
        return "describes rather than judges here."
    hits = matcher_for(lex).match_text(phrase)
    for h in hits:
        cat = lex.categories.get(h.entry.category)
        if cat is not None and not cat.loaded:
            return (f"is a {cat.name.replace('_', ' ')} word, not loaded language: {cat.description}")
    return "is ordinary descriptive wording in this passage (the lexicon does not list it as loaded)."


def _choice_voice(choice: str) -> tuple[str, str]:
    c = (choice or "").strip()
    low = c.lower()
    if low in ("own", OWN_CHOICE.lower(), "outlet", "the outlet"):
        return "own", ""
    if low.startswith(QUOTED_PREFIX):
        return "quoted", c[len(QUOTED_PREFIX):].strip()
    if low == "quoted":
        return "quoted", ""
    return "quoted", c


def _check_voice(ex: Exercise, response: object) -> Feedback:
    resp = dict(response or {}) if isinstance(response, Mapping) else {}
    by_q = {a.question: a for a in ex.answers}
    total = 0.0
    correct, missed, wrong, expl = [], [], [], []
    for q in ex.questions:
        a = by_q.get(q.id)
        if a is None:
            continue
        choice = resp.get(q.id, resp.get(q.target))
        truth = OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + (a.speaker or UNNAMED_SPEAKER)
        if choice is None:
            missed.append(a.text)
            expl.append(f"Not answered: “{a.text}”: {truth}. {a.explanation}")
            continue
        v, who = _choice_voice(str(choice))
        if v != a.voice:
            wrong.append(a.text)
            expl.append(f"Wrong: “{a.text}”: {truth}. {a.explanation}")
            continue
        if v == "own" or not who or same_speaker(who, a.speaker or UNNAMED_SPEAKER) \
                or (who == UNNAMED_SPEAKER and a.speaker.startswith("unnamed")):
            total += 1
            correct.append(a.text)
            expl.append(f"Right: “{a.text}”: {truth}. {a.explanation}")
        else:
            total += 0.5
            wrong.append(a.text)
            expl.append(f"Half right: “{a.text}” is quoted, but from {a.speaker or UNNAMED_SPEAKER}, "
                        f"not {who}. {a.explanation}")
    n = len(by_q)
    return Feedback(round(total / n, 4) if n else 0.0, tuple(correct), tuple(missed), tuple(wrong), tuple(expl))


def _check_source(ex: Exercise, response: object) -> Feedback:
    guess = str(response or "").strip()
    truth = ex.answers[0]
    cues = [a for a in ex.answers[1:]]
    expl = [f"Clue: {_explain(c)}" for c in cues]
    if guess == truth.text:
        return Feedback(1.0, (truth.text,), (), (), (f"Right: {truth.explanation}", *expl))
    return Feedback(0.0, (), (truth.text,), (guess,) if guess else (),
                    (f"Not {guess or 'answered'}: {truth.explanation}", *expl))


def _check_sourcing(ex: Exercise, response: object) -> Feedback:
    if isinstance(response, Mapping):
        ticked = {int(k) for k, v in response.items() if v}
    else:
        ticked = {int(x) for x in cast("Iterable[Any]", response or [])}
    correct, missed, wrong, expl = [], [], [], []
    answers = [a for a in ex.answers if a.question.startswith("s")]
    for k, a in enumerate(answers, 1):
        named = a.category == "named"
        label = f"Sentence {k}"
        if (k in ticked) == named:
            correct.append(label)
            expl.append(f"Right: {label}: {a.explanation}")
        elif named:
            missed.append(label)
            expl.append(f"Missed: {label}: {a.explanation}")
        else:
            wrong.append(label)
            expl.append(f"Wrong: {label}: {a.explanation}")
    n = len(answers)
    return Feedback(round(len(correct) / n, 4) if n else 0.0, tuple(correct), tuple(missed), tuple(wrong),
                    tuple(expl))


def _check_frames(ex: Exercise, response: object) -> Feedback:
    text = " ".join(response.values()) if isinstance(response, Mapping) else str(response or "")
    low = norm_phrase(text)
    items = [a for a in ex.answers if a.category in ("loaded_own", "loaded_quoted", "source_named",
                                                     "source_vague", "distinctive", "not_covered")]
    seen: dict[str, Answer] = {}
    for a in items:
        seen.setdefault(norm_phrase(a.text), a)
    correct = [a.text for k, a in seen.items() if k and k in low]
    missed = [a.text for k, a in seen.items() if k and k not in low]
    expl = [("Mentioned: " if norm_phrase(a.text) in low else "Not mentioned: ") + _explain(a)
            for a in seen.values()]
    n = len(seen)
    return Feedback(round(len(correct) / n, 4) if n else 0.0, tuple(correct), tuple(missed), (), tuple(expl))


_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


@lru_cache(maxsize=4)
def _load_lexicon_cached(directory: str):
    from framing.detect.lexicon import load_lexicon
    return load_lexicon(directory or None)


def lexicon_for(ex: Exercise) -> "Lexicon":
    """Return the lexicon the exercise was made with (loaded once per folder)."""
    return _load_lexicon_cached(ex.lexicon_dir)


def _check_rewrite(ex: Exercise, text: str, lexicon: "Lexicon | None") -> Feedback:
    lex = lexicon or lexicon_for(ex)
    quoted = [m.span() for m in _QUOTED_RE.finditer(text)]
    hits = [h for h in matcher_for(lex).match_text(text)
            if (c := lex.categories.get(h.entry.category)) is not None and c.loaded
            and not any(s <= h.start and h.end <= e for s, e in quoted)]
    remaining = Counter(h.entry.id for h in hits)
    targets = [a for a in ex.answers if not a.explanation.startswith("Inside quotation marks")]
    target_ids = Counter(a.entry_id for a in targets)
    correct, missed, expl = [], [], []
    for a in targets:
        if remaining[a.entry_id] > 0:
            remaining[a.entry_id] -= 1
            missed.append(a.text)
            expl.append(f"Still loaded: {_explain(a)}")
        else:
            correct.append(a.text)
            expl.append(f"Reworded: {_explain(a)}")
    wrong = [h_text for h in hits if h.entry.id not in target_ids
             for h_text in [text[h.start:h.end]]]
    for w in wrong:
        expl.append(f"New loaded word: “{w}”: a neutral rewrite should not add loaded language.")
    score = len(correct) / (len(targets) + len(wrong)) if targets else 0.0
    kept = _kept_share(ex.passage.text, text, {norm_phrase(a.text) for a in ex.answers})
    if kept < REWRITE_MIN_KEPT:
        score = min(score, kept)
        expl.append(f"Your rewrite keeps only {kept:.0%} of the passage's other words: a neutral rewrite "
                    "rewords the loaded phrases and keeps the facts.")
    orig_quotes = [m.group()[1:-1] for m in _QUOTED_RE.finditer(ex.passage.text)]
    changed = [qt for qt in orig_quotes if len(qt.split()) > 1 and qt not in text
               and norm_phrase(qt) not in norm_phrase(text)]
    if changed:
        expl.append("Some quotations no longer appear word for word: if you paraphrased them, check that "
                    "it is still clear who said what.")
    return Feedback(round(score, 4), tuple(correct), tuple(missed), tuple(wrong), tuple(expl))


def _kept_share(original: str, rewrite: str, loaded: set[str]) -> float:
    """Return the share of ``original``'s ordinary content words (not loaded, not stop words) found in ``rewrite``."""
    stop = stop_words()

    def words(t: str) -> list[str]:
        return [w.lower() for w in TOKEN_RE.findall(t) if w.lower() not in stop and len(w) > 2]
    loaded_words = {w for phrase in loaded for w in phrase.split()}
    orig = [w for w in words(original) if w not in loaded_words]
    if not orig:
        return 1.0
    have = set(words(rewrite))
    return sum(1 for w in orig if w in have) / len(orig)


def category_colours(exercise: Exercise) -> dict[str, str]:
    """Return ``{category: "#rrggbb"}`` from the lexicon the exercise was made with ({} if it cannot be read)."""
    try:
        lex = lexicon_for(exercise)
    except Exception:  # noqa: BLE001 - colours are decoration; a key renders without them
        return {}
    return {name: c.colour for name, c in lex.categories.items()}


#: Feedback lines that name an answer the student did not give (they would reveal the key).
_KEY_LINES = ("Missed:", "Not answered:", "Not mentioned:", "Still loaded:")


def student_feedback(fb: Feedback) -> Feedback:
    """Return ``fb`` as a student may see it: the score, and explanations of what they answered only.

    Items the student missed are counted, not named, so answering nothing
    and reading the feedback does not reveal the key (the teacher's key is
    a separate page and file).
    """
    lines = [x for x in fb.explanations if not x.startswith(_KEY_LINES)]
    if fb.missed:
        n = len(fb.missed)
        lines.append(f"{n} item{'s' if n != 1 else ''} still to find or answer: look again.")
    return Feedback(fb.score, fb.correct, tuple("?" for _ in fb.missed), fb.wrong, tuple(lines))
