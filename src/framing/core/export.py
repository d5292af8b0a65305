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
from typing import IO, TYPE_CHECKING, Any, Sequence

from framing.core.files import atomic_path

if TYPE_CHECKING:  # imported where a frame is handled: pandas costs ~0.4 s of every start-up,
    # and printing a screen table of stored scores (render_rows) needs none
    import pandas as pd

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
    import pandas as pd
    return s.dtype == object or pd.api.types.is_string_dtype(s)


def _mask(s: pd.Series, needles: tuple[str, ...], start: bool = False) -> pd.Series:
    """Return a boolean mask of the text cells of ``s`` holding (or, with ``start``, starting with) a needle.

    Vectorized: a frame of a million cells is checked in well under a second.
    """
    import pandas as pd
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
    import pandas as pd
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
    import pandas as pd
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: v[: width - 1] + "…" if isinstance(v, str) and len(v) > width else v)
    return out


#: Escapes pandas applies to text cells of a screen table (``pprint_thing``).
_TABLE_ESCAPES = (("\t", "\\t"), ("\r", "\\r"), ("\n", "\\n"))
#: Integers outside int64 make pandas keep an object column (rendered differently).
_INT64 = 2 ** 63


def _trim_zeros(cells: list[str]) -> list[str]:
    """Return ``"%.6f"`` cells less the trailing zeros they all have, one decimal kept (pandas' ``_trim_zeros_float``)."""
    nums = [c for c in cells if c != "NaN"]
    if not nums:
        return cells
    cut = min(len(c) - len(c.rstrip("0")) for c in nums)  # rstrip stops at the point: six at most
    out = []
    for c in cells:
        if c != "NaN" and cut:
            c = c[:-cut]
            c = c + "0" if c.endswith(".") else c
        out.append(c)
    return out


def _column_kind(values: list[Any]) -> str | None:
    """Return the kind of column ``pandas.DataFrame`` makes of ``values`` (text, int, float, none), or None.

    All text; all int (within int64); ints, floats and None mixed (a float
    column, None as NaN); all None (an object column).  Anything else (bools,
    dates, text mixed with numbers or None, floats that pandas shows in
    scientific notation or as inf) is None: the caller renders with pandas.
    """
    kinds = {type(v) for v in values}
    if kinds == {str}:
        return "text"
    if kinds == {int}:
        return "int" if all(-_INT64 <= v < _INT64 for v in values) else None
    if kinds == {type(None)}:
        return "none"
    if kinds <= {int, float, type(None)}:
        nums = [abs(float(v)) for v in values if v is not None and v == v]
        if any(not v <= 1e6 or 0 < v < 1e-6 for v in nums):
            return None
        return "float"
    return None


def _cells(kind: str, values: list[Any], width: int) -> list[str]:
    """Return the cells of one column of ``kind`` as pandas' ``to_string`` writes them (before alignment)."""
    if kind == "text":
        cells = [v[: width - 1] + "…" if len(v) > width else v for v in values]
        if any(ch in c for c in cells for ch in ("\t", "\r", "\n")):
            for old, new in _TABLE_ESCAPES:
                cells = [c.replace(old, new) for c in cells]
        return cells
    if kind == "int":
        return [f"{v:d}" for v in values]
    if kind == "none":
        return ["None"] * len(values)
    return _trim_zeros([f"{v:.6f}" if v is not None and v == v else "NaN" for v in values])


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_colwidth: int = 60,
                infer_rows: Sequence[Sequence[Any]] = ()) -> str | None:
    """Return ``rows`` as the screen table :func:`render_frame` prints, without pandas; None when unsure.

    The text is that of ``render_frame(pd.DataFrame(rows, columns=columns),
    "table")``: right-aligned cells, a leading space before numeric headers,
    floats to the fewest decimals that show every value of the column.
    Column types are inferred over ``rows`` plus ``infer_rows`` (rows of the
    same frame that are not shown, as ``frame.head(n)`` keeps the frame's
    types).  Returns None when a column holds values whose pandas rendering
    this does not reproduce (see :func:`_column_kind`): render the frame with
    pandas then.  Importing pandas costs ~0.4 s, most of a re-run that reuses
    every document.
    """
    if not rows:
        return "(no rows)"
    out: list[list[str]] = []
    for j, name in enumerate(columns):
        shown = [r[j] for r in rows]
        kind = _column_kind(shown + [r[j] for r in infer_rows])
        if kind is None:
            return None
        cells = _cells(kind, shown, max_colwidth)
        header = (" " if kind in ("int", "float") else "") + str(name)
        w = max(len(header), max(len(c) for c in cells))
        out.append([header.rjust(w)] + [c.rjust(w) for c in cells])
    return "\n".join(" ".join(line) for line in zip(*out))


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
