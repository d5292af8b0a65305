"""Load and validate the lexicon CSV files into an immutable :class:`Lexicon`.

A lexicon folder holds ``categories.csv`` (one row per category), any number of
entry files (``*.csv`` with the entry columns, one per category family) and
``outlets.csv`` (outlet metadata for the credibility stage, not entries).

Problems are reported with ``file:line``, a reason and a fix.  Loading is
lenient by default (a broken line is skipped and reported in
``Lexicon.problems``) because a researcher editing one entry should not lose
the other few hundred; ``strict=True`` raises on the first problem instead.

Pattern syntax (see ``lexicons/README.md``): space-separated tokens; a plain
token matches any text token with the same :func:`framing.text.tokens.normalize`
form; ``word*`` matches lower-cased surface forms starting with ``word``;
``=WORD`` matches that exact, case-sensitive surface form.  Nothing is ever
compiled as a regular expression.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from framing.core.fingerprint import lexicon_digest
from framing.core.errors import LexiconError, Problem
from framing.text.tokens import fold, normalize

CATEGORY_COLUMNS = ("category", "family", "loaded", "description",
                    "semeval2020", "semeval2023", "colour")
#: The annotation guideline's eight span categories (framing-dev GUIDELINE.md).
GUIDELINE_CATEGORIES = ("name_calling", "delegitimization", "demonization", "glorification", "euphemism",
                        "loaded_language", "scare_quotes", "toponym")
#: Columns of categories.csv that older files may lack (they load as empty).
OPTIONAL_CATEGORY_COLUMNS = ("guideline",)
ENTRY_COLUMNS = ("id", "pattern", "category", "weight", "neutral_alternative",
                 "rationale", "source")
CATEGORIES_FILE = "categories.csv"
#: CSV files in the lexicon folder that are not entry files.
NON_ENTRY_FILES = frozenset({CATEGORIES_FILE, "outlets.csv"})
MAX_WEIGHT = 3.0

#: The 14 technique labels of SemEval-2020 Task 11 (PTC), as spelled in its label files.
SEMEVAL2020_TECHNIQUES = frozenset({
    "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Doubt",
    "Exaggeration,Minimisation", "Appeal_to_fear-prejudice", "Flag-Waving",
    "Causal_Oversimplification", "Slogans", "Appeal_to_Authority",
    "Black-and-White_Fallacy", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum",
})
#: The 23 persuasion techniques of SemEval-2023 Task 3 (subtask 3).
SEMEVAL2023_TECHNIQUES = frozenset({
    "Name_Calling-Labeling", "Guilt_by_Association", "Doubt", "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation", "Flag_Waving", "Appeal_to_Authority",
    "Appeal_to_Popularity", "Appeal_to_Values", "Appeal_to_Fear-Prejudice",
    "Straw_Man", "Red_Herring", "Whataboutism", "Causal_Oversimplification",
    "False_Dilemma-No_Choice", "Consequential_Oversimplification", "Slogans",
    "Conversation_Killer", "Appeal_to_Time", "Loaded_Language",
    "Obfuscation-Vagueness-Confusion", "Exaggeration-Minimisation", "Repetition",
})

# A pattern word: the same shape as a text token (framing.text.tokens.TOKEN_RE), so
# every valid pattern word can actually occur in tokenized text.
_WORD = r"[^\W_]+(?:[-'\u2019][^\W_]+)*"
_WORD_RE = re.compile(_WORD)
_PREFIX_RE = re.compile(rf"({_WORD}[-'\u2019]?)\*")   # pseudo-*  occupier*
_EXACT_RE = re.compile(rf"=({_WORD})")                # =WOT
_REGEX_CHARS_RE = re.compile(r"[\\.^$+?{}\[\]|()]")
_HEX_RE = re.compile(r"#[0-9a-fA-F]{6}")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


@dataclass(frozen=True)
class Category:
    """One row of ``categories.csv``."""

    name: str
    family: str
    loaded: bool
    description: str
    semeval2020: str
    semeval2023: str
    colour: str
    #: The annotation guideline's category (one of GUIDELINE_CATEGORIES) or "" for neutral markers.
    guideline: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry; ``file`` and ``line`` say where it was defined."""

    id: str
    pattern: str
    category: str
    weight: float
    neutral_alternative: str
    rationale: str
    source: str
    file: str
    line: int


@dataclass(frozen=True, eq=False)
class Lexicon:
    """An immutable, validated lexicon.

    ``version`` is the first 12 hex digits of a sha256 over the sorted file
    names and bytes of every ``*.csv`` in the folder (outlets included, since
    the credibility stage reads it from here too), so stored results can be
    keyed by it.  ``problems`` lists what was skipped while loading.
    """

    entries: tuple[Entry, ...]
    categories: dict[str, Category]
    version: str
    directory: str
    problems: tuple[Problem, ...] = field(default=())

    def entries_frame(self) -> pd.DataFrame:
        """Return one row per entry: the entry columns plus family, loaded, file and line."""
        rows = []
        for e in self.entries:
            cat = self.categories.get(e.category)
            rows.append({
                "id": e.id, "pattern": e.pattern, "category": e.category,
                "family": cat.family if cat else "", "loaded": cat.loaded if cat else False,
                "weight": e.weight, "neutral_alternative": e.neutral_alternative,
                "rationale": e.rationale, "source": e.source, "file": e.file, "line": e.line,
            })
        cols = ["id", "pattern", "category", "family", "loaded", "weight",
                "neutral_alternative", "rationale", "source", "file", "line"]
        return pd.DataFrame(rows, columns=cols)

    def category_of(self, entry: Entry) -> Category:
        """Return the :class:`Category` of ``entry`` (entries always have a known category)."""
        return self.categories[entry.category]


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many acyclic objects.

    Loading or compiling 10^5 entries allocates enough objects to trigger
    repeated full collections, each traversing everything built so far; the
    objects hold no reference cycles, so pausing costs nothing and saves about
    a third of the time.  Collection resumes (if it was on) on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------
# Patterns


@lru_cache(maxsize=None)
def pattern_key(pattern: str) -> tuple[str, ...]:
    """Return the matcher keys of ``pattern``, one per word.

    A plain word becomes its normalized form (``occupiers`` -> ``occupi``), a
    prefix word becomes ``"*" + lower-cased prefix`` and a case-sensitive word
    becomes ``"=" + surface``.  Normalized forms never start with ``*`` or
    ``=`` (tokens are letters/digits), so the three kinds share one trie.
    Two patterns with equal keys match exactly the same text.

    Raises :class:`LexiconError` (no path/line; the caller adds them) naming
    the fix when no text could match the pattern.
    """
    words = pattern.split()
    if not words:
        raise LexiconError("empty pattern",
                           fix="write the words to match, e.g. `holy war`")
    if _REGEX_CHARS_RE.search(pattern):
        bad = sorted(set(_REGEX_CHARS_RE.findall(pattern)))
        raise LexiconError(
            f"pattern {pattern!r} contains {' '.join(bad)!s}: patterns are plain words, "
            "never regular expressions, and punctuation is not part of any token",
            fix="write the literal words without punctuation; use `word*` for a prefix "
                "and `=WORD` for a case-sensitive acronym")
    keys = []
    for w in words:
        if _WORD_RE.fullmatch(w):
            keys.append(normalize(w))
            continue
        m = _PREFIX_RE.fullmatch(w)
        if m:
            keys.append("*" + fold(m.group(1)))
            continue
        m = _EXACT_RE.fullmatch(w)
        if m:
            keys.append("=" + m.group(1))
            continue
        raise LexiconError(f"pattern {pattern!r}: word {w!r} can never match a token",
                           fix=_word_fix(w))
    return tuple(keys)


def _word_fix(w: str) -> str:
    """Explain how to repair one unmatchable pattern word."""
    if w.startswith("=") and len(w) == 1:
        return "put the exact word after `=`, e.g. `=WOT`"
    if w.startswith("=") and "*" in w:
        return "`=` and `*` cannot be combined; use either `=WORD` or `word*`"
    if w == "*" or w.startswith("*"):
        return "a wildcard needs letters before it: `pseudo-*`, `occupier*`"
    if "*" in w:
        return "`*` is allowed only at the end of a word (prefix wildcard)"
    if "=" in w:
        return "`=` is allowed only at the start of a word (case-sensitive match)"
    return ("words contain only letters and digits, joined by inner hyphens or "
            "apostrophes; drop other punctuation (e.g. `U.S.` -> `US`)")


# --------------------------------------------------------------------------
# Reading files


def _read_rows(path: Path, data: bytes, problems: list[Problem]):
    """Yield ``(line_number, row)`` for the data rows of a CSV file's bytes.

    Line numbers are physical lines where the record starts (a quoted field
    may span lines), so ``file:line`` points where the researcher must look.
    The header is yielded as line 1.  A quote left open would swallow every
    row up to the next quote into one field: when lines inside such a field
    look like rows of their own, the opening line is reported and skipped and
    reading resumes on the line after it, so the rows behind it still load.
    """
    from framing.text.corpus import decode_csv_bytes
    try:
        text, _enc = decode_csv_bytes(data)  # UTF-8 (Excel's BOM or none), or UTF-16/32 by BOM
    except UnicodeDecodeError as exc:
        enc = "UTF-8" if exc.encoding.startswith("utf-8") else exc.encoding.upper()
        problems.append(Problem(str(path), None, f"not {enc} text ({exc.reason} at byte {exc.start})",
                                "save the file as UTF-8 CSV (or UTF-16 with its byte-order mark)"))
        return
    lines: list[str] | None = None  # physical lines, split only when a record must be re-read
    offset = 0  # physical lines before the current reader's input
    width = 0  # fields in the header, once read
    while True:
        source = io.StringIO(text, newline="") if lines is None else iter(lines[offset:])
        reader = csv.reader(source)
        start = offset + 1
        resume = None
        try:
            for row in reader:
                end = offset + reader.line_num
                if end > start:
                    if lines is None:
                        lines = io.StringIO(text, newline="").readlines()
                    if _runaway_quote(lines[start:end], width):
                        problems.append(Problem(
                            str(path), start, f"a quote opened on this line is never closed: the next "
                            f"{end - start} line(s) were read as one field; this line was skipped",
                            'close the quote, or write a quote inside a quoted field as ""'))
                        resume = start
                        break
                width = width or len(row)
                yield start, row
                start = end + 1
        except csv.Error as exc:
            bad = offset + reader.line_num
            problems.append(Problem(str(path), bad, f"unreadable CSV: {exc}; this line was skipped",
                                    "check the quotes on this line"))
            if lines is None:
                lines = io.StringIO(text, newline="").readlines()
            resume = bad
        if resume is None or lines is None or resume >= len(lines):
            return
        offset = resume


def _runaway_quote(inner: list[str], width: int) -> bool:
    """Return True when lines read into one quoted field look like CSV rows of their own.

    A real multi-line field holds prose (``label, two lines."``); a quote left
    open swallows whole rows, which split into about as many fields as the
    header has.  Before the header is read every multi-line record counts.
    """
    if not width:
        return True
    need = max(2, width - 2)
    return any(len(next(csv.reader([ln]), [])) >= need for ln in inner)


def _header(path: Path, row: list[str], expected: tuple[str, ...],
            problems: list[Problem]) -> dict[str, int] | None:
    """Return column name -> index, or None (and a Problem) when columns are missing."""
    names = [c.strip().lower() for c in row]
    missing = [c for c in expected if c not in names]
    if missing:
        problems.append(Problem(
            str(path), 1, f"bad header: missing column(s) {', '.join(missing)}",
            "the first line must be: " + ",".join(expected)))
        return None
    return {c: names.index(c) for c in expected}


def _fields(row: list[str], cols: dict[str, int]) -> dict[str, str]:
    return {c: (row[i].strip() if i < len(row) else "") for c, i in cols.items()}


def _skip(row: list[str]) -> bool:
    """Blank lines and lines starting with ``#`` are ignored (comments)."""
    return not row or row[0].lstrip().startswith("#") or not any(c.strip() for c in row)


def _load_categories(path: Path, data: bytes, problems: list[Problem]) -> dict[str, Category]:
    cats: dict[str, Category] = {}
    rows = _read_rows(path, data, problems)
    cols = None
    for line, row in rows:
        if cols is None:
            cols = _header(path, row, CATEGORY_COLUMNS, problems)
            if cols is None:
                return cats
            names = [c.strip().lower() for c in row]
            for opt in OPTIONAL_CATEGORY_COLUMNS:  # older category files load unchanged
                if opt in names:
                    cols[opt] = names.index(opt)
            continue
        if _skip(row):
            continue
        f = _fields(row, cols)
        where = (str(path), line)

        def bad(reason: str, fix: str) -> None:
            problems.append(Problem(*where, reason, fix))

        name = f["category"]
        if not name:
            bad("empty category name", "give the category an id such as `name_calling`")
            continue
        if name in cats:
            bad(f"duplicate category {name!r}", "keep one row per category")
            continue
        loaded = f["loaded"].lower()
        if loaded not in _TRUE | _FALSE:
            bad(f"loaded must be true or false, not {f['loaded']!r}",
                "write true when matches count toward loadedness, else false")
            continue
        if f["semeval2020"] and f["semeval2020"] not in SEMEVAL2020_TECHNIQUES:
            bad(f"unknown SemEval-2020 technique {f['semeval2020']!r}",
                "use a PTC label such as Loaded_Language or leave it empty")
            continue
        if f["semeval2023"] and f["semeval2023"] not in SEMEVAL2023_TECHNIQUES:
            bad(f"unknown SemEval-2023 technique {f['semeval2023']!r}",
                "use a Task 3 label such as Name_Calling-Labeling or leave it empty")
            continue
        guideline = f.get("guideline", "")
        if guideline and guideline not in GUIDELINE_CATEGORIES:
            bad(f"unknown guideline category {guideline!r}",
                "use one of " + ", ".join(GUIDELINE_CATEGORIES) + " or leave it empty")
            continue
        if not _HEX_RE.fullmatch(f["colour"]):
            bad(f"colour must be a hex colour like #ffd6d6, not {f['colour']!r}",
                "pick a light background colour")
            continue
        if _luminance(f["colour"]) < 0.3:
            # WCAG: contrast with black text >= 7:1 needs relative luminance >= 0.3.
            bad(f"colour {f['colour']} is too dark to read black text on",
                "pick a lighter (pastel) colour")
            continue
        cats[name] = Category(name, f["family"], loaded in _TRUE, f["description"],
                              f["semeval2020"], f["semeval2023"], f["colour"].lower(), guideline)
    return cats


def _luminance(hex_colour: str) -> float:
    """Return the WCAG relative luminance of ``#rrggbb``."""
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _load_entries(path: Path, data: bytes, cats: dict[str, Category],
                  seen_ids: dict[str, str], seen_keys: dict[tuple[str, ...], str],
                  entries: list[Entry], problems: list[Problem]) -> None:
    # Written as one flat loop (no per-row dicts or closures): a 100,000-entry
    # lexicon must load in well under the 2-second budget.
    rows = _read_rows(path, data, problems)
    fname = str(path)
    for line, row in rows:
        cols = _header(path, row, ENTRY_COLUMNS, problems)
        if cols is None:
            return
        width = len(row)
        break
    else:
        return
    i_id, i_pat, i_cat, i_w, i_neu, i_rat, i_src = (cols[c] for c in ENTRY_COLUMNS)
    append, add_problem = entries.append, problems.append
    weight_fix = "write 1 (mild), 2 (strong) or 3 (extreme); any number in (0, 3]"
    for line, row in rows:
        if len(row) != width:
            if len(row) > width:
                add_problem(Problem(fname, line, f"{len(row)} fields where the header has {width}",
                                    "put double quotes around any field that contains a comma"))
                continue
            if _skip(row):
                continue
            row = row + [""] * (width - len(row))
        elif not row[i_id] or row[0][:1] in "#\t " or not row[i_pat]:
            if _skip(row):
                continue
        eid = row[i_id].strip()
        pattern = row[i_pat].strip()
        cat = row[i_cat].strip()
        if not eid:
            add_problem(Problem(fname, line, "empty id",
                                "give the entry a unique id such as `nc.regime`"))
            continue
        if eid in seen_ids:
            add_problem(Problem(fname, line, f"duplicate id {eid!r} (first defined at {seen_ids[eid]})",
                                "ids must be unique across all lexicon files; rename one"))
            continue
        try:
            key = pattern_key(pattern)
        except LexiconError as exc:
            add_problem(Problem(fname, line, exc.reason, exc.fix or ""))
            continue
        if cat not in cats:
            add_problem(Problem(fname, line, f"unknown category {cat!r}",
                                f"use one of the categories in {CATEGORIES_FILE} or add a row there"))
            continue
        raw_weight = row[i_w].strip()
        try:
            weight = float(raw_weight)
        except ValueError:
            add_problem(Problem(fname, line, f"weight {raw_weight!r} is not a number", weight_fix))
            continue
        if not 0 < weight <= MAX_WEIGHT:  # also rejects NaN
            add_problem(Problem(fname, line, f"weight {weight:g} is outside (0, 3]", weight_fix))
            continue
        if key in seen_keys:
            add_problem(Problem(
                fname, line, f"duplicate pattern {pattern!r}: matches the same words as the entry "
                f"at {seen_keys[key]}", "delete one of the two entries (inflections already match)"))
            continue
        rationale = row[i_rat].strip()
        if not rationale:
            # Reported, but the entry still loads: it matches correctly, it only
            # lacks the explanation the dashboard shows.
            add_problem(Problem(fname, line, "missing rationale",
                                "add one sentence saying what the phrase signals"))
        where = f"{fname}:{line}"
        seen_ids[eid] = where
        seen_keys[key] = where
        append(Entry(eid, pattern, cat, weight, row[i_neu].strip(), rationale,
                     row[i_src].strip(), fname, line))


def load_lexicon(directory: Path | str | None = None, strict: bool = False) -> Lexicon:
    """Load the lexicon in ``directory`` (default :func:`framing.core.config.lexicons_dir`).

    Returns a :class:`Lexicon` whose ``problems`` lists every skipped or
    suspicious line (``Problem(path, line, reason, fix)``).  With
    ``strict=True`` the first problem is raised as :class:`LexiconError`.
    Raises :class:`LexiconError` if the folder or ``categories.csv`` is missing.
    """
    if directory is None:
        from framing.core.config import lexicons_dir
        directory = lexicons_dir()
    directory = Path(directory)
    if not directory.is_dir():
        raise LexiconError("lexicon folder not found", directory,
                           fix="pass the folder holding categories.csv (or set FRAMING_LEXICONS)")
    files = sorted(p for p in directory.glob("*.csv") if p.is_file())
    cat_path = directory / CATEGORIES_FILE
    if cat_path not in files:
        raise LexiconError(f"{CATEGORIES_FILE} not found", directory,
                           fix=f"add {CATEGORIES_FILE} with header " + ",".join(CATEGORY_COLUMNS))
    blobs = {p: p.read_bytes() for p in files}
    # Data in sub-folders (e.g. sources/officials.csv for credibility) is not
    # entries but still changes results, so the version covers it too.
    version = lexicon_digest(directory, blobs)

    problems: list[Problem] = []
    cats = _load_categories(cat_path, blobs[cat_path], problems)
    entries: list[Entry] = []
    seen_ids: dict[str, str] = {}
    seen_keys: dict[tuple[str, ...], str] = {}
    with gc_paused():
        for p in files:
            if p.name in NON_ENTRY_FILES:
                continue
            _load_entries(p, blobs[p], cats, seen_ids, seen_keys, entries, problems)
    if strict and problems:
        first = problems[0]
        raise LexiconError(first.reason, first.path, first.line, first.fix)
    return Lexicon(tuple(entries), cats, version, str(directory), tuple(problems))


def check_lexicon(directory: Path | str | None = None) -> list[Problem]:
    """Return every problem in the lexicon folder (empty list when it is clean).

    Each :class:`Problem` names the file, the line (1 = header), the reason and
    the fix: bad header, unreadable CSV, duplicate id, duplicate pattern (same
    normalized words), unknown category, bad weight, empty or unmatchable
    pattern (punctuation, regex syntax, misplaced ``*`` or ``=``), missing
    rationale, and bad rows in ``categories.csv``.
    """
    try:
        return list(load_lexicon(directory).problems)
    except LexiconError as exc:
        return [exc.as_problem()]
