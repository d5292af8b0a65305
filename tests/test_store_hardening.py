"""Store and batch hardening: orphaned workers, stale and busy locks, lexicon problems, pruning, cheap re-runs.

The process tests start a real ``python -m framing score`` and kill it with
real signals; waits are bounded only to fail instead of hanging.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from framing.core.config import lexicons_dir
from framing.present.cli import main
from framing.store.batch import RunOptions, run_batch
from framing.store.db import open_store
from framing.store.lock import RunLock
from framing.store.readback import result_rows, results_frame, results_head

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import corpus_gen  # noqa: E402

WAIT_S = 180


def _age(folder: Path, seconds: float = 60) -> None:
    t = time.time() - seconds
    for f in folder.rglob("*"):
        if f.is_file():
            os.utime(f, (t, t))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """2,400 small generated articles in folders of 500, with their catalog."""
    d = tmp_path_factory.mktemp("corpus")
    corpus_gen.generate(d, 2400, seed=11, kb=0.6, per_folder=500)
    _age(d)
    return d


@pytest.fixture
def small(tmp_path) -> Path:
    d = tmp_path / "small"
    corpus_gen.generate(d, 40, seed=3, kb=1.5)
    _age(d)
    return d


def _env() -> dict:
    return dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(REPO / "src"))


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "framing", "score", *args], cwd=cwd, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _children(pid: int) -> set[int]:
    """Return the ids of the live processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for_rows(store: Path, proc: subprocess.Popen, at_least: int) -> None:
    import sqlite3
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"run ended early: {proc.communicate()}"
        if store.exists():
            try:
                with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as c:
                    if c.execute("SELECT count(*) FROM analyses").fetchone()[0] >= at_least:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the run made no progress")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_kill_9_of_the_main_process_only_leaves_no_worker_and_no_busy_store(corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    proc = _start([str(corpus), "--store", str(store), "--jobs", "2", "--quiet", "--format", "csv"], tmp_path)
    _wait_for_rows(store, proc, 200)
    workers = _children(proc.pid)
    assert len(workers) >= 2, workers          # the pool's processes
    os.kill(proc.pid, signal.SIGKILL)          # the main process only, as `kill -9 PID` does
    proc.communicate(timeout=WAIT_S)
    deadline = time.monotonic() + 30
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    again = subprocess.run([sys.executable, "-m", "framing", "score", str(corpus), "--store", str(store),
                            "--jobs", "2", "--format", "csv", "--out", str(tmp_path / "out.csv")],
                           cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=WAIT_S * 3)
    assert again.returncode == 0, again.stderr
    assert "busy" not in again.stderr
    with open_store(store) as st:
        assert st.counts()["analyses"] == 2400
        assert [r.status for r in st.runs()] == ["interrupted", "done"]


def test_a_lock_left_held_for_a_dead_holder_is_taken_over_with_a_message(small, tmp_path):
    store = tmp_path / "s.sqlite"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # An orphan of an older framing: it holds the lock file, whose record names its dead parent.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, json, sys, time\n"
        f"fh = open({str(store) + '.lock'!r}, 'a+')\n"
        "fcntl.flock(fh.fileno(), fcntl.LOCK_EX)\n"
        f"fh.write(json.dumps({{'run': 3, 'pid': {dead.pid}, 'host': {socket.gethostname()!r}, "
        "'started': '2026-01-01T00:00:00+00:00'}))\n"
        "fh.flush(); print('locked', flush=True); time.sleep(120)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        notes: list[str] = []
        summary = run_batch(RunOptions(paths=[str(small)], store=str(store), jobs=1), note=notes.append)
        assert summary.status == "done" and summary.scored == 40
        assert any(f"took over the lock of run 3 (pid {dead.pid}" in n and "no longer running" in n
                   for n in notes), notes
    finally:
        holder.kill()
        holder.wait()


def test_a_live_holder_is_reported_at_once_before_the_lexicon_is_read(small, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    lock = RunLock(store)
    lock.acquire(store)
    lock.describe(7, "2026-01-01T00:00:00+00:00")
    try:
        # The lexicon folder does not exist: refusing as busy first shows the
        # lock comes before any loading (the slow part of a start).
        code = main(["score", str(small), "--store", str(store), "--lexicons", str(tmp_path / "nowhere")])
        err = capsys.readouterr().err
        assert code == 1
        assert f"store {store} is busy: run 7 (pid {os.getpid()} on {socket.gethostname()}) started at " \
               "2026-01-01T00:00:00+00:00 is writing (fix: wait for it or use another --store)" in err
        assert "lexicon" not in err
    finally:
        lock.release()


def test_forked_children_do_not_keep_the_lock(tmp_path):
    store = tmp_path / "s.sqlite"
    lock = RunLock(store)
    lock.acquire(store)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: sleeps, as an idle worker would, and must not hold the lock
        os.write(w, b"up")
        time.sleep(30)
        os._exit(0)
    os.close(w)
    try:
        assert os.read(r, 2) == b"up"   # the child runs (its fork hooks ran first)
        os.close(r)
        lock.release()   # the parent is done; the child still runs
        other = RunLock(store)
        other.acquire(store)   # would raise "busy" if the child had kept its copy of the lock
        other.release()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _bad_lexicon(tmp_path: Path) -> Path:
    lex = tmp_path / "lex"
    shutil.copytree(lexicons_dir(), lex)
    with open(lex / "emotive.csv", "a", encoding="utf-8") as fh:
        fh.write("em.test_bad,grim tidings,no_such_category,1.0,news,Signals doom.,test\n")
    return lex


def test_lexicon_problems_exit_1_under_the_store_also_when_everything_is_reused(small, tmp_path, capsys):
    lex, store = _bad_lexicon(tmp_path), tmp_path / "s.sqlite"
    args = ["score", str(small), "--store", str(store), "--lexicons", str(lex), "--by", "stance"]
    for expect_scored in (40, 0):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "framing: lexicon: skipped" in err and "no_such_category" in err
        assert f"scored {expect_scored}," in err
    # A clean lexicon exits 0.
    assert main(["score", str(small), "--store", str(store), "--by", "stance"]) == 0


def test_an_unchanged_rerun_does_not_load_the_lexicon(small, tmp_path):
    store = tmp_path / "s.sqlite"
    # Counts the loads of the lexicon (the slow part: stemming, nltk) in a fresh interpreter.
    code = ("import sys; import framing.detect.lexicon as L; calls = []; orig = L.load_lexicon\n"
            "L.load_lexicon = lambda *a, **k: calls.append(1) or orig(*a, **k)\n"
            "from framing.present.cli import main; rc = main(sys.argv[1:])\n"
            "print('loaded' if calls else 'not loaded', rc)")
    args = ["score", str(small), "--store", str(store), "--format", "csv"]
    first = subprocess.run([sys.executable, "-c", code, *args], env=_env(), capture_output=True, text=True)
    assert first.stdout.splitlines()[-1] == "loaded 0", first.stderr
    second = subprocess.run([sys.executable, "-c", code, *args], env=_env(), capture_output=True, text=True)
    assert second.stdout.splitlines()[-1] == "not loaded 0", second.stderr
    assert "reused 40" in second.stderr
    # Same table both times.
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]


def test_the_screen_preview_is_the_head_of_the_full_table(small, tmp_path):
    store = tmp_path / "s.sqlite"
    summary = run_batch(RunOptions(paths=[str(small)], store=str(store), jobs=1))
    with open_store(store) as st:
        for level in ("segment", "document", "match"):
            full = results_frame(st, summary.lexicon_version, level, summary.run_id)
            assert result_rows(st, summary.lexicon_version, level, summary.run_id) == len(full) > 30
            head = results_head(st, summary.lexicon_version, level, summary.run_id, rows=30)
            assert head.equals(full.head(30).reset_index(drop=True)), level


def test_prune_keeps_the_most_used_version_or_the_most_recent(small, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    big = run_batch(RunOptions(paths=[str(small)], store=str(store), jobs=1))
    lex = tmp_path / "lex"
    shutil.copytree(lexicons_dir(), lex)
    with open(lex / "emotive.csv", "a", encoding="utf-8") as fh:
        fh.write("em.test_grim,grim tidings,emotive,1.0,news,Signals doom before the facts.,test\n")
    few = sorted(small.rglob("*.txt"))[:3]
    recent = run_batch(RunOptions(paths=[str(p) for p in few], store=str(store), jobs=1, lexicons=str(lex)))
    assert recent.lexicon_version != big.lexicon_version and recent.scored == 3
    assert main(["store", "prune", "--store", str(store), "--dry-run"]) == 0
    assert f"kept {big.lexicon_version}" in capsys.readouterr().out      # 40 documents beat 3
    assert main(["store", "prune", "--store", str(store), "--by", "recent", "--dry-run"]) == 0
    assert f"kept {recent.lexicon_version}" in capsys.readouterr().out
    assert main(["store", "prune", "--store", str(store)]) == 0
    with open_store(store) as st:
        assert st.lexicon_versions() == [big.lexicon_version]


def test_prune_missing_removes_the_documents_of_deleted_files(small, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    run_batch(RunOptions(paths=[str(small)], store=str(store), jobs=1))
    gone = sorted(small.rglob("*.txt"))[:2]
    for p in gone:
        p.unlink()
    assert main(["store", "prune", "--store", str(store), "--missing", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would delete 2 document(s) whose file no longer exists" in out
    assert all(p.stem in out for p in gone)
    with open_store(store) as st:
        assert st.counts()["documents"] == 40
    assert main(["store", "prune", "--store", str(store), "--missing"]) == 0
    assert "deleted 2 document(s)" in capsys.readouterr().out
    with open_store(store) as st:
        c = st.counts()
        assert c["documents"] == c["analyses"] == 38
        ids = {r[0] for r in st.conn.execute("SELECT doc_id FROM segments UNION SELECT doc_id FROM matches"
                                             " UNION SELECT doc_id FROM run_documents")}
        assert not ids & {p.stem for p in gone}
        assert st.integrity_check() == "ok"
    again = run_batch(RunOptions(paths=[str(small)], store=str(store), jobs=1))
    assert (again.scored, again.reused) == (0, 38)
    assert main(["store", "prune", "--store", str(store), "--missing"]) == 0
    assert "nothing to prune" in capsys.readouterr().out


def test_the_command_table_matches_what_the_modules_register():
    import argparse
    from framing.present.cli import COMMANDS, build_parser
    full = build_parser()
    action = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert {c.dest: c.help for c in action._choices_actions} == {k: h for k, (_, h) in COMMANDS.items()}
    for name, (module, _) in COMMANDS.items():   # each command's own parser comes from its module
        one = build_parser(name)
        sub = next(a for a in one._actions if isinstance(a, argparse._SubParsersAction))
        assert list(sub.choices) == list(COMMANDS)
        assert sub.choices[name].epilog, name   # the real parser (with its examples), not a placeholder


def test_help_and_a_store_command_import_neither_pandas_nor_the_analysis():
    code = ("import sys, contextlib, io; from framing.present.cli import main\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()): main(['--help'])\n"
            "print(sorted(m for m in ('pandas', 'nltk', 'framing.api', 'framing.orchestrator') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


# ------------------------------------------------------------------ the screen table without pandas

_MODULES = "print(sorted(m for m in ('pandas', 'nltk') if m in sys.modules))"


def test_an_unchanged_rerun_prints_the_same_table_without_importing_pandas(small, tmp_path):
    store = tmp_path / "s.sqlite"
    code = ("import sys; from framing.present.cli import main; rc = main(sys.argv[1:])\n" + _MODULES)
    for by in ("segment", "document", "stance", "outlet"):
        args = ["score", str(small), "--store", str(store), "--by", by, "--quiet"]
        assert main(args + ["--out", str(tmp_path / f"{by}.txt")]) == 0  # the pandas rendering, to a file
        r = subprocess.run([sys.executable, "-c", code, *args], env=_env(), capture_output=True, text=True)
        *table, modules = r.stdout.splitlines()
        assert modules == "[]", r.stderr
        assert "\n".join(table) == (tmp_path / f"{by}.txt").read_text(encoding="utf-8"), by
        assert len(table) > (4 if by in ("stance", "outlet") else 40)


def test_level_match_on_screen_does_not_load_the_lexicon_but_its_export_explains_each_match(small, tmp_path):
    store = tmp_path / "s.sqlite"
    base = ["score", str(small), "--store", str(store), "--level", "match", "--quiet"]
    assert main(base + ["--out", str(tmp_path / "m.csv")]) == 0
    export = pd.read_csv(tmp_path / "m.csv")
    assert len(export) > 100 and export["rationale"].notna().all()
    code = ("import sys; from framing.present.cli import main; rc = main(sys.argv[1:])\n" + _MODULES)
    r = subprocess.run([sys.executable, "-c", code, *base], env=_env(), capture_output=True, text=True)
    *table, modules = r.stdout.splitlines()
    assert "nltk" not in modules, r.stderr   # no stemming: the lexicon was not loaded
    assert table[0].split() == ["doc_id", "stance", "text", "category", "voice", "speaker"]
    assert len(table) == len(export) + 1


def test_the_screen_table_of_stored_rows_is_the_pandas_table(small, tmp_path):
    from framing.core.export import render_frame
    from framing.present.cli.score import SIGNAL_COLUMNS, TABLE_COLUMNS
    from framing.store.readback import screen_table
    summary = run_batch(RunOptions(paths=[str(small)], store=str(tmp_path / "s.sqlite"), jobs=1))
    with open_store(summary.store) as st:
        for level in ("segment", "document", "stance", "outlet"):
            cols = TABLE_COLUMNS[level] + SIGNAL_COLUMNS
            full = results_frame(st, summary.lexicon_version, level, summary.run_id)
            assert screen_table(st, summary.lexicon_version, level, summary.run_id, cols) == \
                render_frame(full[cols], "table"), level
            for rows in (1, 7, 30):  # the preview of a big table: frames cut at documents, then the head
                head = results_head(st, summary.lexicon_version, level, summary.run_id, rows=rows)
                assert screen_table(st, summary.lexicon_version, level, summary.run_id, cols, rows) == \
                    render_frame(head[cols], "table"), (level, rows)
