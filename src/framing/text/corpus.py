"""Read files and the catalog into Documents.

Supported inputs: ``.txt``, ``.md``, ``.html``/``.htm`` (main text extracted;
scripts and styles never kept) and ``.jsonl`` records (one article per line:
a ``text`` field plus metadata).  Folders are walked, globs expanded.  Bad
inputs become :class:`~framing.core.errors.Problem` records that name the file,
the line and the fix; the other files are still read.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Iterable, Iterator

from framing.core import config
from framing.core.errors import CatalogError, InputError, Problem
from framing.core.types import SegmentRule
from framing.core.types import META_FIELDS, UNKNOWN, Document, SEGMENT_KINDS, frozen_map

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text"}
RECORD_SUFFIXES = {".jsonl", ".ndjson"}
CATALOG_NAME = "catalog.csv"
#: Columns a catalog must have; all others in META_FIELDS are optional.
CATALOG_REQUIRED = ("file",)
CATALOG_COLUMNS = ("file", "part", "split", "kind", "speaker") + META_FIELDS


@dataclass
class Catalog:
    """Catalog rows: document metadata by file name, and segment rules by file name."""

    documents: dict[str, dict[str, str]] = field(default_factory=dict)
    rules: dict[str, list[SegmentRule]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    path: str = ""


@dataclass
class Corpus:
    """Documents read from disk, the segment rules that apply to them, and what was skipped."""

    documents: list[Document]
    rules: dict[str, list[SegmentRule]]
    problems: list[Problem]

    def rules_for(self, doc: Document) -> list[SegmentRule]:
        """Return the catalog segment rules for ``doc`` (empty when it has none)."""
        return self.rules.get(doc.doc_id, [])


# ------------------------------------------------------------------ catalog

def read_catalog(path: Path) -> Catalog:
    """Return the catalog at ``path``; malformed rows become problems naming their line.

    One row per document (``part`` empty) and optionally one per segment
    (``part`` = number of the chunk between separator lines, ``split`` =
    ``whole`` or ``lines``, ``kind`` = a segment kind).
    """
    cat = Catalog(path=str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        cat.problems.append(Problem(str(path), None, f"cannot read catalog: {exc.strerror}",
                                    "check the path and permissions"))
        return cat
    text = _decode(raw, path)[0]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CATALOG_REQUIRED if c not in header]
    if missing:
        cat.problems.append(CatalogError(
            f"catalog has no {', '.join(missing)} column (found: {', '.join(header) or 'nothing'})",
            path, 1, f"make the first line a header starting with: {','.join(CATALOG_COLUMNS[:8])}"
        ).as_problem())
        return cat
    for row in reader:
        line = reader.line_num
        if None in row:
            cat.problems.append(Problem(str(path), line, "row has more fields than the header",
                                        "quote fields that contain commas"))
            continue
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        name = row.get("file", "")
        if not name:
            cat.problems.append(Problem(str(path), line, "row has an empty 'file' field",
                                        "give the document's file name"))
            continue
        meta = {k: row[k] for k in META_FIELDS if row.get(k)}
        part = row.get("part", "")
        if not part:
            if row.get("speaker"):
                # A whole republished text by a named author: every body
                # segment is that author's (the voice rules read it).
                meta["speaker"] = row["speaker"]
            cat.documents[name] = meta
            continue
        try:
            part_no = int(part)
            if part_no < 1:
                raise ValueError
        except ValueError:
            cat.problems.append(Problem(str(path), line, f"part {part!r} is not a positive whole number",
                                        "number parts from 1, counting chunks between separator lines"))
            continue
        split = row.get("split") or "whole"
        kind = row.get("kind", "")
        if split not in ("whole", "lines"):
            cat.problems.append(Problem(str(path), line, f"split {split!r} is not 'whole' or 'lines'",
                                        "use 'lines' for one segment per line (forum replies)"))
            continue
        if kind and kind not in SEGMENT_KINDS:
            cat.problems.append(Problem(str(path), line, f"unknown segment kind {kind!r}",
                                        f"use one of: {', '.join(SEGMENT_KINDS)}"))
            continue
        cat.rules.setdefault(name, []).append(SegmentRule(
            part_no, split, kind, meta.get("stance", ""), meta.get("outlet", ""),
            row.get("speaker", ""), frozen_map(meta)))
    return cat


# ------------------------------------------------------------------ reading

def _decode(data: bytes, path: PurePath) -> tuple[str, str]:
    """Return ``(text, encoding)``; UTF-8 first, then UTF-16 by BOM, then windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # bytes.translate deletes in C: what is left are the control bytes
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > len(head) * 0.05


def read_text_file(path: Path, max_bytes: int | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` of a document file, or raise :class:`InputError`.

    HTML is reduced to its main text; the returned text is what offsets refer to.
    """
    limit = config.max_bytes() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit", path,
                             fix="split it, stream it as .jsonl records, or raise FRAMING_MAX_BYTES")
        data = path.read_bytes()
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path, fix="pass the folder itself or a glob")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path,
                         fix="check that it exists and is readable") from None
    if not data.strip():
        raise InputError("file is empty", path, fix="add text or remove the file")
    if _looks_binary(data):
        raise InputError("file is binary, not text", path,
                         fix="convert it to .txt, .md or .html, or remove it from the input")
    text, enc = _decode(data, path)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        from framing.text.html_text import html_to_text
        text = html_to_text(text)
        if not text.strip():
            raise InputError("HTML page has no readable text", path,
                             fix="save the article page itself, not a script-only page")
    return text, enc


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_from_text(text: str, doc_id: str, path: str = "", meta: dict | None = None) -> Document:
    """Return a Document for in-memory text (pasted or uploaded), hashing its content."""
    m = {k: v for k, v in (meta or {}).items() if v}
    return Document(doc_id, path, _sha(text), text, frozen_map(m))


def iter_records(path: Path) -> Iterator[Document | Problem]:
    """Yield a Document per line of a ``.jsonl`` file (streamed), or a Problem for a bad line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), None, f"cannot read file: {exc.strerror}", "check the path")
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8", errors="replace"))
            except json.JSONDecodeError as exc:
                yield Problem(str(path), lineno, f"not valid JSON ({exc.msg})",
                              "write one JSON object per line")
                continue
            if not isinstance(rec, dict):
                yield Problem(str(path), lineno, "line is not a JSON object", "write {\"text\": ...}")
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield Problem(str(path), lineno, "record has no non-empty 'text' field",
                              "add the article text as \"text\"")
                continue
            if len(text.encode("utf-8")) > config.max_bytes():
                yield Problem(str(path), lineno, "record text is over the size limit",
                              "split the article or raise FRAMING_MAX_BYTES")
                continue
            if "<" in text[:200] and "</" in text:
                from framing.text.html_text import html_to_text
                text = html_to_text(text)
            doc_id = str(rec.get("id") or rec.get("doc_id") or f"{path.stem}:{lineno}")
            meta = {k: str(rec[k]) for k in META_FIELDS + ("speaker",) if rec.get(k) not in (None, "")}
            yield document_from_text(text, doc_id, f"{path}:{lineno}", meta)


def expand_paths(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Return the document files named by ``paths`` (one path or several: files, folders, globs), sorted, and problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    if isinstance(paths, (str, Path)):
        paths = [paths]  # one path, not an iterable of its characters
    for p in paths:
        p = Path(p)
        if any(ch in str(p) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True))
            if not matches:
                problems.append(Problem(str(p), None, "glob matched no files", "check the pattern"))
            files.extend(m for m in matches if m.is_file() and _wanted(m))
        elif p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and _wanted(f)))
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            problems.append(Problem(str(p), None, "no such file or folder", "check the path"))
    seen = set()
    unique = []
    for f in files:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems


def _wanted(path: Path) -> bool:
    suf = path.suffix.lower()
    return (suf in TEXT_SUFFIXES or suf in RECORD_SUFFIXES) and path.name != CATALOG_NAME \
        and not path.name.startswith(".") and path.name.lower() not in ("readme.md",)


def _catalogs_for(paths: Iterable[Path], files: list[Path]) -> list[Path]:
    folders = {p if p.is_dir() else p.parent for p in paths if not any(c in str(p) for c in "*?[")}
    folders |= {f.parent for f in files}
    return sorted(d / CATALOG_NAME for d in folders if (d / CATALOG_NAME).is_file())


def _iter(paths, catalog, max_bytes, rules_out: dict[str, list[SegmentRule]]
          ) -> Iterator[Document | Problem]:
    """Yield Documents and Problems for ``paths``, filling ``rules_out`` with catalog segment rules."""
    if isinstance(paths, (str, Path)):
        paths = [paths]  # one path, not an iterable of its characters
    paths = [Path(p) for p in (paths or [config.seeds_dir()])]
    files, problems = expand_paths(paths)
    yield from problems
    cat_paths = [Path(catalog)] if catalog else _catalogs_for(paths, files)
    if catalog and not Path(catalog).is_file():
        yield Problem(str(catalog), None, "catalog file not found", "check the --catalog path")
        cat_paths = []
    merged = Catalog()
    for cp in cat_paths:
        c = read_catalog(cp)
        yield from c.problems
        merged.documents.update(c.documents)
        for k, v in c.rules.items():
            merged.rules.setdefault(k, []).extend(v)
    for f in files:
        if f.suffix.lower() in RECORD_SUFFIXES:
            for item in iter_records(f):
                if isinstance(item, Document):
                    extra = merged.documents.get(item.doc_id, {})
                    if extra:
                        item = Document(item.doc_id, item.path, item.sha256, item.raw,
                                        frozen_map({**extra, **item.meta}))
                yield item
            continue
        try:
            text, enc = read_text_file(f, max_bytes)
        except InputError as exc:
            yield exc.as_problem()
            continue
        meta = dict(merged.documents.get(f.name, merged.documents.get(f.stem, {})))
        if enc != "utf-8":
            meta["encoding"] = enc
        doc = document_from_text(text, f.stem, str(f), meta)
        rules = merged.rules.get(f.name) or merged.rules.get(f.stem)
        if rules:
            rules_out[doc.doc_id] = rules
        yield doc


def load_corpus(paths: str | Path | Iterable[str | Path] | None = None, catalog: str | Path | None = None,
                max_bytes: int | None = None) -> Corpus:
    """Return all documents under ``paths`` (default: bundled seeds) with catalog rules and problems."""
    rules: dict[str, list[SegmentRule]] = {}
    docs: list[Document] = []
    problems: list[Problem] = []
    for item in _iter(paths, catalog, max_bytes, rules):
        if isinstance(item, Document):
            docs.append(item)
        else:
            problems.append(item)
    ids: dict[str, int] = {}
    unique = []
    for d in docs:
        if d.doc_id in ids:
            problems.append(Problem(d.path, None, f"duplicate document id {d.doc_id!r}; second copy skipped",
                                    "give records unique 'id' fields or rename the file"))
            continue
        ids[d.doc_id] = 1
        unique.append(d)
    return Corpus(unique, rules, problems)


__all__ = ["Catalog", "Corpus", "load_corpus", "read_catalog", "read_text_file",
           "document_from_text", "expand_paths", "UNKNOWN"]
