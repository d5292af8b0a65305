"""What a batch run reads: the input plan (files, records, catalog) and the documents still to score.

The corpus is walked once, by :func:`plan_inputs`; :func:`iter_inputs`
compares each file with the store and yields the documents to score and
the ones whose stored results can be reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence


from framing.core import config
from framing.core.fingerprint import RESULT_VERSION
from framing.text.corpus import (CATALOG_NAME, RECORD_SUFFIXES, Catalog, document_from_text, iter_records,
                     read_catalog, read_text_file, scan_paths)
from framing.core.errors import InputError, Problem
from framing.core.types import SegmentRule
from framing.store.records import KnownDocument, stat_key
from framing.core.types import Document, frozen_map



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
    #: The stat of each file found by walking a folder (taken once, while walking).
    stats: dict[Path, os.stat_result] = field(default_factory=dict)


def plan_inputs(paths: Iterable[str | Path] | None, catalog: str | Path | None = None) -> InputPlan:
    """Return the files under ``paths`` (default: the bundled seeds), the merged catalog and totals.

    Mirrors :func:`framing.text.corpus.load_corpus`: a catalog given
    explicitly, else every ``catalog.csv`` in the named folders and beside
    the files.  ``total_docs`` is None when ``.jsonl`` files make it unknown
    in advance; ``total_bytes`` is the sum of file sizes.
    """
    roots = [Path(p) for p in (paths or [config.seeds_dir()])]
    files, problems, stats = scan_paths(roots)
    if catalog:
        cat_paths = [Path(catalog)]
        if not Path(catalog).is_file():
            problems.append(Problem(str(catalog), None, "catalog file not found", "check the --catalog path"))
            cat_paths = []
    else:
        folders = {p if p.is_dir() else p.parent for p in roots if not any(c in str(p) for c in "*?[")}
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
        st = stats.get(f)
        if st is None:  # named on the command line or by a glob
            with contextlib.suppress(OSError):
                stats[f] = st = f.stat()
        if st is not None:
            total_bytes += st.st_size
    has_records = any(f.suffix.lower() in RECORD_SUFFIXES for f in files)
    return InputPlan(files, problems, merged, None if has_records else len(files), total_bytes, stats)


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
    # Catalog rows repeat (same outlet, stance, genre): hashing each one again
    # was a tenth of what a run reusing 10,000 files costs.  Bounded, for
    # catalogs whose every row differs (titles, dates).
    fps: dict[tuple, str] = {}

    def fingerprint_of(meta: Mapping[str, str], rules: list) -> str:
        if rules:
            return fingerprint(meta, rules)
        key = tuple(sorted(meta.items()))
        fp = fps.get(key)
        if fp is None:
            fp = fingerprint(meta, rules)
            if len(fps) < 4096:
                fps[key] = fp
        return fp

    def decide(doc: Document, rules: list, size: int, mtime_ns: int, nbytes: int) -> Todo | Reuse:
        fp = fingerprint_of(doc.meta, rules)
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
            # Taken while planning (one stat per file per run): a file changed since is still
            # caught, by its new stat on the next run or by its content hash when it is read.
            st = plan.stats.get(f) or f.stat()
        except OSError as exc:
            yield Problem(str(f), None, f"cannot read file: {exc.strerror}", "check that it exists and is readable")
            continue
        k = known.get(doc_id)
        if (not rescore and k is not None and k.stat_matches(str(f), st.st_size, st.st_mtime_ns)
                and k.fingerprint == fingerprint_of(meta, rules)):
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


