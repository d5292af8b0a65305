"""Reading results back from a store: per-segment signal tables, match exports, and the analyses behind the API.

Nothing here rescores: tables are rebuilt from the stored per-segment rows
and analyses from the stored JSON.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections import defaultdict
from pathlib import Path
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from framing.core.errors import FramingError, StoreError
from framing.core.files import atomic_path
from framing.core.types import MATCH_FIELDS, Match
from framing.store.db import Store, open_store
from framing.store.worker import write_lexicon_files

if TYPE_CHECKING:  # pandas is imported where a frame is built: a screen table printed by
    # screen_table needs none, and importing it is most of a re-run that reuses every document
    import pandas as pd


# ------------------------------------------------------------------ reading back

def _match_from_row(row: Sequence[Any]) -> Match:
    """Return the :class:`Match` of a stored match row (:data:`MATCH_FIELDS` order; flags stored as 0/1)."""
    d = dict(zip(MATCH_FIELDS, row))
    d["loaded"], d["scare_quote"] = bool(d["loaded"]), bool(d["scare_quote"])
    return Match(**d)


def _row_from_stored(d: dict, cats: Sequence[str]) -> dict:
    """Return a stored score row as a :func:`framing.analyze.scoring.segment_signals` row (same keys, same order)."""
    from framing.analyze.scoring import COUNT_COLUMNS
    row = {"doc_id": d["doc_id"], "seg_id": d["seg_id"], "stance": d["stance"], "outlet": d["outlet"],
           "kind": d["kind"], **{c: d[c] for c in COUNT_COLUMNS}, **{f"n_{c}": 0 for c in cats},
           "sentiment_min": d["sentiment_min"], "sentiment_max": d["sentiment_max"],
           "sentiment_min_sentence": d["sentiment_min_sentence"],
           "sentiment_max_sentence": d["sentiment_max_sentence"],
           "_evidence": defaultdict(float, d["evidence"])}
    for k, v in d["counts"].items():
        row[f"n_{k}"] = v
    return row


def frame_from_rows(rows: Iterable[dict], categories: Iterable[str], by: str = "segment",
                    lexicon_version: str = "") -> pd.DataFrame:
    """Return the signals DataFrame of :func:`framing.analyze.scoring.score_frame` from stored segment rows.

    ``rows`` are :func:`framing.analyze.scoring.segment_signals` rows (or stored rows
    converted by :func:`_row_from_stored`); the aggregation is scoring's own.
    """
    from framing.analyze.scoring import frame_from_rows as _frame
    return _frame(rows, categories, by, lexicon_version)


def iter_frames(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None,
                entries: pd.DataFrame | None = None, rows_per_frame: int = 20_000) -> Iterator[pd.DataFrame]:
    """Yield the run's results as DataFrames of about ``rows_per_frame`` rows, in output order.

    ``level`` is ``segment``, ``document``, ``stance``, ``outlet`` (signals,
    as :func:`frame_from_rows`) or ``match`` (one row per match, with the
    entry's rationale and neutral alternative when ``entries`` is given).
    Segment and document frames are cut at document boundaries, so
    concatenating them gives the same table as one big frame; stance and
    outlet tables are small and come as one frame.  Memory stays bounded
    for any corpus size.
    """
    import pandas as pd
    cats = store.lexicon_categories(lexicon_version)
    if level == "match":
        e = entries.set_index("id") if entries is not None and not entries.empty else None
        for chunk in store.iter_match_rows(lexicon_version, run_id, rows_per_frame):
            df = pd.DataFrame(chunk, columns=list(MATCH_FIELDS))
            df["loaded"] = df["loaded"].astype(bool)
            df["scare_quote"] = df["scare_quote"].astype(bool)
            df["lexicon_version"] = lexicon_version
            if e is not None:
                df["rationale"] = df["entry_id"].map(e["rationale"])
                df["neutral_alternative"] = df["entry_id"].map(e["neutral_alternative"])
            yield df
        return
    if level in ("stance", "outlet"):
        # Input order, as score_frame sees documents: ties between evidence
        # phrases of equal weight then list in the same order.
        rows = (_row_from_stored(d, cats) for d in store.iter_score_rows(lexicon_version, run_id, "input"
                                                                          if run_id is not None else "id"))
        yield frame_from_rows(rows, cats, level, lexicon_version)
        return
    # Segment and document tables are sorted by document id: read in id order
    # and cut frames between documents, so memory stays bounded.
    rows = (_row_from_stored(d, cats) for d in store.iter_score_rows(lexicon_version, run_id, "id"))
    buf: list[dict] = []
    last = None
    for r in rows:
        if len(buf) >= rows_per_frame and r["doc_id"] != last:
            yield frame_from_rows(buf, cats, level, lexicon_version)
            buf = []
        buf.append(r)
        last = r["doc_id"]
    if buf or last is None:
        yield frame_from_rows(buf, cats, level, lexicon_version)


def results_frame(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None,
                  entries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the whole result table of :func:`iter_frames` as one DataFrame (small corpora, screens)."""
    import pandas as pd
    frames = list(iter_frames(store, lexicon_version, level, run_id, entries))
    frames = [f for f in frames if not f.empty] or frames[:1]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def result_rows(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None) -> int:
    """Return how many rows :func:`results_frame` would have, counted in SQL (no table is built)."""
    if level == "match":
        table, col = "matches", "*"
    else:
        table = "scores"
        col = {"segment": "*", "document": "DISTINCT s.doc_id", "stance": "DISTINCT s.stance",
               "outlet": "DISTINCT s.outlet"}[level]
    alias = "m" if level == "match" else "s"
    if run_id is None:
        sql = f"SELECT count({col}) FROM {table} {alias} WHERE {alias}.lexicon_version = ?"
        params: tuple = (lexicon_version,)
    else:
        sql = (f"SELECT count({col}) FROM run_documents r JOIN {table} {alias} ON {alias}.doc_id = r.doc_id"
               f" AND {alias}.lexicon_version = ? WHERE r.run_id = ?")
        params = (lexicon_version, run_id)
    return int(store.conn.execute(sql, params).fetchone()[0])


def results_head(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None,
                 entries: pd.DataFrame | None = None, rows: int = 50) -> pd.DataFrame:
    """Return the first ``rows`` rows of :func:`results_frame`, reading only the documents they need."""
    import pandas as pd
    frames = []
    n = 0
    for df in iter_frames(store, lexicon_version, level, run_id, entries, rows_per_frame=rows):
        frames.append(df)
        n += len(df)
        if n >= rows:
            break
    frames = [f for f in frames if not f.empty] or frames[:1]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return df.head(rows).reset_index(drop=True)


def _signal_frames(store: Store, lexicon_version: str, level: str, run_id: int | None,
                   rows_per_frame: int) -> Iterator[list[dict]]:
    """Yield the finished signal rows of each frame :func:`iter_frames` builds (same cuts, same order).

    Plain Python: rows are sorted as the frame sorts them (by the group keys;
    :func:`screen_table` checks the keys are text first, so both sorts agree).
    """
    from framing.analyze.scoring import GROUP_KEYS, signal_rows
    cats = store.lexicon_categories(lexicon_version)
    keys = GROUP_KEYS[level]

    def frame(buf: list[dict]) -> list[dict]:
        rows = signal_rows(buf, cats, level)
        if not all(type(r[k]) is str for r in rows for k in keys):
            raise _Unsure  # None (NaN) keys: pandas sorts them last; leave it to pandas
        return sorted(rows, key=itemgetter(*keys))

    if level in ("stance", "outlet"):
        order = "input" if run_id is not None else "id"
        yield frame([_row_from_stored(d, cats) for d in store.iter_score_rows(lexicon_version, run_id, order)])
        return
    buf: list[dict] = []
    last = None
    for d in store.iter_score_rows(lexicon_version, run_id, "id"):
        r = _row_from_stored(d, cats)
        if len(buf) >= rows_per_frame and r["doc_id"] != last:
            yield frame(buf)
            buf = []
        buf.append(r)
        last = r["doc_id"]
    if buf:
        yield frame(buf)


class _Unsure(Exception):
    """Raised inside :func:`screen_table` when only pandas renders the table as pandas does."""


def screen_table(store: Store, lexicon_version: str, level: str, run_id: int | None, columns: Sequence[str],
                 rows: int | None = None) -> str | None:
    """Return the screen table of ``columns`` of the run's signal rows (the first ``rows``), or None.

    The text is what ``render_frame(results_frame(...)[columns], "table")``
    (or :func:`results_head` for ``rows``) prints, built from the stored rows
    without importing pandas (:func:`framing.core.export.render_rows`): an
    unchanged re-run that only prints its table spends most of its time
    importing pandas otherwise.  ``level`` is segment, document, stance or
    outlet.  Returns None when only pandas can be trusted to render it (a
    column whose type differs between frames, values shown in scientific
    notation, keys that are not text): call the pandas path then.
    """
    from framing.core.export import _column_kind, render_rows
    per_frame = rows if rows is not None else 20_000
    frames: list[list[tuple]] = []
    n = 0
    try:
        for fr in _signal_frames(store, lexicon_version, level, run_id, per_frame):
            if not fr:
                continue
            frames.append([tuple(r[c] for c in columns) for r in fr])
            n += len(fr)
            if rows is not None and n >= rows:
                break
    except _Unsure:
        return None
    # Frames are concatenated by pandas: a column whose type differs between frames changes type.
    kinds = {tuple(_column_kind([r[j] for r in fr]) for j in range(len(columns))) for fr in frames}
    if len(kinds) > 1:
        return None
    table = [r for fr in frames for r in fr]
    shown = table if rows is None else table[:rows]
    return render_rows(columns, shown, infer_rows=table[len(shown):] if rows is not None else ())


def export_results(store: Store, lexicon_version: str, fmt: str, out: str | Path, level: str = "segment",
                   run_id: int | None = None, entries: pd.DataFrame | None = None) -> int:
    """Write the run's results to ``out`` as csv, jsonl, json or parquet, frame by frame; return the row count.

    Written to ``OUT.partial`` and renamed at the end, so a crash never leaves
    a half-written export under the real name.  CSV cells that a spreadsheet
    would run as formulas are neutralized (:func:`framing.core.export.render_frame`).
    """
    from framing.core.export import render_frame, write_frame
    out = Path(out)
    if fmt == "json":  # one JSON array: build it whole (use jsonl for big corpora)
        df = results_frame(store, lexicon_version, level, run_id, entries)
        write_frame(df, fmt, out)
        return len(df)
    n = 0
    columns: list[str] | None = None
    writer = None
    with atomic_path(out) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                for df in iter_frames(store, lexicon_version, level, run_id, entries):
                    if columns is None:
                        columns = list(df.columns)
                    df = df.reindex(columns=columns)
                    n += len(df)
                    if fmt == "parquet":
                        writer = _parquet_append(writer, tmp, df)
                        continue
                    text = render_frame(df, fmt)
                    if fmt == "csv" and n > len(df):
                        text = text.split("\n", 1)[1] if "\n" in text else ""  # header only once
                    if df.empty and fmt != "csv":
                        continue
                    fh.write(text)
        finally:
            # Closed before atomic_path renames the file (or deletes it after an error).
            if writer is not None:
                writer.close()
    return n


def _parquet_append(writer: Any, path: Path, df: pd.DataFrame) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq
    if writer is None:
        table = pa.Table.from_pandas(df, preserve_index=False)
        # Columns that are all None in the first frame have no type yet: text,
        # except the numeric sentiment extremes.
        fields = []
        for f in table.schema:
            if pa.types.is_null(f.type):
                numeric = f.name.startswith("sentiment_") and not f.name.endswith("_sentence")
                f = pa.field(f.name, pa.float64() if numeric else pa.string())
            fields.append(f)
        schema = pa.schema(fields)
        writer = pq.ParquetWriter(str(path), schema)
        writer._framing_schema = schema  # type: ignore[attr-defined]
    schema = writer._framing_schema  # type: ignore[attr-defined]
    writer.write_table(pa.Table.from_pandas(df, schema=schema, preserve_index=False, safe=False))
    return writer


# ------------------------------------------------------------------ the API side

def load_store_analysis(store_path: str | Path | None = None, lexicons: str | Path | None = None,
                        lexicon_version: str | None = None, doc_ids: Iterable[str] | None = None,
                        run_id: int | None = None) -> tuple[Any, list]:
    """Return ``(lexicon, analyses)`` read from a store, without rescoring anything.

    The lexicon version is ``lexicon_version`` if given, else that of the
    ``lexicons`` folder (default: the bundled one) when the store has results
    for it, else the version of the store's latest run.  When the folder's
    lexicon is another version, the lexicon is rebuilt from the files the
    store recorded.  Raises :class:`StoreError` when the store has no results.
    """
    from framing.detect.lexicon import load_lexicon
    from framing.store.serialize import analysis_from_json

    store = open_store(store_path, create=False)
    try:
        current = None
        with contextlib.suppress(FramingError):
            current = load_lexicon(lexicons)
        versions = store.lexicon_versions()
        version = lexicon_version
        if version is None:
            if current is not None and current.version in versions:
                version = current.version
            else:
                runs = [r for r in store.runs() if r.lexicon_version in versions]
                if not runs:
                    raise StoreError(f"store {store.path} holds no results",
                                     fix="run 'framing score PATHS --store FILE' first")
                version = runs[-1].lexicon_version
        if current is not None and current.version == version:
            lexicon = current
        else:
            files = store.lexicon_files(version)
            if not files:
                raise StoreError(f"store {store.path} has no lexicon files for version {version}",
                                 fix="pass the lexicon folder of that version with lexicons=")
            with tempfile.TemporaryDirectory(prefix="framing-lexicon-") as tmp:
                write_lexicon_files(files, tmp)
                lexicon = load_lexicon(tmp)
            if lexicon.version != version:
                raise StoreError(f"store {store.path}: the recorded lexicon files load as version "
                                 f"{lexicon.version}, not {version}",
                                 fix="pass the lexicon folder of that version with lexicons=")
        ids = list(doc_ids) if doc_ids is not None else store.doc_ids(version, run_id)
        analyses = []
        for doc_id in ids:
            got = store.analysis_json(doc_id, version)
            if got is None:
                raise StoreError(f"store {store.path} has no results for document {doc_id!r} "
                                 f"with lexicon {version}", fix="run 'framing score' on it first")
            data, text, raw, _meta = got
            matches = [_match_from_row(row) for row in store.match_rows(doc_id, version)]
            analyses.append(analysis_from_json(data, text=text, raw=raw, matches=matches))
        return lexicon, analyses
    finally:
        store.close()
