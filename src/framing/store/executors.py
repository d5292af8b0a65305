"""Where a batch run's chunks are scored: in this process, in a process pool, or on a dask cluster.

Every executor has the same four methods (:class:`Executor`): ``submit`` a
chunk of todos and get a handle, ask whether the handle is ``ready``, take
its ``result`` (a list from :func:`framing.store.worker.score_chunk`), and
``close``.  All of them run the same scoring function, so the engine never
changes a result.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Protocol

from framing.core.errors import FramingError
from framing.store.inputs import Todo
from framing.store.worker import (RESULT_VERSION, _set_state, dask_score_chunk, init_worker, read_lexicon_files,
                                  score_chunk)


class Executor(Protocol):
    """What :func:`framing.store.batch.run_batch` needs of an executor."""

    jobs: int

    def submit(self, chunk: list[Todo]) -> Any:
        """Start scoring ``chunk``; return a handle for :meth:`ready` and :meth:`result`."""

    def ready(self, handle: Any) -> bool:
        """Return True when the chunk behind ``handle`` is scored."""

    def result(self, handle: Any) -> list:
        """Return the chunk's results (waiting for them if needed)."""

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel`` drop chunks not started yet."""



class InlineExecutor:
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


class PoolExecutor:
    """A process pool; each worker compiles the lexicon once in :func:`init_worker`."""

    def __init__(self, lexicon: Any, jobs: int) -> None:
        import gc
        import multiprocessing as mp
        from multiprocessing.context import BaseContext
        from concurrent.futures import ProcessPoolExecutor
        # fork starts workers in milliseconds and shares the imported modules.
        # The children inherit the store's SQLite handle but never touch it:
        # workers only compute, and they leave through os._exit, which closes
        # nothing (SQLite's rule is not to *use* a connection across fork).
        # Forking while other threads run (a dashboard, a notebook kernel) can
        # copy a lock another thread holds into the child, which then hangs:
        # then start clean interpreters (forkserver), slower but safe.
        methods = mp.get_all_start_methods()
        ctx: BaseContext
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


class DaskExecutor:
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


def make_executor(engine: str, lexicon: Any, jobs: int, scheduler: str | None = None) -> Executor:
    """Return the executor for ``engine`` (``local``: this process when ``jobs`` is 1, else a process
    pool; ``dask``: a dask.distributed client).  Raises :class:`FramingError` for another engine."""
    if engine == "dask":
        return DaskExecutor(lexicon, jobs, scheduler)
    if engine != "local":
        raise FramingError(f"unknown engine {engine!r}", fix="use --engine local or --engine dask")
    return InlineExecutor(lexicon) if jobs <= 1 else PoolExecutor(lexicon, jobs)


__all__ = ["Executor", "InlineExecutor", "PoolExecutor", "DaskExecutor", "make_executor"]
