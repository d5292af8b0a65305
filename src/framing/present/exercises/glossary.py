"""The classroom glossary: plain-language definitions of the stance labels, categories and terms a worksheet uses.

Read from ``classroom/glossary.csv`` in the lexicon folder (``term,kind,definition,example``;
``kind`` is ``category``, ``stance`` or ``term``), falling back to the bundled file, so a
teacher edits the wording without touching code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from framing.core.errors import InputError

GLOSSARY_FILE = "classroom/glossary.csv"


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary row."""

    term: str
    kind: str
    definition: str
    example: str = ""


def glossary_path(lexicon_dir: str | Path | None = None) -> Path:
    """Return the glossary file of a lexicon folder, or the bundled one when the folder has none."""
    from framing.core.config import _bundled
    if lexicon_dir:
        p = Path(lexicon_dir) / GLOSSARY_FILE
        if p.is_file():
            return p
    return _bundled("lexicons") / GLOSSARY_FILE


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[GlossaryEntry, ...]:
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not {"term", "definition"} <= set(reader.fieldnames or []):
            raise InputError("missing column(s) term/definition", path, 1,
                             "use the header term,kind,definition,example")
        for n, row in enumerate(reader, 2):
            term = (row.get("term") or "").strip()
            if not term:
                raise InputError("empty term", path, n, "give every row a term or delete it")
            out.append(GlossaryEntry(term, (row.get("kind") or "term").strip(), (row.get("definition") or "").strip(),
                                     (row.get("example") or "").strip()))
    return tuple(out)


def load_glossary(lexicon_dir: str | Path | None = None) -> dict[str, GlossaryEntry]:
    """Return the glossary keyed by lower-cased term."""
    return {e.term.lower(): e for e in _read(str(glossary_path(lexicon_dir)))}


def define(term: str, lexicon_dir: str | Path | None = None) -> str:
    """Return the definition of ``term`` ('' when the glossary lacks it)."""
    e = load_glossary(lexicon_dir).get(term.lower().replace(" ", "_")) or load_glossary(lexicon_dir).get(term.lower())
    return e.definition if e else ""


def glossary_for(terms: Iterable[str], lexicon_dir: str | Path | None = None) -> list[GlossaryEntry]:
    """Return the glossary entries of ``terms`` (categories, stances, terms) that the glossary has, in first-seen order."""
    g = load_glossary(lexicon_dir)
    out: list[GlossaryEntry] = []
    for t in terms:
        e = g.get(t.lower()) or g.get(t.lower().replace("_", " "))
        if e is not None and e not in out:
            out.append(e)
    return out
