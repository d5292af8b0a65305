"""Plain records the store reads and writes: a scored document's rows, a known document, a run."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A file's mtime must be this much older than the moment its stat was
#: recorded for the stat cache to be trusted ("racy" timestamps: a file
#: modified again within the file system's timestamp granularity would keep
#: its mtime; git's index has the same rule).
RACY_NS = 2_000_000_000


@dataclass
class DocResult:
    """Everything stored for one scored document, as plain picklable rows.

    Built by :func:`framing.store.batch.score_document` (in a worker process or on
    a dask worker) and written by :meth:`framing.store.db.Store.write_batch`.  Row tuples
    follow :data:`SEGMENT_COLUMNS`, :data:`MATCH_COLUMNS` and
    :data:`SCORE_COLUMNS` exactly, so the writer passes them through.
    """

    doc_id: str
    path: str
    sha256: str
    fingerprint: str
    meta: str
    text: str
    raw: str | None
    size: int
    mtime_ns: int
    segments: list[tuple] = field(default_factory=list)
    matches: list[tuple] = field(default_factory=list)
    scores: list[tuple] = field(default_factory=list)
    analysis: bytes = b""
    input_bytes: int = 0
    seq: int = 0


def stat_key(path: str, size: int, mtime_ns: int) -> int:
    """Return the in-process key of a file's stat (path, size, mtime) for the stat cache."""
    return hash((path, size, mtime_ns))


@dataclass(frozen=True, slots=True)
class KnownDocument:
    """What the store knows about a document with results for one lexicon version.

    Compact on purpose (a run over 100,000 documents holds one per document):
    the hashes as raw bytes and the file stat as one integer key, which is 0
    when the stat must not be trusted (see :data:`RACY_NS`).
    """

    sha256: bytes
    fingerprint: str
    stat: int

    def content_matches(self, sha256_hex: str, fingerprint: str) -> bool:
        """Return True when a document with this content hash and fingerprint is the stored one."""
        return self.fingerprint == fingerprint and self.sha256 == bytes.fromhex(sha256_hex)

    def stat_matches(self, path: str, size: int, mtime_ns: int) -> bool:
        """Return True when the file's stat says it is unchanged since it was stored."""
        return self.stat != 0 and self.stat == stat_key(path, size, mtime_ns)


@dataclass(frozen=True)
class RunInfo:
    """One row of the ``runs`` table."""

    id: int
    started: str
    finished: str | None
    status: str
    pid: int
    host: str
    lexicon_version: str
    scored: int
    reused: int
    skipped: int
    failed: int


__all__ = ["DocResult", "KnownDocument", "RunInfo", "stat_key", "RACY_NS"]
