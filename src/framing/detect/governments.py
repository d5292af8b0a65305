"""Government cues: whether a source phrase speaks for a government, and which one.

Two data files under ``lexicons/sources/`` (documented in lexicons/README.md):

* ``governments.csv`` -- ``country,names,adjectives,party_to_conflict``: the
  names a text uses for a government as a source ("Moscow said", "Beijing
  says", "the Russian side") and the adjectives that place an official in a
  country ("Ukrainian military leaders", "the Iranian DM").
* ``official_titles.csv`` -- ``title``: words that make a source phrase an
  official one ("Deputy Prime Minister Iryna Vereshchuk", "the police",
  "Investigative Committee of Russia").

The credibility stage uses :func:`GovernmentCues.government_of` for sources
the outlet and official lists do not know, so that "Beijing" or "the
Kherson governor" counts as a government source rather than an independent
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.core.errors import Problem
from framing.detect.outlets import _Index, _bundled_file, _bool, _lexicon_dir, _mtime, _read_csv

GOVERNMENTS_FILE = "sources/governments.csv"
TITLES_FILE = "sources/official_titles.csv"
GOVERNMENT_COLUMNS = ("country", "names", "adjectives", "party_to_conflict")


@dataclass(frozen=True)
class Government:
    """One row of ``governments.csv``."""

    country: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    party_to_conflict: bool


@dataclass(frozen=True, eq=False)
class GovernmentCues:
    """The government names, country adjectives and official titles, compiled for matching."""

    governments: tuple[Government, ...]
    titles: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", _Index.build((g.country, g.names) for g in self.governments))
        object.__setattr__(self, "_adjs", _Index.build((g.country, g.adjectives) for g in self.governments))
        short = [t for t in self.titles if len(t) <= 3]
        long_ = [t for t in self.titles if len(t) > 3]
        pats = []
        if long_:
            pats.append(r"(?i:\b(?:" + "|".join(re.escape(t) for t in sorted(long_, key=len, reverse=True))
                        + r")s?\b)")
        if short:
            pats.append(r"\b(?:" + "|".join(re.escape(t) for t in short) + r")\b")
        object.__setattr__(self, "_title_re", re.compile("|".join(pats)) if pats else None)

    def _country(self, text: str) -> Government | None:
        hits = self._names.find(text) + self._adjs.find(text)  # type: ignore[attr-defined]
        if not hits:
            return None
        hits.sort(key=lambda h: h[0])
        return self.governments[hits[0][2]]

    def named_government(self, source: str) -> Government | None:
        """Return the government a phrase *is* by name ("Beijing", "the Russian side"), else None."""
        text = " ".join(source.split())
        idx = self._names.exact(text.removeprefix("the ").removeprefix("The "))  # type: ignore[attr-defined]
        if idx is None:
            idx = self._names.exact(text)  # type: ignore[attr-defined]
        return self.governments[idx] if idx is not None else None

    def government_of(self, source: str) -> tuple[bool, Government | None]:
        """Return ``(is_government, government)`` for a source phrase the lists do not know.

        A phrase that *is* a government's name ("Beijing", "the Russian
        side") is that government; a phrase with an official title
        ("Deputy Prime Minister ...", "Ukraine's army") is a government
        source, placed in the first country it names (else ``None``).
        """
        text = " ".join(source.split())
        if not text:
            return False, None
        gov = self.named_government(text)
        if gov is not None:
            return True, gov
        title_re = self._title_re  # type: ignore[attr-defined]
        if title_re is not None and title_re.search(text):
            return True, self._country(text)
        return False, None


def load_government_cues(directory: str | Path | None = None) -> GovernmentCues:
    """Return the :class:`GovernmentCues` of a lexicon folder (bundled files where it has none)."""
    base = _lexicon_dir(directory)
    gpath = base / GOVERNMENTS_FILE
    if not gpath.is_file():
        gpath = _bundled_file(GOVERNMENTS_FILE)
    tpath = base / TITLES_FILE
    if not tpath.is_file():
        tpath = _bundled_file(TITLES_FILE)
    return _load(str(gpath), _mtime(gpath), str(tpath), _mtime(tpath))


def _split(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


@lru_cache(maxsize=8)
def _load(gpath: str, _gm: int, tpath: str, _tm: int) -> GovernmentCues:
    """Load both files; cached by path and modification time."""
    problems: list[Problem] = []
    govs: list[Government] = []
    if Path(gpath).is_file():
        for line, r in _read_csv(Path(gpath), GOVERNMENT_COLUMNS, problems):
            party = _bool(r["party_to_conflict"], Path(gpath), line, "party_to_conflict", problems)
            if not r["country"] or party is None:
                continue
            govs.append(Government(r["country"], _split(r["names"]), _split(r["adjectives"]), party))
    titles: list[str] = []
    if Path(tpath).is_file():
        for _line, r in _read_csv(Path(tpath), ("title",), problems):
            if r["title"]:
                titles.append(r["title"])
    return GovernmentCues(tuple(govs), tuple(titles), tuple(problems))
