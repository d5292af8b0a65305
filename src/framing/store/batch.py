"""Batch scoring at scale: incremental, parallel, interruptible runs into the store.

:func:`run_batch` is what ``framing score`` calls:

1. Inputs are streamed (folders, globs, ``.jsonl`` record files read line by
   line): nothing holds the whole corpus in memory.
2. Each input is checked against the store *before* it is parsed: a text file
   whose path, size and mtime are those stored (and whose catalog row and
   segment rules are unchanged) is reused without even being read; any other
   document is read and hashed, and reused when its sha256, catalog
   fingerprint and lexicon version match stored results.  ``rescore=True``
   scores everything.
3. Documents to score go in chunks to worker processes (``engine="local"``,
   ``jobs`` processes, the lexicon compiled once per process) or to a
   dask.distributed cluster (``engine="dask"``); both run
   :func:`score_chunk`, so results are identical to one process.
4. Results are written in batches of ``batch_size`` documents, one
   transaction each: an interrupted run keeps every finished batch, and the
   next run reuses them.

Aggregation from the store (:func:`frame_from_rows`) reproduces
:func:`framing.analyze.scoring.score_frame` from the stored per-segment rows, so a
corpus of 100,000 articles is summarised without deserialising any analysis.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence


from framing.core.fingerprint import RESULT_VERSION as _RESULT_VERSION
from framing.core.errors import FramingError, Problem, StoreError
from framing.store.progress import Progress, fmt_rate
from framing.store.db import SCORE_COUNT_COLUMNS as _SCORE_COUNTS
from framing.store.db import DocResult, KnownDocument, Store, open_store
from framing.core.types import Document, frozen_map

from framing.store.inputs import (InputPlan, Reuse, Todo, _rule_from_tuple, fingerprint,  # noqa: F401
                                   iter_inputs, plan_inputs)
#: Documents written per transaction.  200 keeps a batch's rows (a few MB)
#: small in memory and a commit every second or two, so an interrupted run
#: loses little; larger batches gain almost nothing (a commit costs ~1 ms).
BATCH_SIZE = 200
#: Documents sent to a worker at once: large enough that pickling and queue
#: overhead (~0.1 ms per task) is negligible, small enough to balance load.
CHUNK_SIZE = 16
#: Reused ids recorded per transaction when nothing is being scored.
REUSE_FLUSH = 5000
#: Chunks in flight per worker: enough to keep workers busy while the main
#: process writes, few enough to bound memory (chunks hold document texts).
INFLIGHT_PER_JOB = 3
#: Part of every document's fingerprint (see :mod:`framing.core.fingerprint`).
RESULT_VERSION = _RESULT_VERSION


# ------------------------------------------------------------------ workers

#: Per-process worker state: lexicon, compiled matcher, sorted categories.
_STATE: dict[str, Any] = {}
_STATE_LOCK = threading.Lock()


def _set_state(lexicon: Any) -> None:
    from framing.detect.matcher import compile_matcher
    _STATE["lexicon"] = lexicon
    _STATE["matcher"] = compile_matcher(lexicon)
    _STATE["categories"] = sorted(lexicon.categories)
    _STATE["version"] = lexicon.version


def init_worker(lexicon_dir: str, expected_version: str) -> None:
    """Process-pool initializer: load and compile the lexicon once, check its version, ignore Ctrl-C.

    Ctrl-C goes to the whole process group; only the main process should
    react (it stops submitting and records the run as interrupted), so
    workers ignore SIGINT and finish their current chunk.
    """
    with contextlib.suppress(ValueError):  # not the main thread (dask threads)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from framing.detect.lexicon import load_lexicon
    lex = load_lexicon(lexicon_dir)
    if lex.version != expected_version:
        raise StoreError(f"lexicon in {lexicon_dir} changed during the run ({expected_version} -> {lex.version})",
                         fix="rerun 'framing score' once the lexicon files are saved")
    _set_state(lex)


#: Largest lexicon folder we copy into a store or ship to dask workers.
MAX_LEXICON_BYTES = 20 * 1024 * 1024


def read_lexicon_files(directory: str | Path) -> dict[str, str]:
    """Return ``{relative path: content}`` of every file in the lexicon folder, byte-exact.

    The whole folder, sub-folders included, because the lexicon version hashes
    more than the entry files (e.g. ``sources/*.csv``).  Read as bytes and
    decoded with ``surrogateescape``: no newline translation (csv writes CRLF)
    and any byte survives the round trip through JSON.
    """
    root = Path(directory)
    out: dict[str, str] = {}
    total = 0
    for p in sorted(root.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        data = p.read_bytes()
        total += len(data)
        if total > MAX_LEXICON_BYTES:
            raise FramingError(f"lexicon folder {root} holds over {MAX_LEXICON_BYTES // 2**20} MB",
                               fix="keep only the lexicon files in it")
        out[p.relative_to(root).as_posix()] = data.decode("utf-8", "surrogateescape")
    return out


def write_lexicon_files(files: Mapping[str, str], directory: str | Path) -> None:
    """Write files from :func:`read_lexicon_files` under ``directory`` with their exact bytes.

    The names may come from a store file someone else wrote, so a name that
    would leave ``directory`` (absolute, ``..``) is refused.
    """
    root = Path(directory).resolve()
    for name, text in files.items():
        target = (root / name).resolve()
        if Path(name).is_absolute() or ".." in Path(name).parts or root not in target.parents:
            raise StoreError(f"lexicon file name {name!r} points outside the lexicon folder",
                             fix="the store file was not written by framing; use another --store")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogateescape"))


def _ensure_state_from_files(payload: dict) -> None:
    """Load the lexicon shipped in ``payload`` once per process (dask workers)."""
    with _STATE_LOCK:
        if _STATE.get("version") == payload["version"]:
            return
        if payload["result_version"] != RESULT_VERSION:
            raise RuntimeError(f"the worker runs framing {RESULT_VERSION}, the client "
                               f"{payload['result_version']}")
        from framing.detect.lexicon import load_lexicon
        with tempfile.TemporaryDirectory(prefix="framing-lexicon-") as tmp:
            write_lexicon_files(payload["files"], tmp)
            lex = load_lexicon(tmp)
        if lex.version != payload["version"]:
            raise RuntimeError(f"the lexicon shipped to the worker loads as version {lex.version}, "
                               f"expected {payload['version']}")
        _set_state(lex)


def score_document(todo: Todo, lexicon: Any, matcher: Any, categories: Sequence[str]) -> DocResult:
    """Return the stored rows of one document: parse, analyse (matches, voice, sentiment), score.

    Pure function of its inputs, so any process or machine computes the
    same rows.
    """
    from framing.analyze.scoring import segment_signals
    from framing.orchestrator import detect_one
    from framing.store.serialize import analysis_to_json

    doc = Document(todo.doc_id, todo.path, todo.sha256, todo.raw, frozen_map(todo.meta))
    a = detect_one(doc, lexicon, matcher, [_rule_from_tuple(r) for r in todo.rules])
    parsed = a.parsed
    doc_id = doc.doc_id
    n_sent: Counter = Counter()
    n_tok: Counter = Counter()
    for s in parsed.sentences:
        n_sent[s.seg_id] += 1
        n_tok[s.seg_id] += len(s.tokens)
    segments = [(doc_id, s.index, s.seg_id, s.kind, s.stance, s.outlet, s.start, s.end, s.speaker,
                 json.dumps(dict(s.meta), ensure_ascii=False), n_sent[s.seg_id], n_tok[s.seg_id])
                for s in parsed.segments]
    version = lexicon.version
    matches = [(doc_id, version, n, m.seg_id, m.sent_idx, m.stance, m.outlet, m.seg_kind, m.start, m.end, m.raw_start,
                m.raw_end, m.text, m.entry_id, m.category, m.technique, m.weight, int(m.loaded), m.voice,
                m.speaker, int(m.scare_quote)) for n, m in enumerate(a.matches)]
    cats = set(categories)
    seg_idx = {s.seg_id: s.index for s in parsed.segments}
    scores = []
    for r in segment_signals(a, categories):
        counts = {k[2:]: v for k, v in r.items() if k.startswith("n_") and k[2:] in cats and v}
        scores.append((doc_id, version, r["seg_id"], seg_idx[r["seg_id"]], r["stance"], r["outlet"], r["kind"],
                       *(r[c] for c in _SCORE_COUNTS), r["sentiment_min"], r["sentiment_max"],
                       r["sentiment_min_sentence"], r["sentiment_max_sentence"],
                       json.dumps(counts, ensure_ascii=False), json.dumps(dict(r["_evidence"]), ensure_ascii=False)))
    text = parsed.text
    # zlib level 1: the JSON (mostly small integers) shrinks ~3.5x for ~0.4 ms
    # per article; level 6 saves only a further 15% of space for twice the time.
    # The text and the matches are stored in their own tables: not twice.
    blob = zlib.compress(analysis_to_json(a, include_text=False, include_matches=False).encode("utf-8"), 1)
    return DocResult(doc_id, doc.path, doc.sha256, todo.fingerprint, json.dumps(dict(doc.meta), ensure_ascii=False),
                     text, None if doc.raw == text else doc.raw, todo.size, todo.mtime_ns, segments, matches,
                     scores, blob, todo.nbytes, todo.seq)


def score_chunk(todos: Sequence[Todo]) -> list[DocResult | tuple[Todo, Problem]]:
    """Score a chunk with this process's lexicon (set by :func:`init_worker`); return results in order.

    A document whose analysis raises becomes ``(todo, Problem)`` instead of
    stopping the run: one odd article must not cost the other 99,999.
    """
    lex, matcher, cats = _STATE["lexicon"], _STATE["matcher"], _STATE["categories"]
    out: list = []
    for t in todos:
        try:
            out.append(score_document(t, lex, matcher, cats))
        except Exception as exc:  # noqa: BLE001 -- reported per document, run continues
            out.append((_strip(t), Problem(t.path, None, f"analysis failed ({type(exc).__name__}: {exc})",
                                           "report this as a bug with the file; the other documents were scored")))
    return out


def _strip(t: Todo) -> Todo:
    """Return ``t`` without its text (failures travel back to the main process; the text is not needed)."""
    return Todo(t.doc_id, t.path, t.sha256, "", {}, [], t.fingerprint, t.size, t.mtime_ns, t.nbytes, t.seq)


def dask_score_chunk(todos: Sequence[Todo], lexicon_payload: dict) -> list:
    """Dask task: make sure this worker has the shipped lexicon, then :func:`score_chunk`."""
    _ensure_state_from_files(lexicon_payload)
    return score_chunk(todos)


# ------------------------------------------------------------------ executors

class _Inline:
    """Runs chunks in this process (``jobs=1``): no pickling, same code path."""

    def __init__(self, lexicon: Any) -> None:
        _set_state(lexicon)
        self.jobs = 1

    def submit(self, chunk: list[Todo]) -> Any:
        return score_chunk(chunk)

    @staticmethod
    def ready(handle: Any) -> bool:
        return True

    @staticmethod
    def result(handle: Any) -> list:
        return handle

    def close(self, cancel: bool = False) -> None:
        pass


class _Pool:
    """A process pool; each worker compiles the lexicon once in :func:`init_worker`."""

    def __init__(self, lexicon: Any, jobs: int) -> None:
        import gc
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        # fork starts workers in milliseconds and shares the imported modules.
        # The children inherit the store's SQLite handle but never touch it:
        # workers only compute, and they leave through os._exit, which closes
        # nothing (SQLite's rule is not to *use* a connection across fork).
        # Forking while other threads run (a dashboard, a notebook kernel) can
        # copy a lock another thread holds into the child, which then hangs:
        # then start clean interpreters (forkserver), slower but safe.
        methods = mp.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            ctx = mp.get_context("fork")
        else:
            ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.jobs = jobs
        # Import nltk's stemmer now, so that forked workers inherit it instead
        # of each importing nltk (1-2 s) on its first word.
        from framing.text.tokens import load_stemmer
        load_stemmer()
        # gc.freeze: the children inherit the main process's heap (catalog,
        # file list, ...) copy-on-write; without it their garbage collector
        # writes to every inherited object and each worker ends up with its
        # own copy (measured: +130 MB per worker at 100k documents).
        gc.freeze()
        try:
            self.pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=init_worker,
                                            initargs=(lexicon.directory, lexicon.version))
            # Workers start on first submit: submit no-ops now, while frozen.
            for f in [self.pool.submit(int) for _ in range(jobs)]:
                f.result()
        finally:
            gc.unfreeze()

    def submit(self, chunk: list[Todo]) -> Any:
        return self.pool.submit(score_chunk, chunk)

    @staticmethod
    def ready(handle: Any) -> bool:
        return handle.done()

    @staticmethod
    def result(handle: Any) -> list:
        return handle.result()

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


class _Dask:
    """A dask.distributed client: ``scheduler`` address, or a LocalCluster of ``jobs`` worker processes."""

    def __init__(self, lexicon: Any, jobs: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise FramingError("the dask engine needs dask.distributed",
                               fix="pip install 'framing[dask]' (or use --engine local)") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None, host="127.0.0.1")
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise FramingError(f"cannot reach dask scheduler {scheduler}: {exc}",
                               fix="check the address (tcp://host:8786) and that the scheduler runs") from None
        workers = self.client.scheduler_info().get("workers", {})
        self.jobs = max(1, sum(w.get("nthreads", 1) for w in workers.values()) or jobs)
        files = read_lexicon_files(lexicon.directory)
        payload = {"version": lexicon.version, "result_version": RESULT_VERSION, "files": files}
        # Shipped once to every worker (a few hundred kB), not with each task.
        self.payload = self.client.scatter(payload, broadcast=True)

    def submit(self, chunk: list[Todo]) -> Any:
        return self.client.submit(dask_score_chunk, chunk, self.payload, pure=False)

    @staticmethod
    def ready(handle: Any) -> bool:
        return handle.done()

    @staticmethod
    def result(handle: Any) -> list:
        try:
            return handle.result()
        except RuntimeError as exc:  # version checks on the worker (see _ensure_state_from_files)
            raise FramingError(f"dask worker refused the task: {exc}",
                               fix="install the same framing version and lexicon on every worker") from None

    def close(self, cancel: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


# ------------------------------------------------------------------ the run

@dataclass
class RunOptions:
    """What to score and how; the CLI fills this from its flags."""

    paths: list[str] = field(default_factory=list)
    catalog: str | None = None
    lexicons: str | None = None
    store: str | None = None
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    rescore: bool = False
    batch_size: int = BATCH_SIZE
    chunk_size: int = CHUNK_SIZE
    max_bytes: int | None = None


@dataclass
class RunSummary:
    """The outcome of :func:`run_batch`."""

    run_id: int
    store: str
    lexicon_version: str
    status: str
    scored: int = 0
    reused: int = 0
    skipped: int = 0
    failed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    reasons: Counter = field(default_factory=Counter)

    @property
    def documents(self) -> int:
        """Return the number of documents the run covered (scored + reused)."""
        return self.scored + self.reused

    def text(self) -> str:
        """Return the end-of-run summary line, with skip reasons grouped."""
        rate = self.bytes / 1e6 / self.seconds if self.seconds else 0.0
        line = (f"run {self.run_id} {self.status}: scored {self.scored:,}, reused {self.reused:,}, "
                f"skipped {self.skipped:,}" + (f", failed {self.failed:,}" if self.failed else "")
                + f" in {self.seconds:.1f} s ({fmt_rate(rate)}); store {self.store}, lexicon {self.lexicon_version}")
        if self.reasons:
            top = "; ".join(f"{n} x {r}" for r, n in self.reasons.most_common(5))
            more = len(self.reasons) - 5
            line += f"\n  skipped: {top}" + (f"; {more} more reasons" if more > 0 else "")
        return line


class _Writer:
    """Buffers results and writes them in batches, one transaction each."""

    def __init__(self, store: Store, run_id: int, version: str, progress: Progress, summary: RunSummary,
                 batch_size: int, note: Callable[[str], None]) -> None:
        self.store, self.run_id, self.version = store, run_id, version
        self.progress, self.summary, self.batch_size, self.note = progress, summary, batch_size, note
        self.results: list[DocResult] = []
        self.reused: list[tuple[str, int]] = []
        self.touched: list[tuple[str, str, int, int]] = []
        self.skipped = 0
        self.failed = 0

    def problem(self, p: Problem, failed: bool = False) -> None:
        self.note(f"framing: skipped {p}")
        self.summary.reasons[p.reason if len(p.reason) < 80 else p.reason[:77] + "..."] += 1
        if failed:
            self.failed += 1
            self.progress.advance(docs=1, failed=1)
        else:
            self.skipped += 1
            self.progress.advance(skipped=1)

    def reuse(self, r: Reuse) -> None:
        self.reused.append((r.doc_id, r.seq))
        if r.touched:
            self.touched.append(r.touched)
        self.summary.bytes += r.nbytes
        self.progress.advance(docs=1, nbytes=r.nbytes, reused=1)
        if len(self.reused) >= REUSE_FLUSH:
            self.flush()

    def add(self, items: list) -> None:
        for it in items:
            if isinstance(it, DocResult):
                self.results.append(it)
                self.summary.bytes += it.input_bytes
                self.progress.advance(docs=1, nbytes=it.input_bytes, scored=1)
            else:
                todo, problem = it
                self.summary.bytes += todo.nbytes
                self.problem(problem, failed=True)
        if len(self.results) >= self.batch_size:
            self.flush()

    def flush(self, final: bool = False) -> None:
        """Write exactly ``batch_size`` scored documents per transaction, with the reused ids and
        counters gathered so far; the remainder waits for more documents unless ``final``."""
        bs = self.batch_size
        while len(self.results) >= bs:
            batch, self.results = self.results[:bs], self.results[bs:]
            self._write(batch)
        if final:
            batch, self.results = self.results, []
            self._write(batch)
        elif len(self.reused) >= REUSE_FLUSH:
            self._write([])

    def _write(self, batch: list[DocResult]) -> None:
        if not (batch or self.reused or self.touched or self.skipped or self.failed):
            return
        self.store.write_batch(self.run_id, self.version, batch, self.reused, self.touched,
                               self.skipped, self.failed)
        s = self.summary
        s.scored += len(batch)
        s.reused += len(self.reused)
        s.skipped += self.skipped
        s.failed += self.failed
        self.reused, self.touched = [], []
        self.skipped = self.failed = 0


def _make_executor(opts: RunOptions, lexicon: Any, jobs: int) -> Any:
    if opts.engine == "dask":
        return _Dask(lexicon, jobs, opts.scheduler)
    if opts.engine != "local":
        raise FramingError(f"unknown engine {opts.engine!r}", fix="use --engine local or --engine dask")
    return _Inline(lexicon) if jobs <= 1 else _Pool(lexicon, jobs)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C in the main thread so ``kill PID`` records the run as interrupted."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def run_batch(opts: RunOptions, progress: Progress | None = None,
              note: Callable[[str], None] | None = None) -> RunSummary:
    """Score the inputs of ``opts`` into the store incrementally; return the :class:`RunSummary`.

    Raises :class:`StoreError` when the store is busy (another run holds
    its lock), corrupt or newer than this code, and re-raises
    ``KeyboardInterrupt`` after recording the run as ``interrupted`` (every
    batch committed before it is kept).
    """
    from framing.detect.lexicon import load_lexicon

    t0 = time.monotonic()
    lexicon = load_lexicon(opts.lexicons)
    jobs = max(1, opts.jobs or os.cpu_count() or 1)
    store = open_store(opts.store)
    try:
        run_id = store.begin_run(lexicon.version, {k: v for k, v in vars(opts).items()}, opts.engine, jobs,
                                 RESULT_VERSION)
        summary = RunSummary(run_id, str(store.path), lexicon.version, "running")
        status = "failed"
        try:
            with _sigterm_as_interrupt():
                files = read_lexicon_files(lexicon.directory)
                store.register_lexicon(lexicon.version, lexicon.directory, len(lexicon.entries),
                                       lexicon.categories, files)
                for p in lexicon.problems:
                    (note or _stderr)(f"framing: lexicon: skipped {p}")
                plan = plan_inputs(opts.paths, opts.catalog)
                progress = progress or Progress(quiet=True)
                progress.total_docs, progress.total_bytes = plan.total_docs, plan.total_bytes
                known = {} if opts.rescore else store.known_documents(lexicon.version)
                writer = _Writer(store, run_id, lexicon.version, progress, summary, opts.batch_size,
                                 note or progress.note)
                _drive(opts, lexicon, jobs, plan, known, writer)
                writer.flush(final=True)
                status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            summary.status = status
            summary.seconds = time.monotonic() - t0
            with contextlib.suppress(StoreError):
                store.finish_run(run_id, status)
            if progress is not None:
                progress.close()
    finally:
        store.close()
    return summary


def _drive(opts: RunOptions, lexicon: Any, jobs: int, plan: InputPlan, known: Mapping[str, KnownDocument],
           writer: _Writer) -> None:
    """Feed inputs to the executor with a bounded number of chunks in flight; hand results to ``writer``."""
    items = iter_inputs(plan, known, opts.rescore, opts.max_bytes)
    executor = None
    inflight: deque = deque()
    chunk: list[Todo] = []
    cancel = True
    try:
        for item in items:
            if isinstance(item, Reuse):
                writer.reuse(item)
            elif isinstance(item, Problem):
                writer.problem(item)
            else:
                chunk.append(item)
                if len(chunk) >= opts.chunk_size:
                    if executor is None:  # started lazily: an all-reused run starts no workers
                        executor = _make_executor(opts, lexicon, jobs)
                    inflight.append(executor.submit(chunk))
                    chunk = []
                    limit = INFLIGHT_PER_JOB * executor.jobs
                    # Collect finished chunks in order; block only when too many are pending.
                    while inflight and (len(inflight) > limit or executor.ready(inflight[0])):
                        writer.add(executor.result(inflight.popleft()))
        if chunk:
            if executor is None:
                # Everything fits in one chunk (a handful of files): starting
                # worker processes or a cluster would cost more than scoring it here.
                executor = _Inline(lexicon) if opts.engine == "local" else _make_executor(opts, lexicon, jobs)
            inflight.append(executor.submit(chunk))
        while inflight:
            writer.add(executor.result(inflight.popleft()))
        cancel = False
    finally:
        if executor is not None:
            executor.close(cancel=cancel)


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


