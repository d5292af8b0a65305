"""The worker side of a batch run: per-process lexicon state and scoring one document into store rows.

Every engine (this process, a process pool, dask workers) runs
:func:`score_chunk` on chunks of :class:`~framing.store.inputs.Todo`, so the
rows are identical whichever engine computed them.  The lexicon folder is
also copied byte-exact into the store and shipped to dask workers
(:func:`read_lexicon_files`, :func:`write_lexicon_files`).
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
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Sequence

from framing.core.errors import FramingError, Problem, StoreError
from framing.core.fingerprint import RESULT_VERSION
from framing.core.types import Document, frozen_map
from framing.store.inputs import Todo, _rule_from_tuple
from framing.store.records import DocResult
from framing.store.schema import SCORE_COUNT_COLUMNS as _SCORE_COUNTS


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
    die_with_parent()
    from framing.detect.lexicon import load_lexicon
    lex = load_lexicon(lexicon_dir)
    if lex.version != expected_version:
        raise StoreError(f"lexicon in {lexicon_dir} changed during the run ({expected_version} -> {lex.version})",
                         fix="rerun 'framing score' once the lexicon files are saved")
    _set_state(lex)


#: Seconds between a worker's checks that its parent is still alive.
PARENT_CHECK_S = 1.0


def die_with_parent() -> None:
    """Make this worker process end when the process that started it dies (even by ``kill -9``).

    An orphaned worker would otherwise wait forever on its task queue.  On
    Linux the kernel sends SIGKILL at once (``prctl(PR_SET_PDEATHSIG)``);
    everywhere, a daemon thread checks ``os.getppid()`` every second (a dead
    parent's children are re-parented, so the id changes).
    """
    parent = os.getppid()  # the pool's process (or the forkserver, which ends with it)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc (static builds): the thread below still works
            import ctypes
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="framing-parent-watch", daemon=True).start()


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


__all__ = ["init_worker", "die_with_parent", "read_lexicon_files", "write_lexicon_files", "score_document", "score_chunk",
           "dask_score_chunk", "MAX_LEXICON_BYTES", "RESULT_VERSION"]
