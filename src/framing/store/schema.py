"""The store's SQL schema: the migration steps, the column lists rows follow, and applying migrations.

Tables (see ``docs/batch.md`` for the full schema): ``documents`` (path,
content sha256, catalog fingerprint, metadata, repaired and original text,
file stat), ``segments``, the per-lexicon-version results ``analyses``,
``matches`` and ``scores``, ``claim_assignments``, ``lexicon_versions``,
``runs`` and ``run_documents``, and ``schema_version`` (the number of
:data:`MIGRATIONS` applied).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Sequence

from framing.core.errors import StoreError
from framing.core.types import MATCH_FIELDS

#: Schema migrations, applied in order; ``schema_version`` records how many
#: have run.  Never edit a released step: append a new one.  Each step is a
#: list of SQL statements executed in one transaction.
MIGRATIONS: list[list[str]] = [
    # v1: documents, segments, per-version matches and segment scores, runs.
    [
        # The texts come last: SQLite reads a row's columns in order, and a
        # 6 kB text spills into overflow pages, so columns after it would cost
        # a walk through the text each time (the incremental check reads the
        # hash and stat columns of every document at the start of each run).
        """CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            fingerprint TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL DEFAULT -1,
            mtime_ns INTEGER NOT NULL DEFAULT -1,
            recorded_ns INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL,
            raw TEXT)""",
        """CREATE TABLE segments (
            doc_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            seg_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            stance TEXT NOT NULL,
            outlet TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{}',
            sentences INTEGER NOT NULL DEFAULT 0,
            tokens INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (doc_id, idx))""",
        """CREATE TABLE matches (
            doc_id TEXT NOT NULL,
            lexicon_version TEXT NOT NULL,
            n INTEGER NOT NULL,
            seg_id TEXT NOT NULL,
            sent_idx INTEGER NOT NULL,
            stance TEXT NOT NULL,
            outlet TEXT NOT NULL,
            seg_kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            raw_start INTEGER NOT NULL,
            raw_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            category TEXT NOT NULL,
            technique TEXT NOT NULL,
            weight REAL NOT NULL,
            loaded INTEGER NOT NULL,
            voice TEXT NOT NULL,
            speaker TEXT NOT NULL DEFAULT '',
            scare_quote INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (doc_id, lexicon_version, n)) WITHOUT ROWID""",
        """CREATE TABLE scores (
            doc_id TEXT NOT NULL,
            lexicon_version TEXT NOT NULL,
            seg_id TEXT NOT NULL,
            seg_idx INTEGER NOT NULL,
            stance TEXT NOT NULL,
            outlet TEXT NOT NULL,
            kind TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            own_tokens INTEGER NOT NULL,
            quoted_tokens INTEGER NOT NULL,
            sentences INTEGER NOT NULL,
            matches INTEGER NOT NULL,
            loaded_matches INTEGER NOT NULL,
            loaded_weight_own NOT NULL,
            loaded_weight_quoted NOT NULL,
            attributed_sentences INTEGER NOT NULL,
            vague_attributions INTEGER NOT NULL,
            scare_quotes INTEGER NOT NULL,
            n_hedge INTEGER NOT NULL,
            n_booster INTEGER NOT NULL,
            sentiment_sum NOT NULL,
            sentiment_n INTEGER NOT NULL,
            sentiment_min,
            sentiment_max,
            sentiment_min_sentence TEXT,
            sentiment_max_sentence TEXT,
            counts TEXT NOT NULL DEFAULT '{}',
            evidence TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (doc_id, lexicon_version, seg_id)) WITHOUT ROWID""",
        """CREATE TABLE lexicon_versions (
            version TEXT PRIMARY KEY,
            directory TEXT NOT NULL,
            entries INTEGER NOT NULL,
            categories TEXT NOT NULL,
            first_seen TEXT NOT NULL)""",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            lexicon_version TEXT NOT NULL,
            scored INTEGER NOT NULL DEFAULT 0,
            reused INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            args TEXT NOT NULL DEFAULT '{}')""",
        # Each run starts by reading the hash, fingerprint and stat of every
        # document; this covering index answers it without touching the rows
        # (one 4 kB page per article because of the text): 0.2 s instead of
        # 6 s for 100,000 documents.
        "CREATE INDEX documents_state ON documents (doc_id, sha256, fingerprint, path, size, mtime_ns,"
        " recorded_ns)",
        # matches and scores are clustered on their key (WITHOUT ROWID: one
        # b-tree, not a table plus an index), and matches get no secondary
        # index: ~100 match rows per article dominate the writes, and a
        # corpus-wide "matches by category" query reads the rows anyway.
        "CREATE INDEX scores_version ON scores (lexicon_version, stance)",
    ],
    # v2: the per-document analysis JSON (so readers need not rescore), the
    # claim-assignment table for the claims stage, and the lexicon files.
    [
        """CREATE TABLE analyses (
            doc_id TEXT NOT NULL,
            lexicon_version TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            scored TEXT NOT NULL,
            format INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (doc_id, lexicon_version))""",
        # Covering index for the incremental check (see documents_state).
        "CREATE INDEX analyses_state ON analyses (lexicon_version, doc_id, sha256, fingerprint)",
        """CREATE TABLE claim_assignments (
            doc_id TEXT NOT NULL,
            sent_idx INTEGER NOT NULL,
            claim_id TEXT NOT NULL,
            registry_version TEXT NOT NULL,
            confidence REAL NOT NULL,
            method TEXT NOT NULL DEFAULT '',
            run_id INTEGER,
            PRIMARY KEY (doc_id, registry_version, sent_idx, claim_id))""",
        "ALTER TABLE lexicon_versions ADD COLUMN files TEXT NOT NULL DEFAULT '{}'",
    ],
    # v3: which documents each run covered (exports of one run), run details.
    [
        """CREATE TABLE run_documents (
            run_id INTEGER NOT NULL,
            doc_id TEXT NOT NULL,
            action TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (run_id, doc_id)) WITHOUT ROWID""",
        "ALTER TABLE runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'local'",
        "ALTER TABLE runs ADD COLUMN jobs INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE runs ADD COLUMN failed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE runs ADD COLUMN framing_version TEXT NOT NULL DEFAULT ''",
    ],
    # v4: the problems found when a lexicon version was loaded, so that a run
    # which reuses everything can report them without loading the lexicon.
    [
        "ALTER TABLE lexicon_versions ADD COLUMN problems TEXT",
    ],
]

#: The schema version this code writes and reads.
SCHEMA_VERSION = len(MIGRATIONS)

#: Container format of ``analyses.data``: zlib-compressed UTF-8 JSON of
#: :func:`framing.store.serialize.analysis_to_json`.  The JSON carries its own
#: layout version (``"format"``), which :mod:`framing.store.serialize` checks.
ANALYSIS_FORMAT = 1

SEGMENT_COLUMNS = ("doc_id", "idx", "seg_id", "kind", "stance", "outlet", "start", "end", "speaker",
                   "meta", "sentences", "tokens")
#: Columns of ``matches``: the key (document, lexicon version, match number),
#: then every :class:`~framing.core.types.Match` field after ``doc_id``.
MATCH_COLUMNS = ("doc_id", "lexicon_version", "n") + MATCH_FIELDS[1:]
#: Count columns of ``scores`` in table order (they mirror
#: :data:`framing.analyze.scoring.COUNT_COLUMNS`).
SCORE_COUNT_COLUMNS = ("tokens", "own_tokens", "quoted_tokens", "sentences", "matches", "loaded_matches",
                       "loaded_weight_own", "loaded_weight_quoted", "attributed_sentences",
                       "vague_attributions", "scare_quotes", "n_hedge", "n_booster", "sentiment_sum",
                       "sentiment_n")
SCORE_COLUMNS = (("doc_id", "lexicon_version", "seg_id", "seg_idx", "stance", "outlet", "kind") + SCORE_COUNT_COLUMNS
                 + ("sentiment_min", "sentiment_max", "sentiment_min_sentence", "sentiment_max_sentence",
                    "counts", "evidence"))



def quote_columns(cols: Sequence[str]) -> str:
    """Return ``cols`` as a comma-separated list of double-quoted SQL identifiers."""
    return ", ".join(f'"{c}"' for c in cols)


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the file behind ``conn`` (0 for an empty file)."""
    has = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                       ).fetchone()
    if not has:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing :data:`MIGRATIONS` up to ``target`` (each step in one transaction); return the version.

    Raises :class:`StoreError` when the file's schema is newer than this code.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"store {path} has schema version {current}, newer than this framing understands "
            f"({SCHEMA_VERSION})", fix="upgrade framing (pip install -U framing) or use another --store")
    while current < target:
        step = MIGRATIONS[current]
        try:
            conn.execute("BEGIN IMMEDIATE")
            if current == 0:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            # A concurrent opener may have migrated while we waited for the lock.
            if schema_version(conn) != current:
                conn.execute("ROLLBACK")
                current = schema_version(conn)
                continue
            for sql in step:
                conn.execute(sql)
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (current + 1,))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise store_error(path, exc) from None
        current += 1
    return current


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """Return the :class:`StoreError` (with a fix) that explains SQLite error ``exc`` on store ``path``."""
    msg = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in msg:
        return StoreError(f"store {path} is locked by another process ({msg})",
                          fix="wait for the other run to finish or use another --store")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return StoreError(f"store {path} is not a framing store or is corrupt ({msg})",
                          fix=f"move {path} aside and rerun 'framing score' to rebuild it, "
                              "or pass another --store")
    if "readonly" in msg or "unable to open" in msg or "disk" in msg:
        return StoreError(f"cannot write store {path} ({msg})",
                          fix="check the folder exists, is writable and has free space, or pass another --store")
    return StoreError(f"store {path}: {msg}", fix="pass another --store or move this file aside")



__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "ANALYSIS_FORMAT", "SEGMENT_COLUMNS", "MATCH_COLUMNS",
           "SCORE_COUNT_COLUMNS", "SCORE_COLUMNS", "quote_columns", "schema_version", "migrate", "store_error"]
