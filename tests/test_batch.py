"""Batch runs: incremental reuse, parallel and dask results, interruption, concurrency, CLI.

Real processes are started for the interruption and concurrency tests
(``python -m framing score``), and killed with real signals.  No assertion
depends on timing: the tests poll the store for progress and bound waits only
to fail instead of hanging.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from framing.store.batch import RunOptions, run_batch
from framing.present.cli import main
from framing.core.config import lexicons_dir
from framing.store.progress import Progress
from framing.store.db import open_store

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import corpus_gen  # noqa: E402

#: Upper bound for waiting on a subprocess; reaching it fails the test (it is not a timing assertion).
WAIT_S = 180

ARTICLES = {
    "kyiv_briefing.txt": (
        "Kyiv says talks on grain corridor stalled\n\n"
        "KYIV, 3 March (Daily Ledger) - Ukraine's foreign ministry said on Monday that talks on the grain "
        "corridor had stalled, blaming what it called “a campaign of terror” against port cities.\n\n"
        "“We will not negotiate under shelling,” said Maria Kowalska, a spokeswoman for the ministry. "
        "According to Reuters, three ships left Odesa last week. Some observers believe the so-called "
        "“humanitarian pause” was a provocation."),
    "moscow_statement.txt": (
        "Moscow denounces Western hysteria over treaty\n\n"
        "MOSCOW, 4 March (State Broadcast Network) - The Kremlin dismissed Western criticism of the treaty "
        "as hysterical propaganda spread by the collective West. Pavel Orlov, a Kremlin spokesman, told TASS "
        "that the partnership was “unbreakable” and that the Kyiv regime bore full responsibility for the "
        "crisis. Undoubtedly, he added, the heroic defenders would prevail."),
    "seoul_wire.txt": (
        "Seoul reports new missile launch\n\n"
        "SEOUL, 5 March (Northern Wire Service) - South Korea's military said North Korea fired a ballistic "
        "missile into the sea on Tuesday, Yonhap reported. It was not immediately clear whether the launch "
        "was linked to the exercise. Officials said the missile flew about 600 km, apparently reaching a "
        "lower altitude than earlier tests."),
}
CATALOG = ("file,outlet,stance\nkyiv_briefing.txt,Daily Ledger,western_press\n"
           "moscow_statement.txt,State Broadcast Network,state_media\n"
           "seoul_wire.txt,Northern Wire Service,wire\n")


@pytest.fixture
def news(tmp_path) -> Path:
    """A folder of three short realistic articles with a catalog, plus eight generated ones."""
    d = tmp_path / "news"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / name).write_text(text + "\n", encoding="utf-8")
    for i in range(8):
        text, outlet, stance = corpus_gen.make_document(3, i, 1500)
        (d / f"gen{i}.txt").write_text(text, encoding="utf-8")
    (d / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    _age(d)
    return d


def _age(folder: Path, seconds: float = 60) -> None:
    """Set file mtimes into the past, as files that were not just written (the stat cache ignores fresh mtimes)."""
    t = time.time() - seconds
    for f in folder.rglob("*"):
        if f.is_file():
            os.utime(f, (t, t))


def _run(paths, store, **kw):
    return run_batch(RunOptions(paths=[str(p) for p in paths], store=str(store), **kw))


def _rows(store: Path) -> dict[str, list]:
    """Every stored result row, without run ids and timestamps, for comparing stores."""
    out = {}
    with sqlite3.connect(store) as c:
        out["documents"] = c.execute("SELECT doc_id, path, sha256, fingerprint, meta, text, raw FROM documents "
                                     "ORDER BY doc_id").fetchall()
        out["segments"] = c.execute("SELECT * FROM segments ORDER BY doc_id, idx").fetchall()
        out["matches"] = c.execute("SELECT * FROM matches ORDER BY doc_id, lexicon_version, n").fetchall()
        out["scores"] = c.execute("SELECT * FROM scores ORDER BY doc_id, lexicon_version, seg_id").fetchall()
        out["analyses"] = [(d, v, s, json.loads(zlib.decompress(b))) for d, v, s, b in c.execute(
            "SELECT doc_id, lexicon_version, sha256, data FROM analyses ORDER BY doc_id, lexicon_version")]
    return out


# ------------------------------------------------------------ incremental runs

def test_second_run_reuses_everything(news, tmp_path):
    store = tmp_path / "s.sqlite"
    first = _run([news], store, jobs=1)
    assert (first.scored, first.reused, first.skipped, first.status) == (11, 0, 0, "done")
    before = _rows(store)
    second = _run([news], store, jobs=1)
    assert (second.scored, second.reused) == (0, 11)
    assert _rows(store) == before
    with open_store(store) as st:
        assert [r.status for r in st.runs()] == ["done", "done"]
        assert st.counts()["run_documents"] == 22           # both runs cover all documents


def test_unchanged_documents_are_not_parsed_again(news, tmp_path, monkeypatch):
    store = tmp_path / "s.sqlite"
    _run([news], store, jobs=1)
    import framing.orchestrator
    monkeypatch.setattr(framing.orchestrator, "parse_document", lambda *a, **k: pytest.fail("re-parsed"))
    # Touch one file without changing it: its hash is compared (no parse) and its stat refreshed.
    f = news / "seoul_wire.txt"
    f.write_bytes(f.read_bytes())
    s = _run([news], store, jobs=1)
    assert (s.scored, s.reused) == (0, 11)


def test_changing_one_file_rescores_only_it(news, tmp_path):
    store = tmp_path / "s.sqlite"
    _run([news], store, jobs=1)
    f = news / "moscow_statement.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("hysterical propaganda", "criticism"), encoding="utf-8")
    s = _run([news], store, jobs=1)
    assert (s.scored, s.reused) == (1, 10)
    with open_store(store) as st:
        text = st.conn.execute("SELECT text FROM documents WHERE doc_id='moscow_statement'").fetchone()[0]
        assert "hysterical propaganda" not in text
        dup = st.conn.execute("SELECT count(*) - count(DISTINCT doc_id || '/' || lexicon_version || '/' || n) "
                              "FROM matches").fetchone()[0]
        assert dup == 0
        assert st.conn.execute("SELECT count(*) FROM matches WHERE doc_id='moscow_statement' "
                               "AND lower(text) LIKE '%hysteric%'").fetchone()[0] == 0


def test_changing_the_catalog_rescores_that_document(news, tmp_path):
    store = tmp_path / "s.sqlite"
    _run([news], store, jobs=1)
    cat = news / "catalog.csv"
    cat.write_text(CATALOG.replace("Northern Wire Service,wire", "Northern Wire Service,state_media"),
                   encoding="utf-8")
    s = _run([news], store, jobs=1)
    assert (s.scored, s.reused) == (1, 10)
    with open_store(store) as st:
        assert st.conn.execute("SELECT DISTINCT stance FROM scores WHERE doc_id='seoul_wire'").fetchall() == [
            ("state_media",)]


def _add_grain_entry(lex: Path) -> None:
    """Add a "grain corridor" entry to a copied lexicon folder (a new lexicon version)."""
    target = next(p for p in sorted(lex.glob("*.csv")) if p.name not in ("categories.csv", "outlets.csv"))
    with target.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    row = {"id": "test.grain", "pattern": "grain corridor", "category": _some_category(lex),
           "weight": "1", "neutral_alternative": "", "rationale": "test entry", "source": "test"}
    with target.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow([row.get(h, "") for h in header])


def _edit_and_restore_lexicon(news: Path, tmp_path: Path) -> tuple[Path, Path, list]:
    """Score ``news`` with a copy of the lexicons, with an entry added, then with the copy restored.

    Returns the lexicon folder, the store and the three run summaries.
    """
    lex = tmp_path / "lexicons"
    shutil.copytree(lexicons_dir(), lex)
    store = tmp_path / "s.sqlite"
    first = _run([news], store, jobs=1, lexicons=str(lex))
    _add_grain_entry(lex)
    second = _run([news], store, jobs=1, lexicons=str(lex))
    shutil.rmtree(lex)
    shutil.copytree(lexicons_dir(), lex)
    third = _run([news], store, jobs=1, lexicons=str(lex))
    return lex, store, [first, second, third]


def test_editing_the_lexicon_rescores_all_and_old_results_stay_usable(news, tmp_path):
    lex, store, (first, second, third) = _edit_and_restore_lexicon(news, tmp_path)
    assert second.lexicon_version != first.lexicon_version
    assert (second.scored, second.reused) == (11, 0)
    with open_store(store) as st:
        assert st.conn.execute("SELECT count(*) FROM matches WHERE entry_id='test.grain' "
                               "AND lexicon_version=?", (second.lexicon_version,)).fetchone()[0] >= 1
    # Restoring the original lexicon finds its results still in the store.
    assert third.lexicon_version == first.lexicon_version
    assert (third.scored, third.reused) == (0, 11)
    # The edited lexicon is gone from disk, yet its results stay readable: the
    # store rebuilds it from the files it recorded (byte-exact, same version).
    from framing.api import analyze_from_store
    old = analyze_from_store(store, lexicons=str(lex), lexicon_version=second.lexicon_version)
    assert old.lexicon_version == second.lexicon_version
    assert "test.grain" in set(old.matches()["entry_id"])


def test_store_prune_keeps_the_version_in_use_and_reports_what_it_deletes(news, tmp_path, capsys):
    # The original lexicon was first seen earlier, but after the restore it is the one in use.
    lex, store, (original, edited, _) = _edit_and_restore_lexicon(news, tmp_path)
    kept_rows = {t: rows for t, rows in _rows(store).items() if t != "analyses"}
    assert main(["store", "info", "--store", str(store), "--check"]) == 0
    out = capsys.readouterr().out
    assert original.lexicon_version in out and edited.lexicon_version in out and "integrity check: ok" in out
    with open_store(store) as st:
        n = st.conn.execute("SELECT count(*) FROM matches WHERE lexicon_version = ?",
                            (edited.lexicon_version,)).fetchone()[0]
    line = next(ln for ln in out.splitlines() if ln.strip().startswith(edited.lexicon_version))
    assert f"11 documents  {n:,} matches" in line

    assert main(["store", "prune", "--store", str(store), "--dry-run"]) == 0
    assert "would delete the results of 1 lexicon version(s): 11 analyses" in capsys.readouterr().out
    assert _rows(store)["matches"] == kept_rows["matches"]

    assert main(["store", "prune", "--store", str(store), "--vacuum"]) == 0
    assert f"kept {original.lexicon_version}" in capsys.readouterr().out
    with open_store(store) as st:
        assert st.lexicon_versions() == [original.lexicon_version]
        for table in ("analyses", "matches", "scores"):
            assert st.conn.execute(f"SELECT count(*) FROM {table} WHERE lexicon_version = ?",
                                   (edited.lexicon_version,)).fetchone()[0] == 0
        assert st.counts()["documents"] == 11 and len(st.runs()) == 3   # history stays
    after = _rows(store)
    assert after["matches"] == [r for r in kept_rows["matches"] if r[1] == original.lexicon_version]
    assert after["documents"] == kept_rows["documents"] and after["segments"] == kept_rows["segments"]
    # The kept version's results are still reused, not recomputed.
    again = _run([news], store, jobs=1, lexicons=str(lex))
    assert (again.scored, again.reused) == (0, 11)
    assert main(["store", "prune", "--store", str(store)]) == 0
    assert "nothing to prune" in capsys.readouterr().out


def test_store_prune_refuses_while_a_run_writes(news, tmp_path, capsys):
    from framing.store.lock import RunLock
    store = tmp_path / "s.sqlite"
    _run([news], store, jobs=1)
    lock = RunLock(store)
    lock.acquire(store)          # what a running 'framing score' holds
    lock.describe(7, "2026-01-01T00:00:00+00:00")
    try:
        with open_store(store) as st:
            st.conn.execute("INSERT INTO lexicon_versions (version, directory, entries, categories, first_seen)"
                            " VALUES ('old', '', 0, '[]', '2000-01-01')")
        assert main(["store", "prune", "--store", str(store)]) == 1
        err = capsys.readouterr().err
        assert "is busy: run 7" in err and "wait for it" in err
    finally:
        lock.release()


def test_store_commands_on_a_missing_store_say_so(tmp_path, capsys):
    assert main(["store", "info", "--store", str(tmp_path / "none.sqlite")]) == 1
    assert "does not exist" in capsys.readouterr().err


def _some_category(lex: Path) -> str:
    with (lex / "categories.csv").open(newline="", encoding="utf-8") as fh:
        return next(r["category"] for r in csv.DictReader(fh) if r["category"] and not r["category"].startswith("#"))


def test_rescore_flag_scores_everything(news, tmp_path):
    store = tmp_path / "s.sqlite"
    _run([news], store, jobs=1)
    before = _rows(store)
    s = _run([news], store, jobs=1, rescore=True)
    assert (s.scored, s.reused) == (11, 0)
    assert _rows(store) == before


def test_jsonl_records_are_streamed_and_bad_lines_skipped(tmp_path, capsys):
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"rec{i}", "text": ARTICLES[name], "outlet": "Feed", "stance": "wire"})
             for i, name in enumerate(ARTICLES)]
    lines.insert(1, "{not json")
    lines.append(json.dumps({"id": "empty", "text": "  "}))
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "s.sqlite"
    code = main(["score", str(f), "--store", str(store), "--by", "document", "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"framing: skipped {f}:2: not valid JSON" in err
    assert f"framing: skipped {f}:5: record has no non-empty 'text' field" in err
    assert "scored 3, reused 0, skipped 2" in err
    assert [r["doc_id"] for r in csv.DictReader(out.splitlines())] == ["rec0", "rec1", "rec2"]


def test_duplicate_ids_are_skipped_like_load_corpus(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "same.txt").write_text(ARTICLES["seoul_wire.txt"], encoding="utf-8")
    (b / "same.txt").write_text(ARTICLES["kyiv_briefing.txt"], encoding="utf-8")
    s = _run([a, b], tmp_path / "s.sqlite", jobs=1)
    assert (s.scored, s.skipped) == (1, 1)
    assert "duplicate document id 'same'" in capsys.readouterr().err


# ------------------------------------------------------------ parallel and dask

@pytest.fixture(scope="module")
def gen_corpus(tmp_path_factory) -> Path:
    """60 generated articles of ~2 kB (enough for several chunks per worker)."""
    d = tmp_path_factory.mktemp("gen")
    corpus_gen.generate(d, 60, seed=11, kb=2.0, per_folder=25)
    _age(d)
    return d


@pytest.fixture(scope="module")
def jobs1_rows(gen_corpus, tmp_path_factory) -> dict:
    store = tmp_path_factory.mktemp("j1") / "s.sqlite"
    s = _run([gen_corpus], store, jobs=1)
    assert s.scored == 60
    return _rows(store)


def test_two_processes_give_identical_rows(gen_corpus, jobs1_rows, tmp_path):
    store = tmp_path / "s.sqlite"
    s = _run([gen_corpus], store, jobs=2, chunk_size=4, batch_size=16)
    assert (s.scored, s.status) == (60, "done")
    assert _rows(store) == jobs1_rows


def test_pool_started_while_other_threads_run_gives_identical_rows(gen_corpus, jobs1_rows, tmp_path):
    # A dashboard or notebook calls run_batch with other threads alive: the
    # pool must not fork them (a lock held by another thread would hang the
    # workers) and must still give the same rows.
    import threading
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        store = tmp_path / "s.sqlite"
        s = _run([gen_corpus], store, jobs=2, chunk_size=8, batch_size=16)
    finally:
        stop.set()
        other.join()
    assert (s.scored, s.status) == (60, "done")
    assert _rows(store) == jobs1_rows


def test_dask_local_cluster_gives_identical_rows(gen_corpus, jobs1_rows, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        store = tmp_path / "s.sqlite"
        s = _run([gen_corpus], store, jobs=2, engine="dask", scheduler=cluster.scheduler_address,
                 chunk_size=4, batch_size=16)
    assert (s.scored, s.status) == (60, "done")
    assert _rows(store) == jobs1_rows


def test_dask_cli_with_its_own_local_cluster(news, tmp_path, capsys):
    pytest.importorskip("dask.distributed")
    store = tmp_path / "s.sqlite"
    code = main(["score", str(news), "--store", str(store), "--engine", "dask", "--jobs", "2", "--quiet",
                 "--by", "stance", "--format", "csv"])
    assert code == 0
    stances = [r["stance"] for r in csv.DictReader(capsys.readouterr().out.splitlines())]
    assert {"western_press", "state_media", "wire"} <= set(stances)


# ------------------------------------------------------------ interruption and concurrency

@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """2,400 small generated articles: long enough to interrupt after a few batches."""
    d = tmp_path_factory.mktemp("big")
    corpus_gen.generate(d, 2400, seed=5, kb=0.6, per_folder=500)
    _age(d)
    return d


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "framing", "score", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_rows(store: Path, proc: subprocess.Popen, at_least: int) -> int:
    """Poll the store (read-only, as the dashboard would) until ``at_least`` documents are committed."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"run ended early: {proc.communicate()}"
        if store.exists():
            try:
                with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as c:
                    n = c.execute("SELECT count(*) FROM analyses").fetchone()[0]
                if n >= at_least:
                    return n
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the run made no progress")


def _check_consistent(store: Path, batch: int = 200) -> int:
    with open_store(store) as st:
        assert st.integrity_check() == "ok"
        c = st.counts()
        # Only whole batches: every table agrees on the documents, and their number is a multiple of a batch.
        assert c["documents"] == c["analyses"] == st.conn.execute(
            "SELECT count(DISTINCT doc_id) FROM scores").fetchone()[0]
        assert c["analyses"] % batch == 0
        return c["analyses"]


def _check_complete(store: Path, n: int) -> None:
    with open_store(store) as st:
        c = st.counts()
        assert c["documents"] == c["analyses"] == n
        assert st.conn.execute("SELECT count(*) FROM (SELECT doc_id FROM analyses GROUP BY doc_id "
                               "HAVING count(*) > 1)").fetchone()[0] == 0
        assert st.integrity_check() == "ok"


def test_kill_9_keeps_finished_batches_and_the_rerun_completes(big_corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    proc = _start([str(big_corpus), "--store", str(store), "--jobs", "1", "--quiet", "--format", "csv",
                   "--by", "stance"], tmp_path)
    _wait_for_rows(store, proc, 400)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=WAIT_S)
    kept = _check_consistent(store)
    assert 400 <= kept < 2400
    rerun = _run([big_corpus], store, jobs=1)
    assert rerun.reused == kept and rerun.scored == 2400 - kept
    _check_complete(store, 2400)
    with open_store(store) as st:
        assert [r.status for r in st.runs()] == ["interrupted", "done"]


def test_ctrl_c_keeps_finished_batches_and_records_the_interruption(big_corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    proc = _start([str(big_corpus), "--store", str(store), "--jobs", "2", "--progress-interval", "0.2"], tmp_path)
    _wait_for_rows(store, proc, 200)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 130, err
    assert "interrupted; results written so far are kept" in err
    kept = _check_consistent(store)
    with open_store(store) as st:
        run = st.runs()[-1]
        assert run.status == "interrupted" and run.finished is not None and run.scored == kept
    rerun = _run([big_corpus], store, jobs=2)
    assert (rerun.reused, rerun.scored) == (kept, 2400 - kept)
    _check_complete(store, 2400)


def test_second_concurrent_run_is_refused_and_readers_keep_reading(big_corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    first = _start([str(big_corpus), "--store", str(store), "--jobs", "1", "--quiet"], tmp_path)
    try:
        _wait_for_rows(store, first, 200)
        second = _start([str(big_corpus), "--store", str(store), "--jobs", "1"], tmp_path)
        out, err = second.communicate(timeout=WAIT_S)
        assert second.returncode == 1
        assert f"store {store} is busy: run 1 (pid {first.pid}" in err
        assert "wait for it or use another --store" in err
        # Reading while the run writes: counts only grow, always by whole batches.
        # Both counts come from one read transaction (one WAL snapshot): two
        # separate statements may straddle a commit and see different batches.
        seen = []
        reader = sqlite3.connect(f"file:{store}?mode=ro", uri=True, isolation_level=None)
        try:
            while first.poll() is None and len(seen) < 200:
                reader.execute("BEGIN")
                n = reader.execute("SELECT count(*) FROM analyses").fetchone()[0]
                m = reader.execute("SELECT count(DISTINCT doc_id) FROM scores").fetchone()[0]
                reader.execute("COMMIT")
                assert n == m and n % 200 == 0
                seen.append(n)
                time.sleep(0.01)
        finally:
            reader.close()
        assert seen == sorted(seen)
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=WAIT_S)


# ------------------------------------------------------------ CLI and progress

def test_plain_score_uses_default_store_and_prints_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRAMING_STORE", raising=False)
    assert main(["score", "--by", "stance"]) == 0
    out, err = capsys.readouterr()
    assert (tmp_path / "framing-store.sqlite").is_file()
    assert "kremlin_rt" in out and "loaded_own" in out
    assert "scored 5, reused 0, skipped 0" in err
    assert main(["score", "--by", "stance"]) == 0
    assert "scored 0, reused 5" in capsys.readouterr().err


def test_framing_store_env_is_honoured(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRAMING_STORE", str(tmp_path / "env.sqlite"))
    monkeypatch.chdir(tmp_path)
    assert main(["score", "--quiet", "--by", "outlet"]) == 0
    assert (tmp_path / "env.sqlite").is_file() and not (tmp_path / "framing-store.sqlite").exists()


def test_no_store_keeps_the_in_memory_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["score", "--no-store", "--by", "document", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert len(list(csv.DictReader(out.splitlines()))) == 5
    assert not list(tmp_path.glob("*.sqlite"))


def test_level_and_by_must_agree(capsys):
    assert main(["score", "--no-store", "--level", "match", "--by", "stance"]) == 1
    assert "--level match and --by stance" in capsys.readouterr().err


def test_progress_lines_when_not_a_terminal():
    import io
    buf = io.StringIO()
    p = Progress(total_docs=10, total_bytes=1000, stream=buf, interval=0, tty=False)
    p.advance(docs=5, nbytes=500, scored=5)
    assert buf.getvalue().startswith("framing: 5/10 docs")
    assert "\r" not in buf.getvalue() and "ETA" in buf.getvalue()
    quiet = io.StringIO()
    q = Progress(stream=quiet, quiet=True, interval=0, tty=False)
    q.advance(docs=1)
    q.close()
    assert quiet.getvalue() == ""


def test_progress_bar_on_a_terminal():
    import io
    buf = io.StringIO()
    p = Progress(total_docs=4, total_bytes=400, stream=buf, tty=True, redraw=0)
    p.advance(docs=2, nbytes=200, scored=1, reused=1)
    p.note("framing: skipped x.txt: file is empty")
    p.close()
    text = buf.getvalue()
    assert text.startswith("\r[############............]  2/4 docs")
    assert re.search(r"\d (MB|kB)/s", text) and "docs/s" in text and "framing: skipped x.txt" in text
    assert text.endswith("\n")


def test_rates_read_well_at_any_size():
    from framing.store.progress import fmt_rate
    assert (fmt_rate(1.94), fmt_rate(0.042), fmt_rate(0.0)) == ("1.9 MB/s", "42 kB/s", "0 kB/s")
