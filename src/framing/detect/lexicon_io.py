"""Import other tools' dictionaries into our entry schema, and export ours as LIWC ``.dic``.

Supported inputs (chosen by file extension):

* LIWC ``.dic`` (2007/2015/22): a header of ``<id> <category>`` lines between
  two lines holding only ``%`` (LIWC2015 nests categories with leading tabs,
  ids may be zero-padded), then ``<pattern> <id> [<id>...]`` lines.  Fields are
  split on any whitespace run; the pattern is every leading field that is not
  a numeric id, so multi-word patterns survive.  LIWC2007 conditional codes
  (``<of>``, ``(02 134)125/464``) cannot be expressed in our syntax and their
  lines are skipped with a Problem.  UTF-8 is tried first, then windows-1252.
* LIWC-22 ``.dicx``: CSV whose first column is ``DicTerm`` and one column per
  category with ``X`` where the term belongs.
* Empath ``.tsv``: ``category<TAB>word<TAB>word...``.

Our matcher gives each pattern one category, so a word listed under several
categories is imported under the first and the others are reported.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import IO

import pandas as pd

from framing.core.errors import LexiconError, Problem
from framing.detect.lexicon import CATEGORY_COLUMNS, ENTRY_COLUMNS, Lexicon, pattern_key

_PALETTE = ("#ffe08a", "#c9f2c7", "#cfe3ff", "#ffd6e7", "#e6d9ff", "#d8f5f0", "#ffe3c9", "#f0f0c0")


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-16/32 by byte-order mark, UTF-8 when valid, else windows-1252 (older LIWC files)."""
    from framing.text.corpus import decode_csv_bytes
    try:
        return decode_csv_bytes(data)
    except UnicodeDecodeError as exc:
        if not exc.encoding.startswith("utf-8"):
            raise LexiconError(f"not {exc.encoding.upper()} text ({exc.reason} at byte {exc.start}), although "
                               "it starts with that encoding's byte-order mark", path,
                               fix="save the dictionary again as UTF-8") from None
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _slug(text: str) -> str:
    return re.sub(r"\W+", "_", text.lower(), flags=re.UNICODE).strip("_")


def _category_id(name: str) -> str:
    return _slug(name) or "category"


def _read_dic(path: Path, text: str, problems: list[Problem]) -> list[tuple[str, str, int]]:
    """Return ``(pattern, category name, line)`` triples from a LIWC ``.dic`` text."""
    src = str(path)
    lines = text.splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        problems.append(Problem(src, None, "no category header: expected two lines holding only %",
                                "start the file with %, the <id> <category> lines, then %"))
        return []
    cats: dict[int, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        raw = lines[i].strip()  # leading tabs only express LIWC2015 nesting
        if not raw:
            continue
        parts = raw.split(None, 1)
        if not parts[0].isdigit() or len(parts) < 2:
            problems.append(Problem(src, i + 1, f"bad category line {raw!r}",
                                    "write <numeric id><tab><category name>"))
            continue
        cid = int(parts[0])  # "01" and "1" are the same id
        if cid in cats:
            problems.append(Problem(src, i + 1, f"category id {parts[0]} defined twice",
                                    "give each category its own id"))
            continue
        cats[cid] = parts[1].strip()

    out = []
    for i in range(marks[1] + 1, len(lines)):
        raw = lines[i].strip()
        n = i + 1
        if not raw:
            continue
        if "<" in raw or "(" in raw:
            problems.append(Problem(src, n, f"LIWC2007 conditional code skipped: {raw!r}",
                                    "add the word by hand with a plain category if you need it"))
            continue
        fields = raw.split()
        k = next((j for j, f in enumerate(fields) if f.isdigit()), len(fields))
        if k == 0:
            problems.append(Problem(src, n, f"line has no pattern before its ids: {raw!r}",
                                    "write <pattern><tab><id>"))
            continue
        if k == len(fields):
            problems.append(Problem(src, n, f"pattern {' '.join(fields)!r} has no category id",
                                    "add the numeric id of its category after the pattern"))
            continue
        pattern = " ".join(fields[:k])
        for f in fields[k:]:
            if not f.isdigit():
                problems.append(Problem(src, n, f"unexpected field {f!r} after the ids",
                                        "ids must be numbers; multi-word patterns come first"))
                continue
            cid = int(f)
            if cid not in cats:
                problems.append(Problem(src, n, f"undefined category id {f} for {pattern!r}; ignored",
                                        "define the id in the % header or remove it"))
                continue
            out.append((pattern, cats[cid], n))
    return out


def _read_dicx(path: Path, text: str, problems: list[Problem]) -> list[tuple[str, str, int]]:
    """Return ``(pattern, category name, line)`` triples from a LIWC-22 ``.dicx`` CSV."""
    src = str(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or header[0].strip().lower() != "dicterm":
        problems.append(Problem(src, 1, "first column must be DicTerm",
                                "export the dictionary from LIWC-22 as .dicx (CSV)"))
        return []
    names = [h.strip() for h in header[1:]]
    out: list[tuple[str, str, int]] = []
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        term = row[0].strip() if row else ""
        if not term:
            continue
        marked = [names[j] for j, v in enumerate(row[1:len(names) + 1]) if v.strip().upper() == "X"]
        if not marked:
            problems.append(Problem(src, line, f"term {term!r} is in no category",
                                    "put X in the column of its category"))
        out.extend((term, c, line) for c in marked)
    return out


def _read_empath(path: Path, text: str, problems: list[Problem]) -> list[tuple[str, str, int]]:
    """Return ``(pattern, category name, line)`` triples from an Empath ``categories.tsv``."""
    out: list[tuple[str, str, int]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        name, *words = raw.rstrip("\r\n").split("\t")
        if not words:
            problems.append(Problem(str(path), n, f"category {name!r} has no words",
                                    "write name<TAB>word<TAB>word..."))
        out.extend((w.strip(), name.strip(), n) for w in words if w.strip())
    return out


_READERS = {".dic": _read_dic, ".dicx": _read_dicx, ".tsv": _read_empath}


def import_dictionary(path: Path | str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a LIWC ``.dic``, LIWC-22 ``.dicx`` or Empath ``.tsv`` dictionary.

    Returns ``(entries, problems)``: ``entries`` has exactly the entry columns
    (``id, pattern, category, weight, neutral_alternative, rationale, source``)
    with weight 1.0, id ``<category>.<slug>``, rationale ``imported from <file>
    category <cat>`` and source the file name, ready for
    :func:`write_entries_csv`; ``problems`` lists skipped lines, undefined ids,
    patterns our syntax cannot match and words kept in only their first
    category.  Raises :class:`LexiconError` for an unsupported extension or an
    unreadable file.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise LexiconError(f"unsupported dictionary type {path.suffix!r}", path,
                           fix="import a LIWC .dic, LIWC-22 .dicx or Empath .tsv file")
    try:
        text, _encoding = _decode(path.read_bytes(), path)
    except OSError as exc:
        raise LexiconError(f"cannot read dictionary: {exc.strerror}", path) from exc
    problems: list[Problem] = []
    triples = reader(path, text, problems)

    rows = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    ids: set[str] = set()
    src = str(path)
    for pattern, cat_name, line in triples:
        try:
            key = pattern_key(pattern)
        except LexiconError as exc:
            problems.append(Problem(src, line, exc.reason, exc.fix or ""))
            continue
        cat = _category_id(cat_name)
        if key in seen:
            first_cat, first_line = seen[key]
            if first_cat == cat:
                continue  # the same word listed twice in one category: nothing lost
            if first_line == line:
                reason = f"{pattern!r} is listed in several categories; kept {first_cat}, dropped {cat}"
            else:
                reason = (f"{pattern!r} ({cat}) matches the same words as the entry imported "
                          f"from line {first_line} ({first_cat}); kept that one")
            problems.append(Problem(src, line, reason,
                                    "a pattern has one category here; copy it by hand if you need both"))
            continue
        seen[key] = (cat, line)
        eid = base = f"{cat}.{_slug(pattern.replace('*', '_prefix')) or 'entry'}"
        k = 2
        while eid in ids:
            eid, k = f"{base}_{k}", k + 1
        ids.add(eid)
        rows.append({"id": eid, "pattern": pattern, "category": cat, "weight": 1.0,
                     "neutral_alternative": "", "rationale": f"imported from {path.name} category {cat_name}",
                     "source": path.name})
    problems.sort(key=lambda p: p.line or 0)  # stable: file order, line by line
    return pd.DataFrame(rows, columns=list(ENTRY_COLUMNS)), problems


def imported_categories(entries: pd.DataFrame, family: str) -> pd.DataFrame:
    """Return ``categories.csv`` rows (one per category in ``entries``) for an import.

    Imported categories are not loaded (they do not count toward loadedness)
    and map to no SemEval technique until a researcher decides otherwise.
    """
    cats = list(dict.fromkeys(entries["category"]))
    rows = [{"category": c, "family": family, "loaded": "false",
             "description": f"imported category {c}", "semeval2020": "", "semeval2023": "",
             "colour": _PALETTE[i % len(_PALETTE)]} for i, c in enumerate(cats)]
    return pd.DataFrame(rows, columns=list(CATEGORY_COLUMNS))


def _write_csv(df: pd.DataFrame, path: Path | str, columns: tuple[str, ...]) -> int:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise LexiconError(f"cannot write: missing column(s) {', '.join(missing)}", path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for rec in df[list(columns)].itertuples(index=False):
            w.writerow(["" if pd.isna(v) else (f"{v:g}" if isinstance(v, float) else v) for v in rec])
    return len(df)


def write_entries_csv(df: pd.DataFrame, path: Path | str) -> int:
    """Write entries in the lexicon CSV schema (UTF-8, ``\\n`` line ends); return the row count."""
    return _write_csv(df, path, ENTRY_COLUMNS)


def write_categories_csv(df: pd.DataFrame, path: Path | str) -> int:
    """Write category rows in the ``categories.csv`` schema; return the row count."""
    return _write_csv(df, path, CATEGORY_COLUMNS)


def export_dic(lexicon: Lexicon, path_or_stream: Path | str | IO[str]) -> list[Problem]:
    """Write ``lexicon`` as a LIWC ``.dic`` to a path or an open text stream.

    Categories are numbered 1.. in ``categories.csv`` order (only those with
    entries).  Returns Problems describing what LIWC cannot express: plain
    words are matched literally by LIWC (no inflections) and ``=WORD`` loses
    its case sensitivity.
    """
    where = str(path_or_stream) if isinstance(path_or_stream, (str, Path)) else "<stream>"
    used = {e.category for e in lexicon.entries}
    numbers = {c: i for i, c in enumerate((c for c in lexicon.categories if c in used), 1)}
    problems: list[Problem] = []
    lines: dict[str, list[int]] = {}
    for e in lexicon.entries:
        words = []
        for w in e.pattern.split():
            if w.startswith("="):
                problems.append(Problem(e.file, e.line, f"case-sensitive {w!r} exported as "
                                        f"{w[1:].lower()!r}", "LIWC matching ignores case"))
                w = w[1:].lower()
            words.append(w.lower())
        ids = lines.setdefault(" ".join(words), [])
        if numbers[e.category] not in ids:
            ids.append(numbers[e.category])
    problems.append(Problem(where, None, "LIWC matches plain words literally: inflections that "
                            "framing matches by stem are not exported",
                            "add `word*` patterns in LIWC where inflections matter"))
    out = ["%"] + [f"{n}\t{c}" for c, n in numbers.items()] + ["%"]
    out += [p + "\t" + "\t".join(map(str, ids)) for p, ids in lines.items()]
    body = "\n".join(out) + "\n"
    if isinstance(path_or_stream, (str, Path)):
        with open(path_or_stream, "w", encoding="utf-8", newline="") as fh:
            fh.write(body)
    else:
        path_or_stream.write(body)
    return problems
