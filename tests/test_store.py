"""The result store: schema and migrations, serialization, consistency, locking, errors.

Stores live in ``tmp_path``; inputs are the bundled seeds and small realistic
articles written by the fixtures.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

import pandas as pd
import pytest

from framing.api import analyze, analyze_from_store
from framing.store.batch import RunOptions, run_batch
from framing.store.readback import frame_from_rows, results_frame
from framing.core.errors import StoreError
from framing.store.serialize import SerializationError, analysis_from_json, analysis_to_json
from framing.store.db import open_store
from framing.store.records import DocResult
from framing.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

@pytest.fixture(scope="module")
def seed_analysis():
    """The seeds analysed in memory (the reference for everything read from a store)."""
    return analyze()


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """A store holding one run over the bundled seeds; returns (path, RunSummary)."""
    path = tmp_path_factory.mktemp("store") / "seeds.sqlite"
    summary = run_batch(RunOptions(store=str(path), jobs=1))
    return path, summary


# ------------------------------------------------------------ serialization

def test_analysis_json_round_trip_is_exact(seed_analysis):
    for a in seed_analysis.analyses:
        b = analysis_from_json(analysis_to_json(a))
        assert b == a
        # The voice look-up indexes are compare=False in the dataclass: check them too.
        for name in ("_quotes_by_seg", "_attr_by_seg", "_attr_by_sent"):
            assert dict(getattr(b.voice, name, {})) == dict(getattr(a.voice, name, {})), name
        assert b.parsed.doc.raw == a.parsed.doc.raw
        # Without the text (as the store writes it) the caller supplies it.
        c = analysis_from_json(analysis_to_json(a, include_text=False), text=a.parsed.text, raw=a.parsed.doc.raw)
        assert c == a


def test_analysis_json_is_plain_json_and_compact(seed_analysis):
    a = seed_analysis.by_id["002_00614a04a5868340"]
    s = analysis_to_json(a, include_text=False)
    d = json.loads(s)
    assert d["format"] == 2 and d["lexicon_version"] == a.lexicon_version
    # Token spans are recomputed on reading, not stored.
    assert all(len(rec) == 4 for rec in d["sentences"])
    # Compressed it is smaller than the article text itself.
    assert len(zlib.compress(s.encode(), 6)) < len(a.parsed.text)


def test_analysis_json_format_1_with_stored_tokens_still_reads(seed_analysis):
    # Stores written before format 2 kept each sentence's token spans,
    # delta-encoded from the sentence start: [gap, length, gap, length, ...].
    a = seed_analysis.analyses[-1]
    d = json.loads(analysis_to_json(a))
    d["format"] = 1
    for rec, sent in zip(d["sentences"], a.parsed.sentences):
        flat = [x for span in sent.tokens for x in span]
        rec.append([y - x for x, y in zip([sent.start] + flat, flat)])
    assert analysis_from_json(json.dumps(d)) == a


@pytest.mark.parametrize("bad", ['{"format": 99}', "[1, 2]", "not json", '{"format": 1, "doc": []}'])
def test_analysis_json_rejects_other_input(bad):
    with pytest.raises(SerializationError):
        analysis_from_json(bad, text="x")


# ------------------------------------------------------------ stored rows = in-memory results

def test_store_scores_equal_in_memory_scores(seed_store, seed_analysis):
    path, summary = seed_store
    with open_store(path) as st:
        seg = results_frame(st, summary.lexicon_version, "segment", summary.run_id)
        pd.testing.assert_frame_equal(seg, seed_analysis.scores("segment"))
        matches = results_frame(st, summary.lexicon_version, "match", summary.run_id,
                                seed_analysis.lexicon.entries_frame())
        # the store keeps lexicon matches (span-model rows and scare quotes are computed on read)
        lex = seed_analysis.matches(detector="lexicon")
        lex = lex[lex["detector"] == "lexicon"].reset_index(drop=True)[list(matches.columns)]
        pd.testing.assert_frame_equal(matches, lex)
        for by in ("document", "stance", "outlet"):
            got = results_frame(st, summary.lexicon_version, by, summary.run_id)
            ref = seed_analysis.scores(by)
            pd.testing.assert_frame_equal(got, ref)
            # Aggregated hedge/booster counts are the sums of the segment counts.
            sums = seg.groupby(ref.columns[0])[["n_hedge", "n_booster"]].sum()
            assert got.set_index(ref.columns[0])[["n_hedge", "n_booster"]].equals(sums)


def test_score_frame_aggregates_hedges_once(seed_analysis):
    seg = seed_analysis.scores("segment")
    st = seed_analysis.scores("stance").set_index("stance")
    assert st["n_hedge"].equals(seg.groupby("stance")["n_hedge"].sum())


@pytest.mark.parametrize("by", ["segment", "document", "stance", "outlet"])
def test_frame_from_rows_matches_score_frame(seed_analysis, by):
    from framing.analyze.scoring import segment_signals
    cats = sorted(seed_analysis.lexicon.categories)
    rows = [r for a in seed_analysis.analyses for r in segment_signals(a, cats)]
    got = frame_from_rows(rows, cats, by, seed_analysis.lexicon_version)
    pd.testing.assert_frame_equal(got, seed_analysis.scores(by))


def test_analyze_from_store_reads_without_rescoring(seed_store, seed_analysis, monkeypatch):
    path, _ = seed_store
    import framing.orchestrator
    for name in ("detect_one", "detect_document", "parse_document"):
        monkeypatch.setattr(framing.orchestrator, name, lambda *a, **k: pytest.fail("analyze_from_store must not rescore"))
    got = analyze_from_store(path)
    assert got.analyses == seed_analysis.analyses
    pd.testing.assert_frame_equal(got.matches(), seed_analysis.matches())
    one = analyze_from_store(path, doc_ids=["004_7a858a121546b812"])
    assert [a.doc_id for a in one.analyses] == ["004_7a858a121546b812"]


def test_analyze_from_store_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        analyze_from_store(tmp_path / "none.sqlite")


def test_store_tables_hold_expected_rows(seed_store, seed_analysis):
    path, summary = seed_store
    with open_store(path) as st:
        c = st.counts()
        n_docs = len(seed_analysis.analyses)
        assert c["documents"] == c["analyses"] == c["run_documents"] == n_docs
        assert c["matches"] == sum(len(a.matches) for a in seed_analysis.analyses)
        assert c["segments"] == sum(len(a.parsed.segments) for a in seed_analysis.analyses)
        assert st.integrity_check() == "ok"
        # The repaired text is stored; the original only where repair changed it (seed 004's mojibake).
        raw = dict(st.conn.execute("SELECT doc_id, raw IS NOT NULL FROM documents"))
        assert raw["004_7a858a121546b812"] == 1
        run = st.runs()[-1]
        assert (run.status, run.scored, run.reused, run.skipped) == ("done", n_docs, 0, 0)
        # The lexicon files are kept, so the store can be read without the lexicon folder.
        assert "categories.csv" in st.lexicon_files(summary.lexicon_version)


# ------------------------------------------------------------ schema and migrations

def test_new_store_is_wal_and_current(tmp_path):
    with open_store(tmp_path / "s.sqlite") as st:
        assert st.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migration_from_v1_keeps_data(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path, target=1) == 1
    conn.execute("INSERT INTO documents (doc_id, path, sha256, meta, text, updated) "
                 "VALUES ('d1', 'a.txt', 'abc', '{}', 'Some text.', '2024-01-01')")
    conn.execute("INSERT INTO runs (started, status, pid, host, lexicon_version) "
                 "VALUES ('2024-01-01', 'done', 1, 'h', 'v0')")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "analyses" not in tables and "claim_assignments" not in tables
    conn.close()

    with open_store(path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        row = st.conn.execute("SELECT doc_id, text, fingerprint, size FROM documents").fetchone()
        assert row == ("d1", "Some text.", "", -1)   # old row kept
        run = st.conn.execute("SELECT status, engine, jobs, failed FROM runs").fetchone()
        assert run == ("done", "local", 1, 0)        # new columns defaulted
        assert st.counts()["analyses"] == 0 and st.counts()["claim_assignments"] == 0
    # Opening again is a no-op.
    with open_store(path) as st:
        assert st.schema_version() == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_fix(tmp_path):
    path = tmp_path / "future.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as exc:
        open_store(path)
    assert "newer" in str(exc.value) and "upgrade framing" in str(exc.value)


def test_corrupt_store_file_is_a_clear_store_error(tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 200)
    with pytest.raises(StoreError) as exc:
        open_store(path)
    msg = str(exc.value)
    assert str(path) in msg and "not a framing store or is corrupt" in msg and "fix:" in msg


def test_damaged_pages_are_a_store_error_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "damaged.sqlite"
    run_batch(RunOptions(store=str(path), jobs=1))
    with sqlite3.connect(path) as conn:      # fold the WAL into the file before damaging it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 4096):   # overwrite the header of every page after the first
        data[i:i + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    from framing.present.cli import main
    code = main(["score", "--store", str(path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "framing: error:" in err and str(path) in err and "fix:" in err
    assert "Traceback" not in err


# ------------------------------------------------------------ locking

def test_second_writer_is_refused_with_who_is_writing(tmp_path):
    path = tmp_path / "s.sqlite"
    first = open_store(path)
    run_id = first.begin_run("v1")
    second = open_store(path)
    try:
        with pytest.raises(StoreError) as exc:
            second.begin_run("v1")
        msg = str(exc.value)
        assert f"store {path} is busy: run {run_id} (pid " in msg
        assert "started at" in msg and "wait for it or use another --store" in msg
        # Readers are never refused while a run holds the lock.
        assert second.runs()[-1].status == "running"
    finally:
        first.finish_run(run_id, "done")
        first.close()
    # The lock is released: the second store can run now.
    rid = second.begin_run("v1")
    second.finish_run(rid, "done")
    second.close()


def test_run_left_running_by_a_dead_process_is_marked_interrupted(tmp_path):
    path = tmp_path / "s.sqlite"
    st = open_store(path)
    rid = st.begin_run("v1")
    st._lock.release()           # as if the process had died: the OS drops the lock
    st._lock = None
    st.close()
    with open_store(path) as st2:
        rid2 = st2.begin_run("v1")
        st2.finish_run(rid2, "done")
        status = {r.id: r.status for r in st2.runs()}
    assert status == {rid: "interrupted", rid2: "done"}


# ------------------------------------------------------------ writing

def _result(doc_id: str, sha: str, text: str = "Officials said the talks went well.") -> DocResult:
    return DocResult(doc_id, f"{doc_id}.txt", sha, "fp", "{}", text, None, len(text), 1, [], [], [],
                     zlib.compress(b"{}"), len(text))


def test_write_batch_upserts_without_duplicates(tmp_path):
    with open_store(tmp_path / "s.sqlite") as st:
        rid = st.begin_run("v1")
        st.write_batch(rid, "v1", [_result("a", "h1"), _result("b", "h1")])
        st.write_batch(rid, "v1", [_result("a", "h1")])           # same document again
        st.write_batch(rid, "v2", [_result("a", "h1")])           # another lexicon version
        assert st.counts()["documents"] == 2
        assert st.counts()["analyses"] == 3
        st.write_batch(rid, "v1", [_result("a", "h2", "Changed text.")])  # content changed
        # The v2 result of the old content is gone; v1 holds the new one.
        assert sorted(st.conn.execute("SELECT doc_id, lexicon_version, sha256 FROM analyses")) == [
            ("a", "v1", "h2"), ("b", "v1", "h1")]
        st.finish_run(rid, "done")


def test_failed_write_leaves_no_partial_batch(tmp_path):
    with open_store(tmp_path / "s.sqlite") as st:
        rid = st.begin_run("v1")
        bad = _result("c", "h1")
        bad.segments = [("c", 0)]                                   # wrong number of columns
        with pytest.raises(sqlite3.Error):
            st.write_batch(rid, "v1", [_result("a", "h1"), bad])
        assert st.counts()["documents"] == 0 and st.counts()["analyses"] == 0
        assert st.integrity_check() == "ok"
        st.finish_run(rid, "failed")


def test_claim_assignment_hook(tmp_path):
    with open_store(tmp_path / "s.sqlite") as st:
        rid = st.begin_run("v1")
        st.write_batch(rid, "v1", [_result("a", "h1")])
        n = st.write_claim_assignments([("a", 0, "treaty_in_force", 0.9, "tfidf")], "claims-v1", rid)
        assert n == 1
        assert st.conn.execute("SELECT doc_id, claim_id, confidence FROM claim_assignments").fetchall() == [
            ("a", "treaty_in_force", 0.9)]
        st.write_batch(rid, "v1", [_result("a", "h2")])              # the document changed
        assert st.counts()["claim_assignments"] == 0
        st.finish_run(rid, "done")


def test_lexicon_files_from_a_store_cannot_escape_their_folder(tmp_path):
    from framing.store.worker import write_lexicon_files
    for name in ("../evil.csv", "/tmp/evil.csv", "sub/../../evil.csv"):
        with pytest.raises(StoreError, match="outside the lexicon folder"):
            write_lexicon_files({name: "x"}, tmp_path / "lex")
    write_lexicon_files({"sources/a.csv": "a,b\r\n"}, tmp_path / "lex")
    assert (tmp_path / "lex" / "sources" / "a.csv").read_bytes() == b"a,b\r\n"
