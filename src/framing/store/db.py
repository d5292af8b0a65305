"""The embedded result store: one SQLite file in WAL mode, no server.

What is stored (see ``docs/batch.md`` for the full schema):

* ``documents``: one row per document id with its path, content sha256, a
  fingerprint of its catalog metadata and segment rules, the metadata as
  JSON, the repaired text (and the original text only when repair changed
  it), and the file's size and mtime (a stat cache for fast reuse).
* ``segments``: the document's segments (they depend on the text and the
  catalog only, not on the lexicon).
* ``analyses``, ``matches``, ``scores``: results keyed by
  ``(doc_id, lexicon_version, ...)``: the JSON serialization of the
  :class:`~framing.detect.document.DetectedDocument` (zlib-compressed; its matches
  live in ``matches`` only), one row per lexicon match, one row of signal
  counts per prose segment.
* ``claim_assignments``: created now, filled by the claims stage later (see
  :meth:`Store.write_claim_assignments`, the hook).
* ``lexicon_versions``: every lexicon version a run used, with its category
  names and every file of the lexicon folder, so a store can be read (and its
  lexicon rebuilt) without the original lexicon folder.
* ``runs`` and ``run_documents``: who wrote what, when, and which documents
  each run covered (scored or reused), so exports show exactly a run's input.
* ``schema_version``: the number of :data:`MIGRATIONS` applied.

Why these choices:

* WAL lets the dashboard read while a run writes, and a transaction that
  was not committed (Ctrl-C, ``kill -9``, power loss) is simply absent after
  a restart: the store is always consistent.
* Every write of a batch of documents is one transaction, so the store only
  ever holds whole batches, and rows are keyed so that rerunning inserts no
  duplicates (a document's rows are deleted and rewritten in the same
  transaction).
* A single writer is enforced by an OS file lock (``flock``) on
  ``STORE.lock``: the kernel releases it when the process dies, even by
  ``kill -9``, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from framing.core.errors import Problem, StoreError
from framing.core.types import MATCH_FIELDS
from framing.store.lock import RunLock
from framing.store.records import RACY_NS, DocResult, KnownDocument, RunInfo, stat_key
from framing.store.schema import (ANALYSIS_FORMAT, MATCH_COLUMNS, MIGRATIONS, SCHEMA_VERSION, SCORE_COLUMNS,
                                  SCORE_COUNT_COLUMNS, SEGMENT_COLUMNS, migrate, quote_columns, schema_version,
                                  store_error)

#: Seconds a connection waits for another one's write lock before failing.
#: Long enough to cover one batch commit of a concurrent writer (a reader
#: never waits in WAL mode).
BUSY_TIMEOUT_S = 30.0

#: How many past runs keep their ``run_documents`` rows (older ones are pruned
#: when a run starts; the ``runs`` rows themselves are kept).
KEEP_RUN_DOCUMENTS = 20


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------- the store

class Store:
    """A connection to one store file; create it with :func:`open_store`.

    Readers and the single writer may use the file at the same time (WAL);
    writes happen only through :meth:`write_batch` and the run methods.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._lock: RunLock | None = None

    # -- lifecycle --------------------------------------------------------
    def close(self) -> None:
        """Close the connection and release the run lock if held."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside ``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on any error).

        IMMEDIATE takes SQLite's write lock at the start, so a transaction
        either runs whole or waits; it never fails half-way on a lock.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise store_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise store_error(self.path, exc) from None

    def schema_version(self) -> int:
        """Return the schema version recorded in the file (0 for an empty file)."""
        return schema_version(self.conn)

    # -- runs -------------------------------------------------------------
    def begin_run(self, lexicon_version: str, args: dict | None = None, engine: str = "local",
                  jobs: int = 1, framing_version: str = "", lock: RunLock | None = None) -> int:
        """Take the writer lock (or adopt ``lock``, already acquired), record a new run and return its id.

        Raises :class:`StoreError` ("store X is busy: run N (pid P) started
        at T is writing") when another process holds the lock.  Runs left
        ``running`` by a process that died are marked ``interrupted``.
        """
        if lock is None or not lock.held:
            lock = RunLock(self.path)
            lock.acquire(self.path)
        self._lock = lock
        started = _now()
        lock.describe(None, started)
        try:
            with self.transaction() as c:
                c.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
                cur = c.execute(
                    "INSERT INTO runs (started, status, pid, host, lexicon_version, args, engine, jobs,"
                    " framing_version) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)",
                    (started, os.getpid(), socket.gethostname(), lexicon_version,
                     json.dumps(args or {}, default=str), engine, jobs, framing_version))
                if cur.lastrowid is None:  # an INSERT always sets it; this keeps the type exact
                    raise StoreError(f"store {self.path}: the new run got no id", fix="rerun the command")
                run_id = cur.lastrowid
                c.execute("DELETE FROM run_documents WHERE run_id <= ?", (run_id - KEEP_RUN_DOCUMENTS,))
        except BaseException:
            lock.release()
            self._lock = None
            raise
        lock.describe(run_id, started)
        return run_id

    def finish_run(self, run_id: int, status: str) -> None:
        """Record the end of run ``run_id`` with ``status`` (done, interrupted, failed) and release the lock."""
        try:
            with self.transaction() as c:
                c.execute("UPDATE runs SET finished = ?, status = ? WHERE id = ?", (_now(), status, run_id))
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def runs(self) -> list[RunInfo]:
        """Return every run, oldest first."""
        rows = self.conn.execute(
            "SELECT id, started, finished, status, pid, host, lexicon_version, scored, reused, skipped,"
            " failed FROM runs ORDER BY id").fetchall()
        return [RunInfo(*r) for r in rows]

    # -- lexicons ---------------------------------------------------------
    def register_lexicon(self, version: str, directory: str, entries: int, categories: Iterable[str],
                         files: dict[str, str] | None = None) -> None:
        """Record a lexicon version with its categories and files (no-op if already known)."""
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO lexicon_versions (version, directory, entries, categories,"
                      " first_seen, files) VALUES (?, ?, ?, ?, ?, ?)",
                      (version, directory, entries, json.dumps(sorted(categories)), _now(),
                       json.dumps(files or {}, ensure_ascii=False)))

    def set_lexicon_problems(self, version: str, problems: Iterable[Problem], code_version: str) -> None:
        """Record the problems found loading lexicon ``version`` with framing code ``code_version``."""
        data = json.dumps({"code": code_version, "problems": [[p.path, p.line, p.reason, p.fix] for p in problems]},
                          ensure_ascii=False)
        with self.transaction() as c:
            c.execute("UPDATE lexicon_versions SET problems = ? WHERE version = ?", (data, version))

    def lexicon_problems(self, version: str, code_version: str) -> list[Problem] | None:
        """Return the recorded problems of lexicon ``version``, or None when they are not known for
        ``code_version`` (another framing may find other problems in the same files)."""
        row = self.conn.execute("SELECT problems FROM lexicon_versions WHERE version = ?", (version,)).fetchone()
        if row is None or not row[0]:
            return None
        d = json.loads(row[0])
        if d.get("code") != code_version:
            return None
        return [Problem(*p) for p in d.get("problems", [])]

    def lexicon_categories(self, version: str) -> list[str]:
        """Return the category names of a stored lexicon version (StoreError if unknown)."""
        row = self.conn.execute("SELECT categories FROM lexicon_versions WHERE version = ?",
                                (version,)).fetchone()
        if row is None:
            raise StoreError(f"store {self.path} has no results for lexicon version {version}",
                             fix="run 'framing score' with this lexicon first")
        return json.loads(row[0])

    def lexicon_files(self, version: str) -> dict[str, str]:
        """Return ``{file name: CSV text}`` of a stored lexicon version (empty if not recorded)."""
        row = self.conn.execute("SELECT files FROM lexicon_versions WHERE version = ?", (version,)).fetchone()
        return json.loads(row[0]) if row else {}

    def lexicon_versions(self) -> list[str]:
        """Return the stored lexicon versions, most recently first seen last."""
        return [r[0] for r in self.conn.execute("SELECT version FROM lexicon_versions ORDER BY first_seen")]

    # -- incremental state --------------------------------------------------
    def known_documents(self, lexicon_version: str) -> dict[str, KnownDocument]:
        """Return ``{doc_id: KnownDocument}`` for documents with results for ``lexicon_version``.

        Only results whose content hash and fingerprint still match the
        document row count (a changed document's old results are deleted
        when it is rescored, so this is a consistency guard).  The stat key
        is 0 for files whose mtime was too recent when stored to be trusted.
        """
        rows = self.conn.execute(
            "SELECT d.doc_id, d.sha256, d.fingerprint, d.path, d.size, d.mtime_ns, d.recorded_ns"
            " FROM documents d JOIN analyses a ON a.doc_id = d.doc_id AND a.lexicon_version = ?"
            " WHERE a.sha256 = d.sha256 AND a.fingerprint = d.fingerprint", (lexicon_version,))
        out: dict[str, KnownDocument] = {}
        fps: dict[str, str] = {}   # fingerprints repeat (same catalog row shape): share the strings
        for doc_id, sha, fp, path, size, mtime, recorded in rows:
            trusted = size >= 0 and mtime + RACY_NS < recorded
            out[doc_id] = KnownDocument(bytes.fromhex(sha), fps.setdefault(fp, fp),
                                        stat_key(path, size, mtime) if trusted else 0)
        return out

    # -- writing ----------------------------------------------------------
    def write_batch(self, run_id: int, lexicon_version: str, results: Sequence[DocResult],
                    reused: Sequence[tuple[str, int]] = (), touched: Sequence[tuple[str, str, int, int]] = (),
                    skipped: int = 0, failed: int = 0) -> None:
        """Write one batch in ONE transaction: scored documents, reused ids, run counters.

        ``results`` replace every stored row of their documents for this
        lexicon version (and of all versions when the content or catalog
        fingerprint changed); ``reused`` are ``(doc_id, seq)`` of documents
        the run covered without rescoring (``seq`` is the input order);
        ``touched`` are ``(doc_id, path, size, mtime_ns)`` of reused documents
        whose file stat changed while the content did not, refreshed so the
        stat cache works next time.  Either all of it is written or none.
        """
        now_ns = time.time_ns()
        now = _now()
        seg_sql = f"INSERT INTO segments ({quote_columns(SEGMENT_COLUMNS)}) VALUES ({', '.join('?' * len(SEGMENT_COLUMNS))})"
        match_sql = f"INSERT INTO matches ({quote_columns(MATCH_COLUMNS)}) VALUES ({', '.join('?' * len(MATCH_COLUMNS))})"
        score_sql = f"INSERT INTO scores ({quote_columns(SCORE_COLUMNS)}) VALUES ({', '.join('?' * len(SCORE_COLUMNS))})"
        with self.transaction() as c:
            # Statements run once per batch (executemany), not once per
            # document: the main process writes while workers compute, so its
            # time per document is what limits the pipeline on two cores.
            prev: dict[str, tuple[str, str]] = {}
            ids = [r.doc_id for r in results]
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                prev.update((d, (h, f)) for d, h, f in c.execute(
                    f"SELECT doc_id, sha256, fingerprint FROM documents WHERE doc_id IN ({', '.join('?' * len(part))})",
                    part))
            changed = [(r.doc_id,) for r in results if r.doc_id in prev and prev[r.doc_id] != (r.sha256, r.fingerprint)]
            same = [(r.doc_id, lexicon_version) for r in results
                    if r.doc_id in prev and prev[r.doc_id] == (r.sha256, r.fingerprint)]
            # A changed input makes the results of every lexicon version stale.
            for table in ("matches", "scores", "analyses", "claim_assignments"):
                c.executemany(f"DELETE FROM {table} WHERE doc_id = ?", changed)
            for table in ("matches", "scores", "analyses"):
                c.executemany(f"DELETE FROM {table} WHERE doc_id = ? AND lexicon_version = ?", same)
            c.executemany("DELETE FROM segments WHERE doc_id = ?", [(d,) for d in prev])
            c.executemany(
                "INSERT INTO documents (doc_id, path, sha256, meta, text, updated, fingerprint, raw, size,"
                " mtime_ns, recorded_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (doc_id) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,"
                " meta = excluded.meta, text = excluded.text, updated = excluded.updated,"
                " fingerprint = excluded.fingerprint, raw = excluded.raw, size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, recorded_ns = excluded.recorded_ns",
                [(r.doc_id, r.path, r.sha256, r.meta, r.text, now, r.fingerprint, r.raw, r.size, r.mtime_ns, now_ns)
                 for r in results])
            c.executemany(seg_sql, [row for r in results for row in r.segments])
            c.executemany(match_sql, [row for r in results for row in r.matches])
            c.executemany(score_sql, [row for r in results for row in r.scores])
            c.executemany("INSERT INTO analyses (doc_id, lexicon_version, sha256, fingerprint, run_id, scored,"
                          " format, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [(r.doc_id, lexicon_version, r.sha256, r.fingerprint, run_id, now, ANALYSIS_FORMAT,
                            r.analysis) for r in results])
            c.executemany("UPDATE documents SET path = ?, size = ?, mtime_ns = ?, recorded_ns = ?"
                          " WHERE doc_id = ?", [(p, s, m, now_ns, d) for d, p, s, m in touched])
            c.executemany("INSERT OR REPLACE INTO run_documents (run_id, doc_id, action, seq) VALUES (?, ?, ?, ?)",
                          [(run_id, r.doc_id, "scored", r.seq) for r in results]
                          + [(run_id, d, "reused", q) for d, q in reused])
            c.execute("UPDATE runs SET scored = scored + ?, reused = reused + ?, skipped = skipped + ?,"
                      " failed = failed + ? WHERE id = ?",
                      (len(results), len(reused), skipped, failed, run_id))

    def write_claim_assignments(self, rows: Iterable[tuple[str, int, str, float, str]],
                                registry_version: str, run_id: int | None = None) -> int:
        """Hook for the claims stage: store ``(doc_id, sent_idx, claim_id, confidence, method)`` rows.

        Rows replace earlier assignments of the same document, registry
        version, sentence and claim; they are deleted automatically when
        their document changes.  Returns the number of rows written.
        """
        data = [(d, s, cl, registry_version, conf, m, run_id) for d, s, cl, conf, m in rows]
        with self.transaction() as c:
            c.executemany("INSERT OR REPLACE INTO claim_assignments (doc_id, sent_idx, claim_id,"
                          " registry_version, confidence, method, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)", data)
        return len(data)

    # -- reading ----------------------------------------------------------
    def iter_score_rows(self, lexicon_version: str, run_id: int | None = None,
                        order: str = "id") -> Iterator[dict]:
        """Yield the stored per-segment signal rows for ``lexicon_version`` as dicts of
        :data:`SCORE_COLUMNS` (``counts`` and ``evidence`` decoded from JSON).

        With ``run_id`` only that run's documents are read.  ``order`` is
        ``id`` (by document id) or ``input`` (the run's input order; needs
        ``run_id``); segments always come in text order within a document.
        """
        cols = [c for c in SCORE_COLUMNS if c != "lexicon_version"]
        sel = ", ".join(f's."{c}"' for c in cols)
        if run_id is None:
            cur = self.conn.execute(f"SELECT {sel} FROM scores s WHERE s.lexicon_version = ?"
                                    " ORDER BY s.doc_id, s.seg_idx", (lexicon_version,))
        elif order == "input":
            cur = self.conn.execute(f"SELECT {sel} FROM run_documents r JOIN scores s ON s.doc_id = r.doc_id"
                                    " AND s.lexicon_version = ? WHERE r.run_id = ? ORDER BY r.seq, s.seg_idx",
                                    (lexicon_version, run_id))
        else:
            # CROSS JOIN keeps the run's documents as the outer loop: its primary key gives them in id
            # order, so rows stream out sorted (only each document's segments are sorted) and the
            # preview of a big table reads the documents it shows, not all of the run's scores.
            cur = self.conn.execute(f"SELECT {sel} FROM run_documents r CROSS JOIN scores s ON s.doc_id = r.doc_id"
                                    " AND s.lexicon_version = ? WHERE r.run_id = ? ORDER BY r.doc_id, s.seg_idx",
                                    (lexicon_version, run_id))
        while True:
            rows = cur.fetchmany(2000)
            if not rows:
                return
            for row in rows:
                d = dict(zip(cols, row))
                d["counts"] = json.loads(d["counts"])
                d["evidence"] = json.loads(d["evidence"])
                yield d

    def iter_match_rows(self, lexicon_version: str, run_id: int | None = None,
                        chunk: int = 50_000) -> Iterator[list[tuple]]:
        """Yield lists of up to ``chunk`` match rows (columns :data:`~framing.core.types.MATCH_FIELDS`),
        by document (run input order with ``run_id``, else by id) and text order."""
        sel = ", ".join(f'm."{c}"' for c in MATCH_FIELDS)
        if run_id is None:
            cur = self.conn.execute(f"SELECT {sel} FROM matches m WHERE m.lexicon_version = ?"
                                    " ORDER BY m.doc_id, m.n", (lexicon_version,))
        else:
            cur = self.conn.execute(f"SELECT {sel} FROM run_documents r JOIN matches m ON m.doc_id = r.doc_id"
                                    " AND m.lexicon_version = ? WHERE r.run_id = ? ORDER BY r.seq, m.n",
                                    (lexicon_version, run_id))
        while True:
            rows = cur.fetchmany(chunk)
            if not rows:
                return
            yield rows

    def analysis_json(self, doc_id: str, lexicon_version: str) -> tuple[str, str, str | None, str] | None:
        """Return ``(analysis JSON, repaired text, original text or None, meta JSON)`` of one document,
        or None when it has no results for ``lexicon_version``.  The JSON holds no matches: read them
        with :meth:`match_rows`."""
        row = self.conn.execute(
            "SELECT a.format, a.data, d.text, d.raw, d.meta FROM analyses a JOIN documents d"
            " ON d.doc_id = a.doc_id WHERE a.doc_id = ? AND a.lexicon_version = ?"
            " AND a.sha256 = d.sha256", (doc_id, lexicon_version)).fetchone()
        if row is None:
            return None
        fmt, data, text, raw, meta = row
        if fmt != ANALYSIS_FORMAT:
            raise StoreError(f"store {self.path}: analysis of {doc_id} has format {fmt}, "
                             f"this framing reads format {ANALYSIS_FORMAT}",
                             fix="rescore with 'framing score --rescore' or upgrade framing")
        return zlib.decompress(data).decode("utf-8"), text, raw, meta

    def match_rows(self, doc_id: str, lexicon_version: str) -> list[tuple]:
        """Return one document's match rows in text order, in :class:`framing.core.types.Match` field order."""
        return self.conn.execute(f"SELECT {quote_columns(MATCH_FIELDS)} FROM matches"
                                 " WHERE doc_id = ? AND lexicon_version = ? ORDER BY n",
                                 (doc_id, lexicon_version)).fetchall()

    def doc_ids(self, lexicon_version: str, run_id: int | None = None) -> list[str]:
        """Return the ids of documents with results for ``lexicon_version``: by id, or in one run's input order."""
        params: tuple[Any, ...]
        if run_id is None:
            sql, params = ("SELECT doc_id FROM analyses WHERE lexicon_version = ? ORDER BY doc_id",
                           (lexicon_version,))
        else:
            sql, params = ("SELECT r.doc_id FROM run_documents r JOIN analyses a ON a.doc_id = r.doc_id"
                           " AND a.lexicon_version = ? WHERE r.run_id = ? ORDER BY r.seq",
                           (lexicon_version, run_id))
        return [r[0] for r in self.conn.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        """Return row counts of the main tables (for summaries and tests)."""
        out = {}
        for t in ("documents", "segments", "analyses", "matches", "scores", "claim_assignments", "runs",
                  "run_documents", "lexicon_versions"):
            out[t] = self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return out

    def version_summary(self) -> list[dict[str, Any]]:
        """Return one dict per stored lexicon version, oldest first seen first.

        Keys: ``version``, ``first_seen``, ``entries``, ``documents`` (with
        results for it), ``matches``, ``runs``, ``last_run`` (start time of
        its latest run, or None) and ``last_run_id`` (that run's id, or 0:
        run ids order runs exactly, start times only to the second).
        """
        docs = dict(self.conn.execute("SELECT lexicon_version, count(*) FROM analyses GROUP BY lexicon_version"))
        # Summed from the per-segment counts (every match is in a scored segment),
        # which the scores_version index reads without scanning the match rows.
        matches = dict(self.conn.execute("SELECT lexicon_version, sum(matches) FROM scores GROUP BY lexicon_version"))
        runs = {v: (n, last, last_id) for v, n, last, last_id in self.conn.execute(
            "SELECT lexicon_version, count(*), max(started), max(id) FROM runs GROUP BY lexicon_version")}
        out = []
        for version, first_seen, entries in self.conn.execute(
                "SELECT version, first_seen, entries FROM lexicon_versions ORDER BY first_seen, version"):
            n_runs, last, last_id = runs.get(version, (0, None, 0))
            out.append({"version": version, "first_seen": first_seen, "entries": entries,
                        "documents": docs.get(version, 0), "matches": matches.get(version, 0),
                        "runs": n_runs, "last_run": last, "last_run_id": last_id})
        return out

    def prune_versions(self, keep: Iterable[str], dry_run: bool = False) -> dict[str, int]:
        """Delete the results of every lexicon version not in ``keep``; return rows deleted per table.

        Documents and segments stay (they do not depend on the lexicon), as do
        the ``runs`` rows (the history of who scored what); a pruned
        version's results, run memberships and stored lexicon files go.  Takes
        the writer lock, so it never runs beside ``framing score`` (raises
        :class:`StoreError` naming the running process instead).  With
        ``dry_run`` nothing is deleted and the counts say what would be.
        """
        keep = set(keep)
        drop = [v for v in self.lexicon_versions() if v not in keep]
        # claim_assignments are keyed by the claims registry, not the lexicon.
        tables = ("analyses", "matches", "scores")
        counts = {t: 0 for t in (*tables, "run_documents", "lexicon_versions")}
        if not drop:
            return counts
        lock = RunLock(self.path)
        lock.acquire(self.path)
        try:
            lock.describe(None, _now())
            with self.transaction() as c:
                marks = ", ".join("?" * len(drop))
                for t in tables:
                    counts[t] = c.execute(f"SELECT count(*) FROM {t} WHERE lexicon_version IN ({marks})",
                                          drop).fetchone()[0]
                counts["run_documents"] = c.execute(
                    "SELECT count(*) FROM run_documents WHERE run_id IN (SELECT id FROM runs WHERE"
                    f" lexicon_version IN ({marks}))", drop).fetchone()[0]
                counts["lexicon_versions"] = len(drop)
                if not dry_run:
                    for t in tables:
                        c.execute(f"DELETE FROM {t} WHERE lexicon_version IN ({marks})", drop)
                    c.execute("DELETE FROM run_documents WHERE run_id IN (SELECT id FROM runs WHERE"
                              f" lexicon_version IN ({marks}))", drop)
                    c.execute(f"DELETE FROM lexicon_versions WHERE version IN ({marks})", drop)
        finally:
            lock.release()
        return counts

    def missing_documents(self, base: Path | None = None) -> list[tuple[str, str]]:
        """Return ``(doc_id, path)`` of stored documents whose file no longer exists.

        Relative paths are resolved against ``base`` (default: the current
        folder), as ``framing score`` resolved them.  A ``.jsonl`` record
        counts as missing when its record file is gone.
        """
        root = Path.cwd() if base is None else Path(base)
        out = []
        for doc_id, path in self.conn.execute("SELECT doc_id, path FROM documents ORDER BY doc_id"):
            p = Path(path)
            if not p.is_absolute():
                p = root / p
            if not (p.exists() or _record_file(p).exists()):
                out.append((doc_id, path))
        return out

    def delete_documents(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """Delete documents and every row about them (segments, results, claims, run memberships) in one
        transaction under the writer lock; return the rows deleted per table."""
        tables = ("documents", "segments", "analyses", "matches", "scores", "claim_assignments", "run_documents")
        counts = {t: 0 for t in tables}
        if not doc_ids:
            return counts
        lock = RunLock(self.path)
        lock.acquire(self.path)
        try:
            lock.describe(None, _now())
            with self.transaction() as c:
                for i in range(0, len(doc_ids), 500):
                    part = list(doc_ids[i:i + 500])
                    marks = ", ".join("?" * len(part))
                    for t in tables:
                        counts[t] += c.execute(f"DELETE FROM {t} WHERE doc_id IN ({marks})", part).rowcount
        finally:
            lock.release()
        return counts

    def vacuum(self) -> None:
        """Rewrite the file to return the space of deleted rows to the file system (takes the writer lock)."""
        lock = RunLock(self.path)
        lock.acquire(self.path)
        try:
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None
        finally:
            lock.release()

    def integrity_check(self) -> str:
        """Return SQLite's ``PRAGMA integrity_check`` result ("ok" when the file is sound)."""
        try:
            return "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))
        except sqlite3.DatabaseError as exc:
            return str(exc)


def _record_file(p: Path) -> Path:
    """Return the record file of a ``FILE.jsonl:LINE`` path (``p`` itself otherwise)."""
    name, sep, line = p.name.rpartition(":")
    return p.with_name(name) if sep and line.isdigit() else p


# --------------------------------------------------------------- opening

def open_store(path: str | Path | None = None, create: bool = True, migrate_schema: bool = True) -> Store:
    """Open (and create or migrate) the store at ``path`` (default :func:`framing.core.config.store_path`).

    Returns a :class:`Store`.  Raises :class:`StoreError` with a fix when the
    file is not a SQLite database, is corrupt, has a newer schema, or (with
    ``create=False``) does not exist.
    """
    if path is None:
        from framing.core.config import store_path
        path = store_path()
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"store {path} does not exist", fix="run 'framing score' first or check --store")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a batch is
        # exactly one transaction.  check_same_thread=False lets a progress
        # thread read counts; writes stay in the main thread.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise store_error(path, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        # WAL: readers never block the writer nor see a half-written batch.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"store {path} cannot use write-ahead logging (journal mode {mode})",
                             fix="put the store on a local file system (not a network share)")
        # NORMAL is safe with WAL: a crash of the process loses nothing
        # committed; a power cut may lose the last batches but never corrupts.
        conn.execute("PRAGMA synchronous = NORMAL")
        # 16 MB page cache (default 2 MB): the b-tree pages a batch touches stay
        # in memory between commits; more buys nothing, as keys mostly append.
        conn.execute("PRAGMA cache_size = -16384")
        if migrate_schema:
            migrate(conn, path)
        else:
            v = schema_version(conn)
            if v > SCHEMA_VERSION:
                raise StoreError(f"store {path} has schema version {v}, newer than this framing "
                                 f"understands ({SCHEMA_VERSION})",
                                 fix="upgrade framing (pip install -U framing) or use another --store")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise store_error(path, exc) from None
    except StoreError:
        conn.close()
        raise
    return Store(path, conn)



__all__ = ["Store", "DocResult", "KnownDocument", "stat_key", "RunInfo", "RunLock", "open_store", "migrate",
           "MIGRATIONS", "SCHEMA_VERSION", "ANALYSIS_FORMAT", "SEGMENT_COLUMNS", "MATCH_COLUMNS",
           "SCORE_COUNT_COLUMNS", "SCORE_COLUMNS", "RACY_NS"]
