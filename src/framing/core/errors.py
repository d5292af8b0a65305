"""One exception family whose messages name the file, the line and the fix.

Every error a user can cause (bad file, bad catalog row, bad lexicon line)
is raised or reported as a :class:`FramingError` so the CLI and dashboard can
print one readable line instead of a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Characters that would let a file name (or any input text) forge or hide output: C0/C1 controls
#: (a newline starts a fake message line, ESC sends terminal codes), line separators and bidi overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str) -> str:
    """Return ``text`` with control characters, line separators and bidi overrides escaped (``\\n``, ``\\x1b``).

    Every message that shows a file name or input text goes through this, so
    one message is always one honest line on a terminal or in a log.
    """
    return _UNSAFE.sub(_escape_char, text) if _UNSAFE.search(text) else text


class FramingError(Exception):
    """An error caused by user input; ``str()`` gives ``file:line: reason (fix: ...)``."""

    def __init__(self, reason: str, path: str | Path | None = None,
                 line: int | None = None, fix: str | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = printable(self.path) + (f":{self.line}" if self.line else "") + ": "
        tail = f" (fix: {printable(self.fix)})" if self.fix else ""
        return f"{where}{printable(self.reason)}{tail}"

    def as_problem(self) -> "Problem":
        """Return this error as a :class:`Problem` record."""
        return Problem(self.path or "", self.line, self.reason, self.fix or "")


class InputError(FramingError):
    """A document file that cannot be read as text (empty, binary, too big, unreadable)."""


class CatalogError(FramingError):
    """A malformed row or header in a catalog or claims CSV."""


class LexiconError(FramingError):
    """A lexicon file or entry that cannot be loaded."""


class StoreError(FramingError):
    """The result store is busy, corrupt or from an incompatible version."""


@dataclass(frozen=True)
class Problem:
    """A non-fatal problem found while processing: reported, counted, and skipped."""

    path: str
    line: int | None
    reason: str
    fix: str = ""

    def __str__(self) -> str:
        where = printable(self.path) + (f":{self.line}" if self.line else "")
        tail = f" (fix: {printable(self.fix)})" if self.fix else ""
        return f"{where}: {printable(self.reason)}{tail}"
