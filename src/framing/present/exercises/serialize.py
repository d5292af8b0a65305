"""Exercises as plain JSON-able dicts and back, so a class set can be stored and marked later."""

from __future__ import annotations

import dataclasses
from typing import Any

from framing.present.exercises.records import Answer, Exercise, Passage, Question


def exercise_to_dict(ex: Exercise) -> dict[str, Any]:
    """Return ``ex`` as a dict of JSON types (tuples become lists)."""
    return dataclasses.asdict(ex)


def _tuples(x: Any) -> Any:
    if isinstance(x, list):
        return tuple(_tuples(v) for v in x)
    return x


def exercise_from_dict(d: dict[str, Any]) -> Exercise:
    """Return the :class:`Exercise` a :func:`exercise_to_dict` dict describes."""
    d = dict(d)
    passages = tuple(Passage(**{k: _tuples(v) for k, v in p.items()}) for p in d.pop("passages"))
    questions = tuple(Question(**{k: _tuples(v) for k, v in q.items()}) for q in d.pop("questions"))
    answers = tuple(Answer(**a) for a in d.pop("answers"))
    rest = {k: _tuples(v) for k, v in d.items()}
    return Exercise(passages=passages, questions=questions, answers=answers, **rest)
