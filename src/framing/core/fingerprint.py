"""One content fingerprint for "would these results come out the same?", used by the store and the dashboard.

A result depends on three things, and each has a digest here:

* the lexicon folder: every CSV in it and in its sub-folders (names and
  bytes), :func:`lexicon_digest`; ``Lexicon.version`` is this digest;
* the code that produces results: the source of the stages up to scoring
  (``core``, ``text``, ``detect``, scoring, the orchestrator, the batch
  runner and the stored-JSON format), :func:`code_digest`;
* the libraries whose output enters results (nltk's stemmer, VADER's word
  list, ftfy's repairs, BeautifulSoup's HTML parsing), :func:`library_versions`.

:data:`RESULT_VERSION` joins the last two; the store keys every document by
it plus the lexicon version, and the dashboard's cache keys use
:func:`result_key`, so an edit to any lexicon file, a code change or a
library upgrade makes both recompute instead of showing stale results.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from framing import __version__

_PKG = Path(__file__).resolve().parent.parent

#: Source trees (folders, recursively) and files, relative to the package, whose code decides stored results.
RESULT_SOURCES = ("core", "text", "detect", "analyze/scoring.py", "orchestrator.py", "store/batch.py",
                  "store/inputs.py", "store/serialize.py")

#: Distributions whose behaviour enters results (their versions are part of :data:`RESULT_VERSION`).
RESULT_LIBRARIES = ("nltk", "vaderSentiment", "ftfy", "beautifulsoup4")


def lexicon_files(directory: str | Path) -> list[Path]:
    """Return the lexicon folder's CSV files that results depend on: top level first, then sub-folders."""
    d = Path(directory)
    top = sorted(p for p in d.glob("*.csv") if p.is_file())
    nested = sorted(p for p in d.glob("*/**/*.csv") if p.is_file())
    return top + nested


def lexicon_digest(directory: str | Path, blobs: dict[Path, bytes] | None = None) -> str:
    """Return the 12-hex-digit sha256 over the lexicon folder's CSV files (relative names and bytes).

    ``blobs`` may hold bytes already read, so a loader reads each file once.
    """
    d = Path(directory)
    h = hashlib.sha256()
    for p in lexicon_files(d):
        h.update(p.relative_to(d).as_posix().encode("utf-8") + b"\0")
        h.update(blobs[p] if blobs and p in blobs else p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


def _source_files() -> list[Path]:
    out: list[Path] = []
    for rel in RESULT_SOURCES:
        p = _PKG / rel
        out.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return out


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a 12-hex-digit hash of framing's version and the source of :data:`RESULT_SOURCES`."""
    h = hashlib.sha256(__version__.encode())
    for p in _source_files():
        h.update(p.relative_to(_PKG).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):  # a compiled-only install: the version alone
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Return ``{distribution: installed version}`` for :data:`RESULT_LIBRARIES` (``"missing"`` if absent)."""
    out = {}
    for name in RESULT_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def _library_digest() -> str:
    blob = ";".join(f"{k}={v}" for k, v in sorted(library_versions().items()))
    return hashlib.sha256(blob.encode()).hexdigest()[:8]


#: Part of every stored document's key: results from other code or other library versions are not reused.
RESULT_VERSION = f"framing-{__version__}/{code_digest()}/{_library_digest()}"


def result_key(lexicon_version: str) -> str:
    """Return the key of results made with ``lexicon_version`` by this code and these libraries."""
    return f"{RESULT_VERSION}/{lexicon_version}"
