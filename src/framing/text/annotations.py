"""Read and write annotated span files in the guideline CSV format (``file,start,end,text,category,voice,speaker``).

Offsets are Python character offsets into ``open(path, encoding="utf-8",
newline="").read()`` of the file the ``file`` column names, relative to the
articles folder or its parent (framing-dev writes ``articles/001_x.txt``).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from framing.core.errors import InputError

GOLD_FIELDS = ("file", "start", "end", "text", "category", "voice", "speaker")


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span (a row of the guideline CSV)."""

    file: str
    start: int
    end: int
    text: str
    category: str
    voice: str
    speaker: str = ""


def read_guideline_spans(path: Path | str) -> dict[str, list[GoldSpan]]:
    """Return the gold spans of a guideline CSV keyed by its ``file`` column (spans in file order).

    Raises :class:`InputError` naming the line for a missing column or a bad offset.
    """
    path = Path(path)
    out: dict[str, list[GoldSpan]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [f for f in ("file", "start", "end", "category") if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", path, 1,
                             "use the header file,start,end,text,category,voice,speaker")
        for n, row in enumerate(reader, 2):
            try:
                s, e = int(row["start"]), int(row["end"])
            except (TypeError, ValueError):
                raise InputError("start/end are not integers", path, n, "give character offsets") from None
            out[row["file"]].append(GoldSpan(row["file"], s, e, row.get("text") or "", row["category"],
                                             (row.get("voice") or "own").strip(), row.get("speaker") or ""))
    return {k: sorted(v, key=lambda g: g.start) for k, v in out.items()}


def read_article(path: Path | str) -> str:
    """Return a file's text exactly as the guideline offsets count it (UTF-8, newlines untranslated)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def list_articles(articles_dir: Path | str, gold: Mapping[str, Sequence[GoldSpan]] | None = None) -> list[str]:
    """Return the article names of a folder as the gold CSV spells them (prefixed by the folder name if it does)."""
    d = Path(articles_dir)
    txts = sorted(p.name for p in d.glob("*.txt"))
    prefixed = any(k.startswith(d.name + "/") for k in (gold or {}))
    return [f"{d.name}/{t}" if prefixed else t for t in txts]


def resolve_article(articles_dir: Path | str, name: str) -> Path:
    """Return the path of a gold-CSV file name, relative to the articles folder or its parent."""
    d = Path(articles_dir)
    direct = d / name
    if direct.exists():
        return direct
    return d.parent / name


def guideline_csv_text(spans: Iterable[GoldSpan]) -> str:
    """Return ``spans`` as guideline CSV text (header ``file,start,end,text,category,voice,speaker``).

    Written exactly as :func:`read_guideline_spans` reads it: ``text`` is the
    slice itself (no spreadsheet-formula escaping, so it still equals the
    slice), rows ordered by file then offset.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GOLD_FIELDS)
    for g in sorted(spans, key=lambda g: (g.file, g.start, g.end)):
        w.writerow([g.file, g.start, g.end, g.text, g.category, g.voice, g.speaker])
    return buf.getvalue()


def write_guideline_spans(spans: Iterable[GoldSpan], path: Path | str) -> Path:
    """Write ``spans`` as a guideline CSV at ``path`` (UTF-8) and return the path."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(guideline_csv_text(spans))
    return path
