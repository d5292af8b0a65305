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
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from framing.core.config import store_path
from framing.core.errors import Problem, StoreError
from framing.store.db import Store, open_store
from framing.store.lock import RunLock
from framing.store.executors import Executor, InlineExecutor, make_executor
from framing.store.inputs import (InputPlan, Reuse, Todo, fingerprint,  # noqa: F401 -- re-exported
                                  iter_inputs, plan_inputs)
from framing.store.progress import Progress, fmt_rate
from framing.store.records import DocResult, KnownDocument
# Re-exported: callers (bench, readback, tests) import the worker side from here.
from framing.store.worker import (MAX_LEXICON_BYTES, RESULT_VERSION, dask_score_chunk,  # noqa: F401
                                  init_worker, read_lexicon_files, score_chunk, score_document,
                                  write_lexicon_files)

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
    lexicon_problems: int = 0

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

    The writer lock is taken first, so a second writer is refused at once
    (:class:`StoreError` naming the holder's pid and start time).  The
    lexicon's version is a digest of its files, so checking what is current
    needs no loading: the lexicon is loaded and compiled only when something
    must be scored, or when the store does not know its problems yet (those
    are recorded per version and reported by every run, in
    ``RunSummary.lexicon_problems``).  Raises :class:`StoreError` when the
    store is busy, corrupt or newer than this code, and re-raises
    ``KeyboardInterrupt`` after recording the run as ``interrupted`` (every
    batch committed before it is kept).
    """
    t0 = time.monotonic()
    say = note or _stderr
    path = Path(opts.store) if opts.store else store_path()
    lock = RunLock(path, say)
    lock.acquire(path)  # before any slow work: a second writer hears "busy" at once
    try:
        lexicons = _LexiconSource(opts.lexicons)
        jobs = max(1, opts.jobs or os.cpu_count() or 1)
        store = open_store(path)
    except BaseException:
        lock.release()
        raise
    try:
        version = lexicons.version
        run_id = store.begin_run(version, {k: v for k, v in vars(opts).items()}, opts.engine, jobs,
                                 RESULT_VERSION, lock=lock)
        summary = RunSummary(run_id, str(store.path), version, "running")
        status = "failed"
        try:
            with _sigterm_as_interrupt():
                problems = store.lexicon_problems(version, RESULT_VERSION)
                if problems is None:  # a lexicon version (or framing) this store has not seen
                    problems = list(lexicons.register(store).problems)
                for p in problems:
                    say(f"framing: lexicon: skipped {p}")
                summary.lexicon_problems = len(problems)
                lexicons.store = store
                plan = plan_inputs(opts.paths, opts.catalog)
                progress = progress or Progress(quiet=True)
                progress.total_docs, progress.total_bytes = plan.total_docs, plan.total_bytes
                known = {} if opts.rescore else store.known_documents(version)
                writer = _Writer(store, run_id, version, progress, summary, opts.batch_size,
                                 note or progress.note)
                _drive(opts, lexicons.get, jobs, plan, known, writer)
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
        lock.release()
    return summary


class _LexiconSource:
    """The run's lexicon: its version at once (a digest of the files), the loaded lexicon only on demand.

    Loading stems every pattern (and imports nltk): about 1.5 s that a run
    reusing every document does not need to spend.
    """

    def __init__(self, directory: str | None) -> None:
        from framing.core.config import lexicons_dir
        from framing.core.fingerprint import lexicon_digest
        self.directory = Path(directory) if directory else lexicons_dir()
        self._lexicon: Any = None
        self.store: Store | None = None
        if not (self.directory / "categories.csv").is_file():
            self.get()  # the loader raises the LexiconError that says what is wrong
        self.version = self._lexicon.version if self._lexicon is not None else lexicon_digest(self.directory)

    def get(self) -> Any:
        """Return the loaded lexicon (loading, and registering it in the store, the first time)."""
        if self._lexicon is None:
            from framing.detect.lexicon import load_lexicon
            self._lexicon = load_lexicon(self.directory)
            if hasattr(self, "version") and self._lexicon.version != self.version:
                raise StoreError(f"lexicon in {self.directory} changed during the run "
                                 f"({self.version} -> {self._lexicon.version})",
                                 fix="rerun 'framing score' once the lexicon files are saved")
            if self.store is not None:
                self.register(self.store)
        return self._lexicon

    def register(self, store: Store) -> Any:
        """Record the lexicon (files, categories, problems) in ``store``; return the loaded lexicon."""
        lex = self.get()
        store.register_lexicon(lex.version, lex.directory, len(lex.entries), lex.categories,
                               read_lexicon_files(lex.directory))
        store.set_lexicon_problems(lex.version, lex.problems, RESULT_VERSION)
        return lex


def _drive(opts: RunOptions, lexicon: Callable[[], Any], jobs: int, plan: InputPlan,
           known: Mapping[str, KnownDocument], writer: _Writer) -> None:
    """Feed inputs to the executor with a bounded number of chunks in flight; hand results to ``writer``.

    ``lexicon()`` returns the loaded lexicon; it is called only when a document must be scored."""
    items = iter_inputs(plan, known, opts.rescore, opts.max_bytes)
    executor: Executor | None = None
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
                        executor = make_executor(opts.engine, lexicon(), jobs, opts.scheduler)
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
                executor = (InlineExecutor(lexicon()) if opts.engine == "local"
                            else make_executor(opts.engine, lexicon(), jobs, opts.scheduler))
            inflight.append(executor.submit(chunk))
        while inflight and executor is not None:
            writer.add(executor.result(inflight.popleft()))
        cancel = False
    finally:
        if executor is not None:
            executor.close(cancel=cancel)


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


