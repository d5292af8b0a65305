"""A small local store for a class: the sheets handed out, each student's saved answers and marks, and a summary.

One SQLite file, ``classroom.sqlite``, in a folder the teacher chooses (a
school laptop, a shared drive; nothing leaves it).  Tables:

``sheets``   ``sheet_id, title, created, seed, exercises`` (the exercises as JSON, so a
             sheet is marked against exactly the key it was printed with);
``students`` ``sheet_id, student, seed, order`` (the student's version, see :mod:`.classset`);
``answers``  ``sheet_id, student, exercise, response, score, feedback, saved`` (latest
             answer per student and exercise; marked with :func:`check_answer` when saved).

Writes are short transactions (``with connection``), so a page and a CLI can
share the file.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from framing.core.errors import FramingError, InputError
from framing.present.exercises.check import check_answer
from framing.present.exercises.classset import StudentSheet
from framing.present.exercises.records import Exercise, Feedback
from framing.present.exercises.serialize import exercise_from_dict, exercise_to_dict

if TYPE_CHECKING:
    import pandas as pd

STORE_FILE = "classroom.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sheets (sheet_id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL,
                                   seed INTEGER NOT NULL, exercises TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (sheet_id TEXT NOT NULL REFERENCES sheets(sheet_id), student TEXT NOT NULL,
                                     seed INTEGER NOT NULL, exercise_order TEXT NOT NULL,
                                     PRIMARY KEY (sheet_id, student));
CREATE TABLE IF NOT EXISTS answers (sheet_id TEXT NOT NULL, student TEXT NOT NULL, exercise INTEGER NOT NULL,
                                    response TEXT NOT NULL, score REAL NOT NULL, feedback TEXT NOT NULL,
                                    saved TEXT NOT NULL, PRIMARY KEY (sheet_id, student, exercise));
"""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ClassStore:
    """The class store in ``folder`` (created on first use)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError("the class folder is a file", self.folder, fix="give a folder (it is created if missing)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / STORE_FILE
        try:
            with closing(self._connect()) as con, con:
                con.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not a class store ({exc})", self.path,
                             fix="choose another folder, or move the file away") from None

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("PRAGMA foreign_keys = ON")
        return con

    # -- sheets -------------------------------------------------------------

    def save_sheet(self, sheet_id: str, exercises: Sequence[Exercise], title: str, seed: int,
                   versions: Sequence[StudentSheet] = ()) -> str:
        """Store a sheet (and its student versions) under ``sheet_id``, replacing one of that id; return the id."""
        if not sheet_id.strip():
            raise FramingError("a sheet needs a name", fix="give --sheet NAME (e.g. week3-spot)")
        data = json.dumps([exercise_to_dict(e) for e in exercises], ensure_ascii=False)
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM students WHERE sheet_id = ?", (sheet_id,))
            con.execute("INSERT OR REPLACE INTO sheets VALUES (?, ?, ?, ?, ?)", (sheet_id, title, _now(), seed, data))
            con.executemany("INSERT INTO students VALUES (?, ?, ?, ?)",
                            [(sheet_id, v.student, v.seed, json.dumps(list(v.order))) for v in versions])
        return sheet_id

    def sheets(self) -> list[str]:
        """Return the stored sheet ids, newest first."""
        with closing(self._connect()) as con:
            return [r[0] for r in con.execute("SELECT sheet_id FROM sheets ORDER BY created DESC, sheet_id")]

    def sheet(self, sheet_id: str) -> tuple[str, list[Exercise]]:
        """Return ``(title, exercises)`` of a stored sheet; raises FramingError naming the known ids."""
        with closing(self._connect()) as con:
            row = con.execute("SELECT title, exercises FROM sheets WHERE sheet_id = ?", (sheet_id,)).fetchone()
        if row is None:
            known = ", ".join(self.sheets()) or "none yet"
            raise FramingError(f"no sheet {sheet_id!r} in {self.path}", fix=f"use one of: {known}")
        return row[0], [exercise_from_dict(d) for d in json.loads(row[1])]

    def students(self, sheet_id: str) -> list[str]:
        """Return the students a sheet was handed out to (class-list order is not kept: sorted)."""
        with closing(self._connect()) as con:
            return [r[0] for r in con.execute("SELECT student FROM students WHERE sheet_id = ? ORDER BY student",
                                              (sheet_id,))]

    # -- answers --------------------------------------------------------------

    def record(self, sheet_id: str, student: str, exercise_number: int, response: object) -> Feedback:
        """Mark ``response`` with the sheet's key, save it as the student's latest answer, and return the feedback."""
        student = " ".join(student.split())
        if not student:
            raise FramingError("an answer needs the student's name", fix="type your name first")
        _, exercises = self.sheet(sheet_id)
        ex = next((e for e in exercises if e.number == exercise_number), None)
        if ex is None:
            raise FramingError(f"sheet {sheet_id!r} has no exercise {exercise_number}",
                               fix=f"use 1 to {len(exercises)}")
        fb = check_answer(ex, response)
        with closing(self._connect()) as con, con:
            con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (sheet_id, student, exercise_number, json.dumps(response, ensure_ascii=False, default=str),
                         fb.score, json.dumps(list(fb.explanations), ensure_ascii=False), _now()))
        return fb

    def answers(self, sheet_id: str) -> "pd.DataFrame":
        """Return the saved answers of a sheet: ``student, exercise, score, response, saved``."""
        import pandas as pd
        with closing(self._connect()) as con:
            rows = con.execute("SELECT student, exercise, score, response, saved FROM answers WHERE sheet_id = ? "
                               "ORDER BY student, exercise", (sheet_id,)).fetchall()
        return pd.DataFrame(rows, columns=["student", "exercise", "score", "response", "saved"])

    def summary(self, sheet_id: str) -> "pd.DataFrame":
        """Return the class summary: one row per student (handed out or answering), a column per exercise, and the mean.

        Scores are shares in [0, 1]; an exercise not answered is empty (NaN),
        and ``answered`` counts the exercises answered.  The last row,
        ``(class mean)``, averages each column over the students who answered.
        """
        import pandas as pd
        _, exercises = self.sheet(sheet_id)
        cols = [f"ex{e.number}" for e in exercises]
        df = self.answers(sheet_id)
        students = sorted(set(self.students(sheet_id)) | set(df["student"]))
        table = pd.DataFrame(index=pd.Index(students, name="student"), columns=cols, dtype="float64")
        for r in df.itertuples():
            table.loc[r.student, f"ex{r.exercise}"] = r.score
        table["answered"] = table[cols].notna().sum(axis=1).astype("float64")
        table["mean"] = table[cols].mean(axis=1)
        mean_row = table[cols + ["mean"]].mean(axis=0)
        mean_row["answered"] = table["answered"].mean() if len(table) else 0.0
        table.loc["(class mean)"] = mean_row
        return table.reset_index()
