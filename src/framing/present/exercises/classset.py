"""A class set: one sheet in a version per student (same items, order and options shuffled by a per-student seed).

Every student gets the same exercises, so answers are comparable and one key
marks them all; only the order of the exercises and of the options within a
question changes, by ``random.Random`` seeded from the sheet's seed and the
student's name (the same name always gets the same version).  Each version
keeps the original exercise numbers in :attr:`StudentSheet.order` so answers
are stored and marked against the original items.
"""

from __future__ import annotations

import dataclasses
import random
import re
import zlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from framing.core.errors import FramingError, InputError
from framing.present.exercises.records import Exercise


@dataclass(frozen=True)
class StudentSheet:
    """One student's version: their name, seed, and the exercises in their order (``order[i]`` = original number)."""

    student: str
    seed: int
    exercises: tuple[Exercise, ...]
    order: tuple[int, ...]

    @property
    def slug(self) -> str:
        """Return the student's name as a file-name part ("Ana María" -> "ana-maria")."""
        return student_slug(self.student)


def student_slug(name: str) -> str:
    """Return a file-name-safe form of a student's name."""
    import unicodedata
    flat = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-") or f"student-{zlib.crc32(name.encode()):08x}"


def student_seed(sheet_seed: int, student: str) -> int:
    """Return the per-student seed: a stable hash of the sheet seed and the name (not Python's salted hash)."""
    return zlib.crc32(f"{sheet_seed}:{' '.join(student.split()).lower()}".encode("utf-8"))


def _shuffled(ex: Exercise, rng: random.Random, position: int) -> Exercise:
    questions = []
    for q in ex.questions:
        if q.response in ("phrases", "choice") and len(q.choices) > 1:
            choices = list(q.choices)
            rng.shuffle(choices)
            q = dataclasses.replace(q, choices=tuple(choices))
        questions.append(q)
    title = re.sub(r"\s+\d+$", "", ex.title) + f" {position}"
    return dataclasses.replace(ex, questions=tuple(questions), title=title)


def class_set(exercises: Sequence[Exercise], students: Iterable[str], seed: int = 0) -> list[StudentSheet]:
    """Return one :class:`StudentSheet` per student; raises FramingError for an empty or duplicated list."""
    names = [" ".join(s.split()) for s in students if s.strip()]
    if not names:
        raise FramingError("the class list has no names", fix="give one student name a line")
    slugs = [student_slug(n) for n in names]
    dup = sorted({n for n, s in zip(names, slugs) if slugs.count(s) > 1})
    if dup:
        raise FramingError(f"the class list names {', '.join(dup)} more than once (or as the same file name)",
                           fix="make each name unique, e.g. add an initial")
    numbers = [e.number for e in exercises]
    if len(set(numbers)) != len(numbers):
        raise FramingError("the exercises of a class set must be numbered 1, 2, 3... once each",
                           fix="make the sheet with one generate() call, or renumber the exercises")
    out = []
    for name in names:
        s = student_seed(seed, name)
        rng = random.Random(s)
        idx = list(range(len(exercises)))
        rng.shuffle(idx)
        exs = tuple(_shuffled(exercises[i], rng, pos) for pos, i in enumerate(idx, 1))
        out.append(StudentSheet(name, s, exs, tuple(exercises[i].number for i in idx)))
    return out


def read_class_list(path) -> list[str]:
    """Return the names of a class-list file (one a line; ``#`` comments and blank lines skipped)."""
    from pathlib import Path
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("class list not found", p, fix="give a text file with one student name a line") from None
    except UnicodeDecodeError:
        raise InputError("class list is not UTF-8 text", p, fix="save it as UTF-8 text") from None
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not names:
        raise InputError("class list has no names", p, 1, "write one student name a line")
    return names
