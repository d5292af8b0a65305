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
import hashlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from framing import __version__
from framing.core import config
from framing.text.corpus import (CATALOG_NAME, RECORD_SUFFIXES, Catalog, document_from_text, expand_paths, iter_records,
                     read_catalog, read_text_file)
from framing.core.errors import FramingError, InputError, Problem, StoreError
from framing.store.progress import Progress, fmt_rate
from framing.text.segment import SegmentRule
from framing.store.db import SCORE_COUNT_COLUMNS as _SCORE_COUNTS
from framing.store.db import DocResult, KnownDocument, Store, open_store, stat_key
from framing.core.types import Document, Match, frozen_map

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
#: Modules whose code decides the stored results.  Their source is hashed into
#: :data:`RESULT_VERSION`, so editing any of them (or upgrading framing)
#: makes the next run rescore instead of reusing results the new code would
#: not produce -- and a dask worker with different code is refused.
RESULT_MODULES = ("analysis", "batch", "html_text", "lexicon", "matcher", "offsets", "pipeline", "repair",
                  "scoring", "segment", "sentiment", "serialize", "tokens", "types", "voice")


def code_version() -> str:
    """Return a short hash of framing's version and the source of :data:`RESULT_MODULES`."""
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for name in RESULT_MODULES:
        p = pkg / f"{name}.py"
        h.update(name.encode() + b"\0")
        with contextlib.suppress(OSError):  # a zipped or compiled-only install: the version alone
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


#: Part of every document's fingerprint: results from other code are not reused.
RESULT_VERSION = f"framing-{__version__}/{code_version()}"


# ------------------------------------------------------------------ inputs

@dataclass
class Todo:
    """A document to score, as plain picklable data (mappingproxy metadata cannot be pickled)."""

    doc_id: str
    path: str
    sha256: str
    raw: str
    meta: dict
    rules: list[tuple]
    fingerprint: str
    size: int = -1
    mtime_ns: int = -1
    nbytes: int = 0
    seq: int = 0


@dataclass
class Reuse:
    """A document whose stored results are current; ``touched`` is set when its stat must be refreshed."""

    doc_id: str
    nbytes: int
    seq: int = 0
    touched: tuple[str, str, int, int] | None = None


def _rule_tuple(r: SegmentRule) -> tuple:
    return (r.part, r.split, r.kind, r.stance, r.outlet, r.speaker, dict(r.meta))


def _rule_from_tuple(t: Sequence) -> SegmentRule:
    part, split, kind, stance, outlet, speaker, meta = t
    return SegmentRule(part, split, kind, stance, outlet, speaker, frozen_map(meta))


def fingerprint(meta: Mapping[str, str], rules: Iterable[SegmentRule | tuple] = ()) -> str:
    """Return a short hash of a document's catalog metadata, segment rules and :data:`RESULT_VERSION`.

    A stored result is current only if this and the content sha256 match:
    changing a stance in ``catalog.csv`` changes segments and scores without
    changing the file.  The ``encoding`` note is left out: it follows from
    the file bytes, which the sha256 already covers.
    """
    m = sorted((k, str(v)) for k, v in meta.items() if k != "encoding")
    rs = [list(_rule_tuple(r)) if isinstance(r, SegmentRule) else list(r) for r in rules]
    for r in rs:
        r[-1] = sorted(r[-1].items())
    blob = json.dumps([RESULT_VERSION, m, rs], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass
class InputPlan:
    """The files named by the paths, their catalog, and totals for the progress bar."""

    files: list[Path]
    problems: list[Problem]
    catalog: Catalog
    total_docs: int | None
    total_bytes: int


def plan_inputs(paths: Iterable[str | Path] | None, catalog: str | Path | None = None) -> InputPlan:
    """Return the files under ``paths`` (default: the bundled seeds), the merged catalog and totals.

    Mirrors :func:`framing.text.corpus.load_corpus`: a catalog given
    explicitly, else every ``catalog.csv`` in the named folders and beside
    the files.  ``total_docs`` is None when ``.jsonl`` files make it unknown
    in advance; ``total_bytes`` is the sum of file sizes.
    """
    paths = [Path(p) for p in (paths or [config.seeds_dir()])]
    files, problems = expand_paths(paths)
    if catalog:
        cat_paths = [Path(catalog)]
        if not Path(catalog).is_file():
            problems.append(Problem(str(catalog), None, "catalog file not found", "check the --catalog path"))
            cat_paths = []
    else:
        folders = {p if p.is_dir() else p.parent for p in paths if not any(c in str(p) for c in "*?[")}
        folders |= {f.parent for f in files}
        cat_paths = sorted(d / CATALOG_NAME for d in folders if (d / CATALOG_NAME).is_file())
    merged = Catalog()
    for cp in cat_paths:
        c = read_catalog(cp)
        problems.extend(c.problems)
        merged.documents.update(c.documents)
        for k, v in c.rules.items():
            merged.rules.setdefault(k, []).extend(v)
    total_bytes = 0
    for f in files:
        with contextlib.suppress(OSError):
            total_bytes += f.stat().st_size
    has_records = any(f.suffix.lower() in RECORD_SUFFIXES for f in files)
    return InputPlan(files, problems, merged, None if has_records else len(files), total_bytes)


def iter_inputs(plan: InputPlan, known: Mapping[str, KnownDocument], rescore: bool = False,
                max_bytes: int | None = None) -> Iterator[Todo | Reuse | Problem]:
    """Yield, in input order, a :class:`Reuse`, a :class:`Todo` or a :class:`Problem` per input.

    Decides reuse before any parsing: first from the file stat (no read),
    else from the content hash.  Duplicate document ids are reported and the
    later copy skipped, as :func:`framing.text.corpus.load_corpus` does.
    """
    yield from plan.problems
    cat = plan.catalog
    seen: set[str] = set()
    seq = 0

    def decide(doc: Document, rules: list, size: int, mtime_ns: int, nbytes: int) -> Todo | Reuse:
        fp = fingerprint(doc.meta, rules)
        k = known.get(doc.doc_id)
        if not rescore and k is not None and k.content_matches(doc.sha256, fp):
            touched = None
            if k.stat != stat_key(doc.path, size, mtime_ns):  # refresh the stat cache entry
                touched = (doc.doc_id, doc.path, size, mtime_ns)
            return Reuse(doc.doc_id, nbytes, seq, touched)
        return Todo(doc.doc_id, doc.path, doc.sha256, doc.raw, dict(doc.meta),
                    [_rule_tuple(r) for r in rules], fp, size, mtime_ns, nbytes, seq)

    for f in plan.files:
        if f.suffix.lower() in RECORD_SUFFIXES:
            for item in iter_records(f):
                if isinstance(item, Problem):
                    yield item
                    continue
                extra = cat.documents.get(item.doc_id, {})
                if extra:
                    item = Document(item.doc_id, item.path, item.sha256, item.raw,
                                    frozen_map({**extra, **item.meta}))
                if item.doc_id in seen:
                    yield _duplicate(item.doc_id, item.path)
                    continue
                seen.add(item.doc_id)
                seq += 1
                yield decide(item, cat.rules.get(item.doc_id, []), -1, -1, len(item.raw))
            continue
        doc_id = f.stem
        if doc_id in seen:
            yield _duplicate(doc_id, str(f))
            continue
        rules = cat.rules.get(f.name) or cat.rules.get(f.stem) or []
        meta = dict(cat.documents.get(f.name, cat.documents.get(f.stem, {})))
        try:
            st = f.stat()
        except OSError as exc:
            yield Problem(str(f), None, f"cannot read file: {exc.strerror}", "check that it exists and is readable")
            continue
        k = known.get(doc_id)
        if (not rescore and k is not None and k.stat_matches(str(f), st.st_size, st.st_mtime_ns)
                and k.fingerprint == fingerprint(meta, rules)):
            seen.add(doc_id)
            seq += 1
            yield Reuse(doc_id, st.st_size, seq)
            continue
        try:
            text, enc = read_text_file(f, max_bytes)
        except InputError as exc:
            yield exc.as_problem()
            continue
        if enc != "utf-8":
            meta["encoding"] = enc
        seen.add(doc_id)
        seq += 1
        yield decide(document_from_text(text, doc_id, str(f), meta), rules, st.st_size, st.st_mtime_ns,
                     st.st_size)


def _duplicate(doc_id: str, path: str) -> Problem:
    return Problem(path, None, f"duplicate document id {doc_id!r}; second copy skipped",
                   "give records unique 'id' fields or rename the file")


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
    from framing.detect.document import analyze_document
    from framing.text.parse import parse_document
    from framing.analyze.scoring import segment_signals
    from framing.store.serialize import analysis_to_json

    doc = Document(todo.doc_id, todo.path, todo.sha256, todo.raw, frozen_map(todo.meta))
    parsed = parse_document(doc, [_rule_from_tuple(r) for r in todo.rules])
    a = analyze_document(parsed, lexicon, matcher)
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


# ------------------------------------------------------------------ reading back

def _row_from_stored(d: dict, cats: Sequence[str]) -> dict:
    """Return a stored score row as a :func:`framing.analyze.scoring.segment_signals` row (same keys, same order)."""
    from framing.analyze.scoring import COUNT_COLUMNS
    row = {"doc_id": d["doc_id"], "seg_id": d["seg_id"], "stance": d["stance"], "outlet": d["outlet"],
           "kind": d["kind"], **{c: d[c] for c in COUNT_COLUMNS}, **{f"n_{c}": 0 for c in cats},
           "sentiment_min": d["sentiment_min"], "sentiment_max": d["sentiment_max"],
           "sentiment_min_sentence": d["sentiment_min_sentence"],
           "sentiment_max_sentence": d["sentiment_max_sentence"],
           "_evidence": defaultdict(float, d["evidence"])}
    for k, v in d["counts"].items():
        row[f"n_{k}"] = v
    return row


def frame_from_rows(rows: Iterable[dict], categories: Iterable[str], by: str = "segment",
                    lexicon_version: str = "") -> pd.DataFrame:
    """Return the signals DataFrame of :func:`framing.analyze.scoring.score_frame` from stored segment rows.

    ``rows`` are :func:`framing.analyze.scoring.segment_signals` rows (or stored rows
    converted by :func:`_row_from_stored`); the aggregation is scoring's own.
    """
    from framing.analyze.scoring import frame_from_rows as _frame
    return _frame(rows, categories, by, lexicon_version)


MATCH_EXPORT_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind", "start", "end",
                        "raw_start", "raw_end", "text", "entry_id", "category", "technique", "weight",
                        "loaded", "voice", "speaker", "scare_quote"]


def iter_frames(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None,
                entries: pd.DataFrame | None = None, rows_per_frame: int = 20_000) -> Iterator[pd.DataFrame]:
    """Yield the run's results as DataFrames of about ``rows_per_frame`` rows, in output order.

    ``level`` is ``segment``, ``document``, ``stance``, ``outlet`` (signals,
    as :func:`frame_from_rows`) or ``match`` (one row per match, with the
    entry's rationale and neutral alternative when ``entries`` is given).
    Segment and document frames are cut at document boundaries, so
    concatenating them gives the same table as one big frame; stance and
    outlet tables are small and come as one frame.  Memory stays bounded
    for any corpus size.
    """
    cats = store.lexicon_categories(lexicon_version)
    if level == "match":
        rationale = neutral = None
        if entries is not None and not entries.empty:
            e = entries.set_index("id")
            rationale, neutral = e["rationale"], e["neutral_alternative"]
        for rows in store.iter_match_rows(lexicon_version, run_id, rows_per_frame):
            df = pd.DataFrame(rows, columns=MATCH_EXPORT_COLUMNS)
            df["loaded"] = df["loaded"].astype(bool)
            df["scare_quote"] = df["scare_quote"].astype(bool)
            df["lexicon_version"] = lexicon_version
            if rationale is not None:
                df["rationale"] = df["entry_id"].map(rationale)
                df["neutral_alternative"] = df["entry_id"].map(neutral)
            yield df
        return
    if level in ("stance", "outlet"):
        # Input order, as score_frame sees documents: ties between evidence
        # phrases of equal weight then list in the same order.
        rows = (_row_from_stored(d, cats) for d in store.iter_score_rows(lexicon_version, run_id, "input"
                                                                          if run_id is not None else "id"))
        yield frame_from_rows(rows, cats, level, lexicon_version)
        return
    # Segment and document tables are sorted by document id: read in id order
    # and cut frames between documents, so memory stays bounded.
    rows = (_row_from_stored(d, cats) for d in store.iter_score_rows(lexicon_version, run_id, "id"))
    buf: list[dict] = []
    last = None
    for r in rows:
        if len(buf) >= rows_per_frame and r["doc_id"] != last:
            yield frame_from_rows(buf, cats, level, lexicon_version)
            buf = []
        buf.append(r)
        last = r["doc_id"]
    if buf or last is None:
        yield frame_from_rows(buf, cats, level, lexicon_version)


def results_frame(store: Store, lexicon_version: str, level: str = "segment", run_id: int | None = None,
                  entries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the whole result table of :func:`iter_frames` as one DataFrame (small corpora, screens)."""
    frames = list(iter_frames(store, lexicon_version, level, run_id, entries))
    frames = [f for f in frames if not f.empty] or frames[:1]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def export_results(store: Store, lexicon_version: str, fmt: str, out: str | Path, level: str = "segment",
                   run_id: int | None = None, entries: pd.DataFrame | None = None) -> int:
    """Write the run's results to ``out`` as csv, jsonl, json or parquet, frame by frame; return the row count.

    Written to ``OUT.partial`` and renamed at the end, so a crash never leaves
    a half-written export under the real name.  CSV cells that a spreadsheet
    would run as formulas are neutralized (:func:`framing.core.export.render_frame`).
    """
    from framing.core.export import render_frame, write_frame
    out = Path(out)
    if fmt == "json":  # one JSON array: build it whole (use jsonl for big corpora)
        df = results_frame(store, lexicon_version, level, run_id, entries)
        write_frame(df, fmt, out)
        return len(df)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    n = 0
    columns: list[str] | None = None
    writer = None
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for df in iter_frames(store, lexicon_version, level, run_id, entries):
                if columns is None:
                    columns = list(df.columns)
                df = df.reindex(columns=columns)
                n += len(df)
                if fmt == "parquet":
                    writer = _parquet_append(writer, tmp, df)
                    continue
                text = render_frame(df, fmt)
                if fmt == "csv" and n > len(df):
                    text = text.split("\n", 1)[1] if "\n" in text else ""  # header only once
                if df.empty and fmt != "csv":
                    continue
                fh.write(text)
        if writer is not None:
            writer.close()
            writer = None
        os.replace(tmp, out)
    finally:
        if writer is not None:
            writer.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return n


def _parquet_append(writer: Any, path: Path, df: pd.DataFrame) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq
    if writer is None:
        table = pa.Table.from_pandas(df, preserve_index=False)
        # Columns that are all None in the first frame have no type yet: text,
        # except the numeric sentiment extremes.
        fields = []
        for f in table.schema:
            if pa.types.is_null(f.type):
                numeric = f.name.startswith("sentiment_") and not f.name.endswith("_sentence")
                f = pa.field(f.name, pa.float64() if numeric else pa.string())
            fields.append(f)
        schema = pa.schema(fields)
        writer = pq.ParquetWriter(str(path), schema)
        writer._framing_schema = schema  # type: ignore[attr-defined]
    schema = writer._framing_schema  # type: ignore[attr-defined]
    writer.write_table(pa.Table.from_pandas(df, schema=schema, preserve_index=False, safe=False))
    return writer


# ------------------------------------------------------------------ the API side

def load_store_analysis(store_path: str | Path | None = None, lexicons: str | Path | None = None,
                        lexicon_version: str | None = None, doc_ids: Iterable[str] | None = None,
                        run_id: int | None = None) -> tuple[Any, list]:
    """Return ``(lexicon, analyses)`` read from a store, without rescoring anything.

    The lexicon version is ``lexicon_version`` if given, else that of the
    ``lexicons`` folder (default: the bundled one) when the store has results
    for it, else the version of the store's latest run.  When the folder's
    lexicon is another version, the lexicon is rebuilt from the files the
    store recorded.  Raises :class:`StoreError` when the store has no results.
    """
    from framing.detect.lexicon import load_lexicon
    from framing.store.serialize import analysis_from_json

    store = open_store(store_path, create=False)
    try:
        current = None
        with contextlib.suppress(FramingError):
            current = load_lexicon(lexicons)
        versions = store.lexicon_versions()
        version = lexicon_version
        if version is None:
            if current is not None and current.version in versions:
                version = current.version
            else:
                runs = [r for r in store.runs() if r.lexicon_version in versions]
                if not runs:
                    raise StoreError(f"store {store.path} holds no results",
                                     fix="run 'framing score PATHS --store FILE' first")
                version = runs[-1].lexicon_version
        if current is not None and current.version == version:
            lexicon = current
        else:
            files = store.lexicon_files(version)
            if not files:
                raise StoreError(f"store {store.path} has no lexicon files for version {version}",
                                 fix="pass the lexicon folder of that version with lexicons=")
            with tempfile.TemporaryDirectory(prefix="framing-lexicon-") as tmp:
                write_lexicon_files(files, tmp)
                lexicon = load_lexicon(tmp)
            if lexicon.version != version:
                raise StoreError(f"store {store.path}: the recorded lexicon files load as version "
                                 f"{lexicon.version}, not {version}",
                                 fix="pass the lexicon folder of that version with lexicons=")
        ids = list(doc_ids) if doc_ids is not None else store.doc_ids(version, run_id)
        analyses = []
        for doc_id in ids:
            got = store.analysis_json(doc_id, version)
            if got is None:
                raise StoreError(f"store {store.path} has no results for document {doc_id!r} "
                                 f"with lexicon {version}", fix="run 'framing score' on it first")
            data, text, raw, _meta = got
            matches = [Match(*row[:15], bool(row[15]), row[16], row[17], bool(row[18]))
                       for row in store.match_rows(doc_id, version)]
            analyses.append(analysis_from_json(data, text=text, raw=raw, matches=matches))
        return lexicon, analyses
    finally:
        store.close()


__all__ = ["RunOptions", "RunSummary", "run_batch", "score_document", "score_chunk", "dask_score_chunk",
           "init_worker", "fingerprint", "plan_inputs", "iter_inputs", "frame_from_rows", "iter_frames",
           "results_frame", "export_results", "load_store_analysis", "BATCH_SIZE", "CHUNK_SIZE"]
