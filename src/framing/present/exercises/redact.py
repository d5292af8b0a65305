"""Publisher names and their removal: the names that identify an outlet, and a passage with them redacted.

``source`` exercises hide who published a passage; the names come from the
catalog (outlet, URL) and the lexicon folder's ``outlets.csv`` aliases.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from framing.core.types import UNKNOWN
from framing.present.exercises.settings import OUTLET_PLACEHOLDER
from framing.present.exercises.wording import URL_RE

#: Lower-case words allowed inside an organisation's name ("Center for National Resistance").
_NAME_LINKS = frozenset({"for", "of", "and", "the", "on", "in", "de", "du", "la", "le", "des", "&"})


def _nameish(s: str) -> bool:
    """True when ``s`` reads as a proper name: capitalised words, with only linking words in lower case."""
    words = s.split()
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_LINKS for w in words)


def outlet_rows(lexicon_dir: str) -> list[list[str]]:
    """Return ``[name, alias, ...]`` per row of ``outlets.csv`` in the lexicon folder ([] if absent)."""
    path = Path(lexicon_dir) / "outlets.csv" if lexicon_dir else None
    if path is None or not path.is_file():
        return []
    return _read_outlets(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_outlets(path: str, _mtime: int) -> list[list[str]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            names = [r.get("name", "").strip()] + [a.strip() for a in (r.get("aliases") or "").split("|")]
            rows.append([x for x in names if x])
    return rows


def outlet_names(outlets: Iterable[str], urls: Iterable[str] = (), lexicon_dir: str = "") -> list[str]:
    """Return the names that identify a publisher: catalog outlet names, their aliases in ``outlets.csv``, URL hosts.

    "Institute for Security and Development Policy (ISDP)" gives the full
    string, the name without the parenthesis and "ISDP"; each is looked up in
    ``outlets.csv`` (name or alias, any case) to add every alias ("CNS",
    "CNR", "Centre for National Resistance").  Generic lower-case outlet
    labels ("forum thread") are not names and are skipped.  Longest first.
    """
    names: set[str] = set()
    for outlet in outlets:
        outlet = (outlet or "").strip()
        if not outlet or outlet == UNKNOWN:
            continue
        cands = [outlet, re.sub(r"\s*\([^)]*\)", "", outlet).strip()]
        cands += [c.strip() for c in re.findall(r"\(([^)]*)\)", outlet)]
        for c in cands:
            if c and _nameish(c):
                names.add(c)
    for u in urls:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", (u or "").strip()).split("/")[0]
        if "." in host:
            names.add(host)
    low = {n.lower() for n in names}
    for row in outlet_rows(lexicon_dir):
        if any(x.lower() in low for x in row):
            names.update(row)
    return sorted(names, key=lambda s: (-len(s), s))


def _name_pattern(name: str) -> re.Pattern[str]:
    # acronyms are matched case-sensitively ("RT" must not hit "rt" in "Art"),
    # longer names in any case; never inside a longer word
    flags = 0 if (name.isupper() and len(name) <= 6) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])", flags)


def redact(text: str, names: Sequence[str]) -> tuple[str, list[tuple[int, int]], list[str]]:
    """Return ``(redacted text, removed spans of the original, removed strings)``.

    URLs on a publisher's host go whole; "the Centre for National Resistance
    (CNR)" becomes one placeholder, not "[outlet] ([outlet])".
    """
    spans: list[tuple[int, int]] = []
    hosts = [n.lower() for n in names if "." in n and " " not in n]
    for m in URL_RE.finditer(text):
        if any(h in m.group().lower() for h in hosts):
            spans.append(m.span())
    for n in names:
        for m in _name_pattern(n).finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and re.fullmatch(r"\s*\(", text[merged[-1][1]:s]) and text[e:e + 1] == ")":
            merged[-1] = (merged[-1][0], e + 1)
        else:
            merged.append((s, e))
    out: list[str] = []
    removed: list[str] = []
    pos = 0
    for s, e in merged:
        out.append(text[pos:s])
        out.append(OUTLET_PLACEHOLDER)
        removed.append(text[s:e])
        pos = e
    out.append(text[pos:])
    return "".join(out), merged, removed


def offset_mapper(spans: list[tuple[int, int]]) -> Callable[[int], int | None]:
    """Return a function mapping an original offset to the redacted text (None inside a removed span)."""
    def f(x: int) -> int | None:
        shift = 0
        for s, e in spans:
            if x <= s:
                break
            if x < e:
                return None
            shift += (e - s) - len(OUTLET_PLACEHOLDER)
        return x - shift
    return f


def alias_canon(lexicon_dir: str) -> Callable[[str], str]:
    """Return a function mapping a source label to its ``outlets.csv`` name (or itself, lower-cased)."""
    table: dict[str, str] = {}
    for row in outlet_rows(lexicon_dir):
        for x in row:
            table[x.lower()] = row[0].lower()

    def canon(label: str) -> str:
        low = label.lower().strip()
        low = low[4:] if low.startswith("the ") else low
        if low in table:
            return table[low]
        for part in [re.sub(r"\s*\([^)]*\)", "", low).strip(), *re.findall(r"\(([^)]*)\)", low)]:
            if part.strip() in table:
                return table[part.strip()]
        return low
    return canon
