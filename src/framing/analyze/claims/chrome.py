"""Page chrome: sentences that are navigation, teasers, captions or ads rather than article text.

Patterns live in ``lexicons/text/page_chrome.csv`` (``pattern,where,notes``;
``where`` is ``start`` for a pattern that must open the sentence, else
``anywhere``; patterns are case-insensitive regular expressions).  The claim
stage drops such sentences before scoring, so "Read also: Explosion rocks
Odesa" or a photo credit never makes a document "about" a claim.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

CHROME_FILE = "text/page_chrome.csv"


def _chrome_path(directory: str | Path | None = None) -> Path:
    from framing.core.config import _bundled, lexicons_dir
    base = Path(directory) if directory is not None else lexicons_dir()
    path = base / CHROME_FILE
    return path if path.is_file() else _bundled("lexicons") / CHROME_FILE


@lru_cache(maxsize=4)
def _compiled(path_str: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    path = Path(path_str)
    start: list[str] = []
    anywhere: list[str] = []
    if path.is_file():
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            pat = (row.get("pattern") or "").strip()
            if not pat or pat.startswith("#"):
                continue
            (start if (row.get("where") or "").strip() == "start" else anywhere).append(pat)

    def comp(pats: list[str], anchor: str) -> re.Pattern[str] | None:
        return re.compile(anchor + r"(?:" + "|".join(f"(?:{p})" for p in pats) + r")", re.I) if pats else None

    return comp(start, r"^\W*"), comp(anywhere, "")


def is_chrome(text: str, directory: str | Path | None = None) -> bool:
    """Return True when a sentence is page chrome under the patterns of ``page_chrome.csv``."""
    start, anywhere = _compiled(str(_chrome_path(directory)))
    body = " ".join(text.split())
    return bool((start is not None and start.search(body)) or (anywhere is not None and anywhere.search(body)))
