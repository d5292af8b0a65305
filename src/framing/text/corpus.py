"""Read files and the catalog into Documents.

Supported inputs: ``.txt``, ``.md``, ``.html``/``.htm`` (main text extracted;
scripts and styles never kept) and ``.jsonl`` records (one article per line:
a ``text`` field plus metadata).  Folders are walked, globs expanded.  Text is
UTF-8, or UTF-16/UTF-32 with a byte-order mark, else Windows-1252.  Bad inputs
(empty or blank, binary, too big, a pipe or device, a symbolic link loop)
become :class:`~framing.core.errors.Problem` records that name the file, the
line and the fix; the other files are still read.
"""

from __future__ import annotations

import csv
import errno
import glob
import hashlib
import io
import json
import os
import re
import stat
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
    first_at: dict[tuple[str, str], int] = {}
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
        key = (name, part.lstrip("0") or part)  # "02" and "2" are the same part
        if key in first_at:
            what = f"{name!r} part {part}" if part else repr(name)
            cat.problems.append(Problem(str(path), line, f"duplicate catalog row for {what} (first at line "
                                        f"{first_at[key]}); this row is ignored",
                                        "keep one row per file (and per part); delete or merge the other"))
            continue
        first_at[key] = line
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

#: Byte-order marks that name the encoding; UTF-32 first (its LE mark starts with UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    """Return ``"utf-16"`` or ``"utf-32"`` when ``data`` starts with that byte-order mark, else None."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` of a CSV file a researcher saved: UTF-8 (a BOM or none), or UTF-16/32 by BOM.

    Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark; the
    mark names the encoding, so such a file is read as surely as UTF-8.  A
    file in no such encoding raises ``UnicodeDecodeError`` (whose ``encoding``
    says which decoding failed): the caller reports it, naming the file.
    """
    enc = _bom_encoding(data)
    if enc:
        return data.decode(enc), enc  # the utf-16/utf-32 codecs read the mark and drop it
    return data.decode("utf-8-sig"), "utf-8"  # Excel adds a BOM when saving as UTF-8


def _decode(data: bytes, path: PurePath) -> tuple[str, str]:
    """Return ``(text, encoding)``; UTF-32/UTF-16 by BOM, then UTF-8, then windows-1252."""
    enc = _bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
#: Whitespace (``\\s`` covers no-break and other Unicode spaces) and characters that draw nothing:
#: soft hyphen, zero-width spaces and joiners, direction marks, word joiners, fillers, BOM.
_BLANK = re.compile("[\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]*")


def is_blank(text: str) -> bool:
    """Return True when ``text`` shows nothing: only whitespace, no-break spaces or zero-width characters."""
    return _BLANK.fullmatch(text) is not None


def _looks_binary(data: bytes) -> bool:
    """Return True when ``data`` is not text: NUL bytes or over 5% control bytes (after BOM decoding)."""
    enc = _bom_encoding(data)
    if enc:
        # UTF-16/32 text is full of NUL bytes: judge the decoded characters instead.
        unit = 4 if enc == "utf-32" else 2
        head = data[:8192 - 8192 % unit]
        try:
            chars = head.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the 8 kB boundary
                return True
            chars = head[:exc.start].decode(enc, errors="replace")
        return len(_CONTROL_CHARS.findall(chars)) > len(chars) * 0.05
    head = data[:8192]
    if b"\x00" in head:
        return True
    # bytes.translate deletes in C: what is left are the control bytes
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > len(head) * 0.05


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
_LOOP_REASON = "symbolic link loop: the link never reaches a file"
_LOOP_FIX = "point the link at the real file, or remove it"


def _regular_file(path: Path) -> os.stat_result:
    """Return the stat of ``path`` when it is a readable regular file, or raise :class:`InputError`.

    Pipes and devices are refused before they are opened: reading a FIFO
    blocks for ever and ``/dev/zero`` never ends.
    """
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(_LOOP_REASON, path, fix=_LOOP_FIX) from None
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise InputError("cannot read file: a broken symbolic link (its target does not exist)", path,
                             fix="point the link at the real file, or remove it") from None
        raise InputError(f"cannot read file: {exc.strerror or exc}", path,
                         fix="check that it exists and is readable") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a file", path, fix="pass the folder itself or a glob")
    for test, kind in _NOT_REGULAR:
        if test(st.st_mode):
            raise InputError(f"is {kind}, not a regular file", path,
                             fix="save the text to a file (e.g. article.txt) and pass that file")
    return st


def read_text_file(path: Path, max_bytes: int | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` of a document file, or raise :class:`InputError`.

    HTML is reduced to its main text; the returned text is what offsets refer to.
    """
    limit = config.max_bytes() if max_bytes is None else max_bytes
    too_big = "split it, stream it as .jsonl records, or raise FRAMING_MAX_BYTES"
    size = _regular_file(path).st_size
    if size > limit:
        raise InputError(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit", path, fix=too_big)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # bounded: a file may grow after stat
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path,
                         fix="check that it exists and is readable") from None
    if len(data) > limit:
        raise InputError(f"file is over the {limit / 1e6:.1f} MB limit", path, fix=too_big)
    if not data.strip():
        raise InputError("file is empty", path, fix="add text or remove the file")
    if _looks_binary(data):
        raise InputError("file is binary, not text", path,
                         fix="convert it to .txt, .md or .html, or remove it from the input")
    text, enc = _decode(data, path)
    if is_blank(text):
        raise InputError("file is empty: only spaces, no-break spaces or zero-width characters", path,
                         fix="add text or remove the file")
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        from framing.text.html_text import html_to_text
        text = html_to_text(text)
        if is_blank(text):
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
        _regular_file(path)
    except InputError as exc:
        yield exc.as_problem()
        return
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), None, f"cannot read file: {exc.strerror}", "check the path")
        return
    with fh:
        enc = _bom_encoding(fh.read(4))
        if enc:  # lines of UTF-16/32 cannot be split on b"\n"; JSON Lines is UTF-8 by definition
            yield Problem(str(path), None, f"records file is {enc.upper()}, not UTF-8",
                          "save it as UTF-8 (JSON Lines files are always UTF-8)")
            return
        fh.seek(0)
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
            if not isinstance(text, str) or is_blank(text):
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
    files, problems, _ = scan_paths(paths)
    return files, problems


def scan_paths(paths: str | Path | Iterable[str | Path]
               ) -> tuple[list[Path], list[Problem], dict[Path, os.stat_result]]:
    """Return :func:`expand_paths`'s files and problems, and the stat of each file found in a folder.

    Folders are walked with ``os.scandir`` (as ``Path.rglob("*")`` walks
    them: hidden folders too, linked folders not), so a regular file costs
    one ``stat``, kept in the returned dict for the caller (the store checks
    size and mtime) instead of being taken again.  A pipe, device, socket,
    broken link or link loop with a document's name (``*.txt``...) is reported
    as a problem naming the file and what it is, as when named on the command
    line; other names are not documents and are passed over.  The same file
    reached twice (a folder and a glob, or a link) is listed once: files are
    compared by their real path, that of a folder's plain file being its
    folder's real path plus its name (resolving it again would cost a system
    call per path component).
    """
    found: list[tuple[Path, Path | None]] = []  # (file, real path if known)
    problems: list[Problem] = []
    stats: dict[Path, os.stat_result] = {}
    if isinstance(paths, (str, Path)):
        paths = [paths]  # one path, not an iterable of its characters
    for p in paths:
        p = Path(p)
        if any(ch in str(p) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True))
            if not matches:
                problems.append(Problem(str(p), None, "glob matched no files", "check the pattern"))
            found.extend((m, None) for m in matches if m.is_file() and _wanted(m))
        elif p.is_dir():
            walked: list[tuple[Path, Path | None]] = []
            _walk(p, _real_dir(p), walked, problems, stats)
            walked.sort(key=lambda fr: fr[0])
            found.extend(walked)
        elif p.exists() or p.is_symlink():
            found.append((p, None))
        else:
            problems.append(Problem(str(p), None, "no such file or folder", "check the path"))
    seen: set[Path | str] = set()
    unique = []
    for f, real in found:
        if real is None:
            try:
                real = f.resolve()
            except (RuntimeError, OSError):  # RuntimeError up to Python 3.12, OSError (ELOOP) after
                if str(f) not in seen:  # a loop named twice (a glob and its name) is reported once
                    seen.add(str(f))
                    problems.append(Problem(str(f), None, _LOOP_REASON, _LOOP_FIX))
                continue
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems, stats


def _real_dir(folder: Path) -> Path | None:
    """Return the real path of ``folder``, or None when it cannot be resolved (its files are resolved one by one)."""
    try:
        return folder.resolve()
    except (RuntimeError, OSError):
        return None


def _walk(folder: Path, real: Path | None, out: list[tuple[Path, Path | None]], problems: list[Problem],
          stats: dict[Path, os.stat_result]) -> None:
    """Append ``(file, real path or None)`` for the document files under ``folder``, recursively."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(str(folder), None, f"cannot read folder: {exc.strerror or exc}",
                                "check that it exists and is readable"))
        return
    for e in entries:
        path = folder / e.name
        try:
            if e.is_dir(follow_symlinks=False):
                _walk(path, real / e.name if real is not None else None, out, problems, stats)
                continue
            if not _wanted(path):
                continue
            link = e.is_symlink()
            if e.is_file():  # follows a link; no system call for a plain file (the entry's type)
                stats[path] = e.stat()
                out.append((path, real / e.name if real is not None and not link else None))
                continue
        except OSError:
            pass  # a link that cannot be followed: _regular_file says why below
        # Not a regular file (a pipe, device, socket, a broken link or a loop): say what it is.
        try:
            _regular_file(path)
        except InputError as exc:
            problems.append(exc.as_problem())


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
           "decode_csv_bytes", "document_from_text", "expand_paths", "scan_paths", "is_blank", "UNKNOWN"]
