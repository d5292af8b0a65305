"""Write DataFrames as tables, CSV, JSON, JSONL or Parquet, safely.

CSV cells that a spreadsheet would execute as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with a single
quote, as OWASP recommends for CSV injection; numbers are left alone.  A line
break inside a cell starts a new line in a spreadsheet too, so the same guard
is applied after every ``\r``, ``\n`` and ``\r\n`` in the cell.  The csv
writer quotes fields holding ``\n`` but not a bare ``\r`` (our line ends are
``\n``), so a frame with a bare ``\r`` in any text cell is written with every
field quoted: otherwise that ``\r`` would end the row in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import IO

import pandas as pd

from framing.core.files import atomic_path

FORMATS = ("table", "csv", "json", "jsonl", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A formula start right after a line break inside the cell (a spreadsheet starts a new row there).
_FORMULA_AFTER_BREAK = re.compile(r"(?<=[\r\n])(?=[=+\-@\t])")


def neutralize_cell(value: object) -> object:
    """Return ``value`` with a ``'`` before every line start a spreadsheet would run as a formula.

    A line start is the start of the cell or the character after any ``\r``
    or ``\n``; non-text values are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _FORMULA_AFTER_BREAK.sub("'", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _is_text_column(s: pd.Series) -> bool:
    return s.dtype == object or pd.api.types.is_string_dtype(s)


def _mask(s: pd.Series, needles: tuple[str, ...], start: bool = False) -> pd.Series:
    """Return a boolean mask of the text cells of ``s`` holding (or, with ``start``, starting with) a needle.

    Vectorized: a frame of a million cells is checked in well under a second.
    """
    try:
        acc = s.str
    except AttributeError:  # an object column holding no text at all
        return pd.Series(False, index=s.index)
    if start:
        return acc.startswith(needles, na=False).astype(bool)
    mask = pd.Series(False, index=s.index)
    for n in needles:
        mask |= acc.contains(n, regex=False, na=False).astype(bool)
    return mask


def _has_bare_cr(df: pd.DataFrame) -> bool:
    """Return True when a column name or text cell holds a ``\r`` not followed by ``\n``."""
    if any("\r" in str(c).replace("\r\n", "") for c in df.columns):
        return True
    for col in df.columns:
        s = df[col]
        if _is_text_column(s):
            cr = _mask(s, ("\r",))
            if cr.any() and s[cr].map(lambda v: "\r" in v.replace("\r\n", "")).any():
                return True
    return False


def csv_text(df: pd.DataFrame, neutralize: bool = True) -> str:
    """Return ``df`` as CSV text (no index, ``\n`` line ends), formulas neutralized unless ``neutralize=False``.

    Every field is quoted when some cell holds a bare ``\r``, so no cell can
    break its row in a reader that treats ``\r`` as a line end.
    """
    if neutralize:
        df = neutralize_formulas(df)
    quoting = csv.QUOTE_ALL if _has_bare_cr(df) else csv.QUOTE_MINIMAL
    buf = io.StringIO()
    df.to_csv(buf, index=False, quoting=quoting, lineterminator="\n")
    return buf.getvalue()


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells cannot execute as spreadsheet formulas."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.map(neutralize_cell).array
        elif _is_text_column(s):
            # Only the few risky cells are rewritten, by position (the index may repeat labels).
            risky = (_mask(s, _FORMULA_START, start=True) | _mask(s, ("\r", "\n"))).to_numpy()
            if risky.any():
                pos = risky.nonzero()[0]
                s = s.copy()
                s.iloc[pos] = [neutralize_cell(v) for v in s.iloc[pos]]
                out[col] = s.array  # positional: assigning a Series would align on a repeated index
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def format_from_path(path: str | Path, default: str = "csv") -> str:
    """Return the export format implied by a file suffix (``.csv``, ``.jsonl``, ``.json``, ``.parquet``)."""
    suf = Path(path).suffix.lower().lstrip(".")
    return {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "json": "json",
            "parquet": "parquet", "pq": "parquet", "txt": "table"}.get(suf, default)


def _jsonable(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", force_ascii=False, date_format="iso"))


def _shorten_cells(df: pd.DataFrame, width: int) -> pd.DataFrame:
    """Return a copy of ``df`` whose string cells longer than ``width`` end in an ellipsis at that width."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: v[: width - 1] + "…" if isinstance(v, str) and len(v) > width else v)
    return out


def render_frame(df: pd.DataFrame, fmt: str, max_colwidth: int = 60, neutralize: bool = True) -> str:
    """Return ``df`` rendered as text in ``fmt`` (table, csv, json or jsonl).

    ``neutralize=False`` keeps CSV cells verbatim, for files framing reads back
    (a lexicon's ``=CASE`` patterns must stay patterns).
    """
    if fmt == "table":
        if df.empty:
            return "(no rows)"
        # A screen table is for reading: long text cells (evidence lists) are cut to
        # ``max_colwidth`` characters with an ellipsis; exports keep them whole.
        return _shorten_cells(df, max_colwidth).to_string(index=False)
    if fmt == "csv":
        return csv_text(df, neutralize)
    if fmt == "json":
        return json.dumps(_jsonable(df), ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _jsonable(df))
    raise ValueError(f"unknown text format {fmt!r}")


def write_frame(df: pd.DataFrame, fmt: str, out: str | Path | None = None,
                stream: IO[str] | None = None, neutralize: bool = True) -> None:
    """Write ``df`` in ``fmt`` to file ``out`` (atomically) or to ``stream`` (default stdout).

    ``neutralize=False`` writes CSV cells verbatim (see :func:`render_frame`).
    """
    if out is None:
        if fmt == "parquet":
            raise ValueError("parquet needs --out FILE")
        (stream or sys.stdout).write(render_frame(df, fmt, neutralize=neutralize).rstrip("\n") + "\n")
        return
    with atomic_path(out) as tmp:
        if fmt == "parquet":
            df.to_parquet(tmp, index=False)
        else:
            tmp.write_text(render_frame(df, fmt, neutralize=neutralize), encoding="utf-8", newline="")
