"""What a teacher plans with: time estimates, rubrics for free-text tasks, and sample answers for the key.

Rubrics are the researcher-edited ``classroom/rubrics.csv`` of the lexicon folder
(``kind,criterion,points,full_marks,sample``), falling back to the bundled one.
Time estimates are a reading time plus a time per thing to answer, from the
constants below (rounded up to whole minutes).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from framing.core.errors import InputError
from framing.present.exercises.records import Exercise

RUBRICS_FILE = "classroom/rubrics.csv"
#: Words a minute a secondary-school student reads closely (the slow, careful reading the tasks ask for).
READING_WPM = 120
#: Minutes per thing to answer, by kind: a word-bank item, a voice phrase, a sentence, a free-text question.
ANSWER_MINUTES = {"spot": 0.5, "voice": 1.0, "sourcing": 1.0, "source": 3.0, "rewrite": 6.0, "frames": 4.0}


@dataclass(frozen=True)
class Criterion:
    """One rubric row: what earns ``points`` for a free-text task."""

    kind: str
    criterion: str
    points: int
    full_marks: str


def _rubric_path(lexicon_dir: str | Path | None) -> Path:
    from framing.core.config import _bundled
    if lexicon_dir:
        p = Path(lexicon_dir) / RUBRICS_FILE
        if p.is_file():
            return p
    return _bundled("lexicons") / RUBRICS_FILE


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[Criterion, ...]:
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            try:
                pts = int(row.get("points") or 0)
            except ValueError:
                raise InputError("points is not a whole number", path, n, "write points as 1, 2, 3...") from None
            out.append(Criterion((row.get("kind") or "").strip(), (row.get("criterion") or "").strip(), pts,
                                 (row.get("full_marks") or "").strip()))
    return tuple(out)


def rubric(kind: str, lexicon_dir: str | Path | None = None) -> list[Criterion]:
    """Return the rubric criteria for free-text answers of ``kind`` ([] when it has none)."""
    return [c for c in _read(str(_rubric_path(lexicon_dir))) if c.kind == kind]


def minutes(ex: Exercise) -> int:
    """Return the estimated minutes for one exercise: close reading of its passages plus time per answer."""
    words = sum(len(p.text.split()) for p in ex.passages)
    if ex.kind == "spot":
        things = len(ex.questions[0].choices) if ex.questions else 0
    elif ex.kind in ("voice", "sourcing"):
        things = len(ex.questions)
    else:
        things = len(ex.questions)
    return max(1, math.ceil(words / READING_WPM + things * ANSWER_MINUTES.get(ex.kind, 1.0)))


def total_minutes(exercises: Sequence[Exercise]) -> int:
    """Return the estimated minutes for a whole sheet."""
    return sum(minutes(e) for e in exercises)


def sample_answer(ex: Exercise) -> str:
    """Return a sample full-marks answer for a free-text task, built from the key ('' for other kinds)."""
    if ex.kind == "rewrite":
        return ex.model_answer
    if ex.kind == "source":
        cues = [a for a in ex.answers[1:] if a.text][:3]
        bits = "; ".join(f"“{a.text}” ({a.category.replace('_', ' ')})" for a in cues)
        return (f"It reads like {ex.answers[0].text}: " + (bits + ". " if bits else "")
                + "I would search for the outlet and for other reports of the same event.")
    if ex.kind == "frames":
        labels = {i: (p.label or f"Passage {i + 1}") for i, p in enumerate(ex.passages)}
        loaded = [a for a in ex.answers if a.question == "q1"][:2]
        srcs = [a for a in ex.answers if a.question == "q2"][:2]
        left = [a for a in ex.answers if a.question == "q3"][:1]
        parts = []
        if loaded:
            parts.append("Word choice: " + "; ".join(
                f"{labels.get(a.passage, '')} says “{a.text}” "
                f"({'in its own voice' if a.voice == 'own' else 'quoting ' + (a.speaker or 'someone')})"
                for a in loaded) + ".")
        if srcs:
            parts.append("Sourcing: " + "; ".join(f"{labels.get(a.passage, '')} cites {a.text}" for a in srcs) + ".")
        if left:
            parts.append(f"Left out: no {left[0].text} account covers the claim.")
        return " ".join(parts)
    return ""
