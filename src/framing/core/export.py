"""Write DataFrames as tables, CSV, JSON, JSONL or Parquet, safely.

CSV cells that a spreadsheet would execute as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with a single
quote, as OWASP recommends for CSV injection; numbers are left alone.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import IO

import pandas as pd

from framing.core.files import atomic_path

FORMATS = ("table", "csv", "json", "jsonl", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: object) -> object:
    """Return ``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells cannot execute as spreadsheet formulas."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize_cell)
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


def render_frame(df: pd.DataFrame, fmt: str, max_colwidth: int = 60) -> str:
    """Return ``df`` rendered as text in ``fmt`` (table, csv, json or jsonl)."""
    if fmt == "table":
        if df.empty:
            return "(no rows)"
        # A screen table is for reading: long text cells (evidence lists) are cut to
        # ``max_colwidth`` characters with an ellipsis; exports keep them whole.
        return _shorten_cells(df, max_colwidth).to_string(index=False)
    if fmt == "csv":
        buf = io.StringIO()
        neutralize_formulas(df).to_csv(buf, index=False)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(_jsonable(df), ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _jsonable(df))
    raise ValueError(f"unknown text format {fmt!r}")


def write_frame(df: pd.DataFrame, fmt: str, out: str | Path | None = None,
                stream: IO[str] | None = None) -> None:
    """Write ``df`` in ``fmt`` to file ``out`` (atomically) or to ``stream`` (default stdout)."""
    if out is None:
        if fmt == "parquet":
            raise ValueError("parquet needs --out FILE")
        (stream or sys.stdout).write(render_frame(df, fmt).rstrip("\n") + "\n")
        return
    with atomic_path(out) as tmp:
        if fmt == "parquet":
            df.to_parquet(tmp, index=False)
        else:
            tmp.write_text(render_frame(df, fmt), encoding="utf-8")
