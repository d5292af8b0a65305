"""Paths and defaults, overridable by CLI flags and ``FRAMING_*`` environment variables.

The bundled seeds and lexicons have one source of truth: the top-level
``seeds/`` and ``lexicons/`` folders of a checkout.  The wheel carries copies of
them under ``framing/_data/`` (see ``pyproject.toml``); we prefer the checkout
when it exists so an editable install sees a researcher's edits immediately.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent  # the framing package (this file is framing/core/config.py)
_CHECKOUT = _PKG.parent.parent

#: Largest document file we read, in bytes (override with FRAMING_MAX_BYTES).
#: 20 MB is ~200x the longest seed and far above any single news article; larger
#: files are almost always dumps or binaries that belong in a .jsonl stream.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _bundled(name: str) -> Path:
    checkout = _CHECKOUT / name
    if checkout.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return checkout
    return _PKG / "_data" / name


def seeds_dir() -> Path:
    """Return the folder of the bundled seed corpus (``FRAMING_SEEDS`` overrides)."""
    env = os.environ.get("FRAMING_SEEDS")
    return Path(env) if env else _bundled("seeds")


def lexicons_dir() -> Path:
    """Return the folder of the lexicons in use (``FRAMING_LEXICONS`` overrides)."""
    env = os.environ.get("FRAMING_LEXICONS")
    return Path(env) if env else _bundled("lexicons")


def store_path() -> Path:
    """Return the default SQLite store path (``FRAMING_STORE`` overrides).

    Defaults to ``framing-store.sqlite`` in the current directory, next to the
    data a team is scoring.
    """
    env = os.environ.get("FRAMING_STORE")
    return Path(env) if env else Path.cwd() / "framing-store.sqlite"


def max_bytes() -> int:
    """Return the per-file size limit in bytes (``FRAMING_MAX_BYTES`` overrides)."""
    env = os.environ.get("FRAMING_MAX_BYTES")
    return int(env) if env else DEFAULT_MAX_BYTES


#: What lists spans when nothing else says (``FRAMING_DETECTOR`` overrides).
DETECTORS = ("lexicon", "model", "both")


def detector() -> str:
    """Return the span detector in use: ``FRAMING_DETECTOR`` when it is lexicon, model or both, else ``both``."""
    env = os.environ.get("FRAMING_DETECTOR", "").strip().lower()
    return env if env in DETECTORS else "both"


def span_model_path() -> Path | None:
    """Return the span model file named by ``FRAMING_MODEL``, or None for the bundled model."""
    env = os.environ.get("FRAMING_MODEL")
    return Path(env) if env else None

