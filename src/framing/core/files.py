"""Writing files atomically: a crash or an error never leaves a half-written file under the real name."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(out: str | Path) -> Iterator[Path]:
    """Yield the temporary path ``OUT.partial`` to write; when the block ends normally, rename it to ``out``.

    The rename (:func:`os.replace`) is atomic on one file system, so a reader
    sees the old file or the whole new one.  When the block raises, the
    partial file is deleted and ``out`` is left as it was.  The parent folder
    is created if needed.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_text_atomic(out: str | Path, text: str) -> Path:
    """Write ``text`` to ``out`` as UTF-8 through :func:`atomic_path`; return ``out`` as a Path."""
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(out)


__all__ = ["atomic_path", "write_text_atomic"]
