"""Outlets and officials as data: load ``lexicons/outlets.csv`` and resolve source names to them.

The credibility and provenance stages ask one question of every source a
text names ("according to TASS", "Putin's website", "the CNS") and of every
endnote outlet and link: *which outlet (or official) is this, and what kind?*
The answer comes from two researcher-editable CSV files, never from code:

* ``lexicons/outlets.csv`` -- ``name, aliases, country, type,
  party_to_conflict[, notes, ...]``; aliases are ``|``-separated and may be
  web domains (``tass.com``), which also resolve links and endnote URLs.
  ``type`` is one of :data:`OUTLET_TYPES`.  Extra columns a researcher adds
  are kept in :attr:`Outlet.extra`.
* ``lexicons/sources/officials.csv`` -- ``name, aliases, country, role,
  party_to_conflict[, institution, notes]``: named officials (Putin, Lavrov,
  Choe Son-hui, Zelensky, ...) whose words count as an official source.  It
  lives in a subfolder because every ``*.csv`` at the top of the lexicon
  folder is read as a lexicon entry file.

Matching rules (one place, so every stage resolves names alike):

1. Names and aliases match on word boundaries, case-insensitively, with
   hyphens and spaces treated alike and curly apostrophes folded
   ("Kim Jong-un" = "Kim Jong Un", "Putin’s website" = "Putin's website").
2. Aliases of at most :data:`CASE_SENSITIVE_MAX_LEN` letters (AP, RT, FT,
   CNS, CNR, NIS) match only as written: in lower case they are ordinary
   words or abbreviations ("5 ft", "rt").
3. When several names occur, the earliest wins, then the longest
   ("Yonhap news agency" -> Yonhap; "Choe Son-hui (relaying Kim Jong-un)" ->
   Choe Son-hui).
4. A URL resolves by its host: the host equals a domain alias or ends with
   ``.`` + the alias (``en.kremlin.ru`` -> the Kremlin).

Malformed rows are skipped and reported as :class:`~framing.core.errors.Problem`
records with ``file:line``, a reason and a fix; the lists themselves are
immutable.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping
from urllib.parse import urlsplit

import pandas as pd

from framing.core.errors import Problem

__all__ = ["OUTLET_TYPES", "STATE_TYPES", "Outlet", "Official", "OutletList", "OfficialList",
           "load_outlets", "load_officials", "url_host", "OUTLETS_FILE", "OFFICIALS_FILE"]

#: The outlet types ``outlets.csv`` may use (see ``lexicons/README.md``).
OUTLET_TYPES = ("state_media", "government_body", "independent_media", "wire", "think_tank", "forum")

#: Types that speak for a state: state-run media and government bodies.
#: Together with ``party_to_conflict`` they define "state reliance".
STATE_TYPES = frozenset({"state_media", "government_body"})

OUTLETS_FILE = "outlets.csv"
#: Relative to the lexicon folder; a subfolder so the lexicon loader, which
#: reads every top-level ``*.csv`` as entries, does not see it.
OFFICIALS_FILE = "sources/officials.csv"

OUTLET_COLUMNS = ("name", "aliases", "country", "type", "party_to_conflict")
OFFICIAL_COLUMNS = ("name", "aliases", "country", "role", "party_to_conflict")

#: Aliases this short (counting letters only) match case-sensitively:
#: "AP", "RT", "FT", "CNS" are names in capitals and common strings in lower case.
CASE_SENSITIVE_MAX_LEN = 3

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}
# Hyphen-like characters read as spaces; curly apostrophes as straight ones.
_FOLD = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2014": " ",
                       "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _fold(text: str) -> str:
    """Return ``text`` lower-cased and folded, *with the same length* (offsets stay valid).

    Characters whose lower case is longer than one character (rare: "İ") are
    kept as they are so a match's offsets can be read back from the original.
    """
    text = text.translate(_FOLD)
    low = text.lower()
    if len(low) == len(text):  # the common case: one pass in C
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def _case_fold_only(text: str) -> str:
    """Return ``text`` with hyphens and apostrophes folded but case kept (same length)."""
    return text.translate(_FOLD)


def _is_domain(alias: str) -> bool:
    return "." in alias and " " not in alias.strip() and not alias.strip().endswith(".")


def _letters(alias: str) -> int:
    return sum(ch.isalpha() for ch in alias)


def _alias_regex(alias: str) -> str:
    """Return the regex for one folded alias: words joined by any whitespace run."""
    return r"\s+".join(re.escape(w) for w in alias.split())


#: A web address in running text: ``http(s)://...`` or ``www....`` up to white
#: space, ``<>``, a straight or curly quote, or a closing bracket (any case).
#: Trailing sentence punctuation (``.,;:``) is still inside a match; callers
#: strip it where it matters.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"\u201c\u201d'\u2019)\]]+", re.I)


def url_host(url: str) -> str:
    """Return the lower-cased host of ``url`` without ``www.`` (``""`` when it has none)."""
    u = url.strip().strip("<>")
    if "://" not in u:
        u = "http://" + u
    try:
        host = urlsplit(u).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class _Index:
    """A compiled name index: keys with aliases -> matches in text.

    Two regexes: one over the folded text (case-insensitive aliases), one
    over the case-kept text (short acronyms).  Domains are also looked up by
    host suffix.  Built once per list; matching cost grows with the text.
    """

    insensitive: re.Pattern[str] | None
    sensitive: re.Pattern[str] | None
    by_alias: Mapping[str, int]
    by_exact: Mapping[str, int]
    by_domain: Mapping[str, int]

    @classmethod
    def build(cls, names: Iterable[tuple[str, Iterable[str]]]) -> "_Index":
        """Return the index of ``(name, aliases)`` pairs; item ``i`` is the i-th pair."""
        ins: dict[str, int] = {}
        sens: dict[str, int] = {}
        exact: dict[str, int] = {}
        domains: dict[str, int] = {}
        for i, (name, aliases) in enumerate(names):
            for alias in (name, *aliases):
                alias = " ".join(alias.split())
                if not alias:
                    continue
                exact.setdefault(_fold(alias), i)
                if _is_domain(alias):
                    domains.setdefault(alias.lower().removeprefix("www."), i)
                if _letters(alias) <= CASE_SENSITIVE_MAX_LEN and not _is_domain(alias):
                    sens.setdefault(_case_fold_only(alias), i)
                else:
                    ins.setdefault(_fold(alias), i)

        def compile_(aliases: Mapping[str, int]) -> re.Pattern[str] | None:
            if not aliases:
                return None
            # Longest first so the alternation prefers "yonhap news agency" over "yonhap".
            alts = sorted(aliases, key=len, reverse=True)
            return re.compile(r"(?<![\w])(?:" + "|".join(_alias_regex(a) for a in alts) + r")(?![\w])")

        return cls(compile_(ins), compile_(sens), MappingProxyType({**ins, **sens}),
                   MappingProxyType(exact), MappingProxyType(domains))

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Return ``(start, end, item)`` for every alias occurrence in ``text``, in text order."""
        out: list[tuple[int, int, int]] = []
        if self.insensitive is not None:
            folded = _fold(text)
            for m in self.insensitive.finditer(folded):
                key = " ".join(m.group(0).split())
                if key in self.by_alias:
                    out.append((m.start(), m.end(), self.by_alias[key]))
        if self.sensitive is not None:
            kept = _case_fold_only(text)
            for m in self.sensitive.finditer(kept):
                key = " ".join(m.group(0).split())
                if key in self.by_alias:
                    out.append((m.start(), m.end(), self.by_alias[key]))
        out.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        return out

    def best(self, text: str) -> int | None:
        """Return the item named earliest in ``text`` (the longest name at that place), or None."""
        hits = self.find(text)
        return hits[0][2] if hits else None

    def host(self, host: str) -> int | None:
        """Return the item whose domain alias is ``host`` or a parent domain of it, or None."""
        host = host.lower().removeprefix("www.")
        parts = host.split(".")
        for k in range(len(parts) - 1):
            item = self.by_domain.get(".".join(parts[k:]))
            if item is not None:
                return item
        return None

    def exact(self, name: str) -> int | None:
        """Return the item whose name or alias is exactly ``name`` (folded), or None."""
        return self.by_exact.get(_fold(" ".join(name.split())))


@dataclass(frozen=True)
class Outlet:
    """One row of ``outlets.csv``; ``file``/``line`` say where it was defined."""

    name: str
    aliases: tuple[str, ...]
    country: str
    type: str
    party_to_conflict: bool
    notes: str = ""
    file: str = ""
    line: int = 0
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_state(self) -> bool:
        """Return True for state media and government bodies (they speak for a state)."""
        return self.type in STATE_TYPES

    @property
    def domains(self) -> tuple[str, ...]:
        """Return the aliases that are web domains (``tass.com``)."""
        return tuple(a for a in self.aliases if _is_domain(a))


@dataclass(frozen=True)
class Official:
    """One row of ``officials.csv``: a named official whose words are an official source."""

    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    party_to_conflict: bool
    institution: str = ""
    notes: str = ""
    file: str = ""
    line: int = 0


def _read_csv(path: Path, required: tuple[str, ...], problems: list[Problem]
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row dict)`` for each data row; report header and width problems."""
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, f"cannot read: {exc}", "save the file as UTF-8 text"))
        return
    reader = csv.reader(io.StringIO(data, newline=""))
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if header is None:
            if not row or not any(c.strip() for c in row):
                continue
            header = [c.strip().lower() for c in row]
            missing = [c for c in required if c not in header]
            if missing:
                problems.append(Problem(str(path), line, f"bad header: missing column(s) {', '.join(missing)}",
                                        "the header must start " + ",".join(required)))
                return
            continue
        if not row or not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) != len(header):
            problems.append(Problem(str(path), line, f"{len(row)} fields where the header has {len(header)}",
                                    "quote fields that contain commas"))
            continue
        yield line, {k: v.strip() for k, v in zip(header, row)}


def _bool(value: str, path: Path, line: int, column: str, problems: list[Problem]) -> bool | None:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    problems.append(Problem(str(path), line, f"{column} is {value!r}", "write true or false"))
    return None


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


def _check_duplicates(names: list[tuple[str, tuple[str, ...], int]], path: Path,
                      problems: list[Problem]) -> set[int]:
    """Report aliases claimed by two rows; return the row positions to drop (later duplicates of a name)."""
    seen: dict[str, tuple[str, int]] = {}
    drop: set[int] = set()
    for pos, (name, aliases, line) in enumerate(names):
        key = _fold(name)
        if key in seen and seen[key][0] == name:
            problems.append(Problem(str(path), line, f"duplicate name {name!r} (first at line {seen[key][1]})",
                                    "merge the two rows"))
            drop.add(pos)
            continue
        for alias in (name, *aliases):
            k = _fold(alias)
            if k in seen and seen[k][0] != name:
                # Rule 3 needs one owner per alias; the first row keeps it.
                problems.append(Problem(str(path), line,
                                        f"alias {alias!r} already names {seen[k][0]!r} (line {seen[k][1]})",
                                        "remove the alias from one of the rows"))
            else:
                seen.setdefault(k, (name, line))
    return drop


@dataclass(frozen=True, eq=False)
class OutletList:
    """An immutable list of outlets with name resolution (see the module rules).

    ``problems`` lists the rows that were skipped, each with ``file:line``.
    """

    outlets: tuple[Outlet, ...]
    path: str = ""
    problems: tuple[Problem, ...] = ()
    _index: _Index = field(init=False, repr=False, compare=False)
    _by_name: Mapping[str, Outlet] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index.build((o.name, o.aliases) for o in self.outlets))
        object.__setattr__(self, "_by_name", MappingProxyType({o.name: o for o in self.outlets}))

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, name: str) -> Outlet | None:
        """Return the outlet whose canonical ``name`` is exactly ``name``, or None."""
        return self._by_name.get(name)

    def resolve(self, source_text: str) -> Outlet | None:
        """Return the outlet named in ``source_text`` ("as quoted by TASS" -> TASS), or None.

        A URL or bare domain in the text also resolves by its host.
        """
        if not source_text:
            return None
        item = self._index.best(source_text)
        if item is not None:
            return self.outlets[item]
        for tok in source_text.split():
            if "." in tok and ("/" in tok or _is_domain(tok.strip("<>.,;()"))):
                o = self.resolve_url(tok.strip("<>,;()"))
                if o is not None:
                    return o
        return None

    def resolve_url(self, url: str) -> Outlet | None:
        """Return the outlet whose domain alias matches the host of ``url``, or None."""
        host = url_host(url)
        if not host:
            return None
        item = self._index.host(host)
        return self.outlets[item] if item is not None else None

    def lookup(self, name: str) -> Outlet | None:
        """Return the outlet that ``name`` *is* (not merely mentions), or None.

        ``name`` must equal a name or alias, or be ``Name (ALIAS)`` with both
        parts naming the same outlet ("Institute for Security and Development
        Policy (ISDP)").  Used for catalog outlet strings, where "Western
        magazine relaying the Kremlin's text" must not become the Kremlin.
        """
        item = self._index.exact(name)
        if item is None:
            m = re.fullmatch(r"\s*(.+?)\s*\(([^()]+)\)\s*", name)
            if m:
                a, b = self._index.exact(m.group(1)), self._index.exact(m.group(2))
                if a is not None and a == b:
                    item = a
        return self.outlets[item] if item is not None else None

    def find_all(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Return ``(start, end, outlet)`` for every outlet name or alias in ``text``, in order."""
        return [(s, e, self.outlets[i]) for s, e, i in self._index.find(text)]

    def frame(self) -> pd.DataFrame:
        """Return one row per outlet: name, aliases, country, type, party_to_conflict, notes, file, line."""
        rows = [{"name": o.name, "aliases": "|".join(o.aliases), "country": o.country, "type": o.type,
                 "party_to_conflict": o.party_to_conflict, "notes": o.notes, "file": o.file,
                 "line": o.line, **dict(o.extra)} for o in self.outlets]
        return pd.DataFrame(rows)


@dataclass(frozen=True, eq=False)
class OfficialList:
    """An immutable list of named officials with name resolution (same rules as outlets)."""

    officials: tuple[Official, ...]
    path: str = ""
    problems: tuple[Problem, ...] = ()
    _index: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index.build((o.name, o.aliases) for o in self.officials))

    def __iter__(self) -> Iterator[Official]:
        return iter(self.officials)

    def __len__(self) -> int:
        return len(self.officials)

    def resolve(self, text: str) -> Official | None:
        """Return the official named in ``text`` ("Russian President Vladimir Putin" -> Putin), or None."""
        if not text:
            return None
        item = self._index.best(text)
        return self.officials[item] if item is not None else None

    def find_all(self, text: str) -> list[tuple[int, int, Official]]:
        """Return ``(start, end, official)`` for every official's name or alias in ``text``, in order."""
        return [(s, e, self.officials[i]) for s, e, i in self._index.find(text)]

    def frame(self) -> pd.DataFrame:
        """Return one row per official: name, aliases, country, role, party_to_conflict, institution."""
        return pd.DataFrame([{"name": o.name, "aliases": "|".join(o.aliases), "country": o.country,
                              "role": o.role, "party_to_conflict": o.party_to_conflict,
                              "institution": o.institution, "notes": o.notes, "file": o.file,
                              "line": o.line} for o in self.officials])


def _lexicon_dir(directory: str | Path | None) -> Path:
    if directory is None:
        from framing.core.config import lexicons_dir
        return lexicons_dir()
    return Path(directory)


def _bundled_file(rel: str) -> Path:
    from framing.core.config import _bundled
    return _bundled("lexicons") / rel


def load_outlets(directory: str | Path | None = None) -> OutletList:
    """Return the :class:`OutletList` of ``directory/outlets.csv`` (default: the lexicons in use).

    A folder without ``outlets.csv`` falls back to the bundled one, so a
    researcher's own lexicon folder need not copy it.  Malformed rows are
    skipped and listed in ``problems`` with ``file:line``.
    """
    path = _lexicon_dir(directory) / OUTLETS_FILE
    if not path.is_file():
        path = _bundled_file(OUTLETS_FILE)
    return _load_outlets(str(path), _mtime(path))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=16)
def _load_outlets(path_str: str, _mtime_ns: int) -> OutletList:
    """Load one outlets file; cached by path and modification time (the list is immutable)."""
    path = Path(path_str)
    problems: list[Problem] = []
    rows: list[Outlet] = []
    if not path.is_file():
        problems.append(Problem(str(path), None, "outlets.csv not found",
                                "add outlets.csv with header " + ",".join(OUTLET_COLUMNS)))
        return OutletList((), str(path), tuple(problems))
    known = set(OUTLET_COLUMNS) | {"notes"}
    for line, r in _read_csv(path, OUTLET_COLUMNS, problems):
        if not r["name"]:
            problems.append(Problem(str(path), line, "empty name", "give the outlet's usual name"))
            continue
        if r["type"] not in OUTLET_TYPES:
            problems.append(Problem(str(path), line, f"unknown type {r['type']!r}",
                                    "use one of " + ", ".join(OUTLET_TYPES)))
            continue
        party = _bool(r["party_to_conflict"], path, line, "party_to_conflict", problems)
        if party is None:
            continue
        extra = MappingProxyType({k: v for k, v in r.items() if k not in known})
        rows.append(Outlet(r["name"], _aliases(r["aliases"]), r["country"], r["type"], party,
                           r.get("notes", ""), path.name, line, extra))
    drop = _check_duplicates([(o.name, o.aliases, o.line) for o in rows], path, problems)
    return OutletList(tuple(o for i, o in enumerate(rows) if i not in drop), str(path), tuple(problems))


def load_officials(directory: str | Path | None = None) -> OfficialList:
    """Return the :class:`OfficialList` of ``directory/sources/officials.csv`` (bundled one if absent)."""
    path = _lexicon_dir(directory) / OFFICIALS_FILE
    if not path.is_file():
        path = _bundled_file(OFFICIALS_FILE)
    return _load_officials(str(path), _mtime(path))


@lru_cache(maxsize=16)
def _load_officials(path_str: str, _mtime_ns: int) -> OfficialList:
    """Load one officials file; cached by path and modification time (the list is immutable)."""
    path = Path(path_str)
    problems: list[Problem] = []
    rows: list[Official] = []
    if not path.is_file():
        return OfficialList((), str(path), ())
    for line, r in _read_csv(path, OFFICIAL_COLUMNS, problems):
        if not r["name"]:
            problems.append(Problem(str(path), line, "empty name", "give the official's full name"))
            continue
        party = _bool(r["party_to_conflict"], path, line, "party_to_conflict", problems)
        if party is None:
            continue
        rows.append(Official(r["name"], _aliases(r["aliases"]), r["country"], r["role"], party,
                             r.get("institution", ""), r.get("notes", ""), "sources/officials.csv", line))
    drop = _check_duplicates([(o.name, o.aliases, o.line) for o in rows], path, problems)
    return OfficialList(tuple(o for i, o in enumerate(rows) if i not in drop), str(path), tuple(problems))
