"""Stable, colour-blind-safe colours for stances and outlets, shared by every chart.

Why not Altair's default scheme: it colours by *sorted position*, so adding one
article with a new outlet shifts every outlet after it to another colour and
a researcher's mental map of the charts breaks.  Here a name's colour depends
on that name only:

* **Fixed colours** come from a ``stances.csv`` (columns ``stance``,
  ``colour``; optional ``description``) in the corpus folder, else the
  bundled ``seeds/stances.csv``.  The seeds' five stances and ``unknown``
  are fixed there; a researcher edits that file to recolour.
* **Any other name** is hashed (sha256 of the name) into
  :data:`OKABE_ITO`, skipping the colours the fixed names already use when
  some are left, so a new stance does not look like a known one.

The palette is Okabe & Ito (2008), "Color Universal Design": eight colours
that stay distinct for protanopia, deuteranopia and tritanopia.  With more
names than colours two names can share a colour (hash collision); charts
always label their bars and points, so colour is never the only key.

No Streamlit here: the dashboard and any other front end call
:func:`colour_scale` and hand the domain and range to their charting library.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path
from typing import Iterable, Mapping

#: Okabe-Ito colour-blind-safe palette (black left out: it reads as "missing" in bar charts).
OKABE_ITO: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                              "#CC79A7", "#000000")
#: Palette for hashed names: Okabe-Ito without black and yellow (too light for thin marks and text).
HASHED: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
#: Colour of a name that is empty or ``unknown`` when no file fixes it.
UNKNOWN_COLOUR = "#999999"
#: Voice colours of the loadedness charts (own voice stands out, quoted speech is muted).
VOICE_COLOURS: dict[str, str] = {"own": "#D55E00", "quoted": "#56B4E9"}
#: Marker colours of the distinctive-terms scatter.
MARKER_COLOURS: dict[str, str] = {"lexicon candidate": "#D55E00", "in lexicon": "#0072B2",
                                  "name (not a candidate)": "#CC79A7", "other term": "#999999"}
#: File name of the fixed stance colours in a corpus folder.
STANCES_FILE = "stances.csv"

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def hashed_colour(name: str, palette: tuple[str, ...] = HASHED) -> str:
    """Return the colour of ``name`` from ``palette``: sha256 of the name modulo the palette size.

    Depends on the name only, so it never changes when other names are added.
    """
    if not name or name == "unknown":
        return UNKNOWN_COLOUR
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return palette[int.from_bytes(digest[:8], "big") % len(palette)]


def read_fixed_colours(path: str | Path) -> tuple[dict[str, str], list[str]]:
    """Return ``(name -> '#rrggbb', problems)`` from a ``stances.csv`` file; a missing file gives ``({}, [])``.

    A row with an empty name or a colour that is not ``#rrggbb`` is skipped and
    reported as ``file:line: what is wrong — fix``; the other rows still count.
    """
    p = Path(path)
    if not p.is_file():
        return {}, []
    fixed: dict[str, str] = {}
    problems: list[str] = []
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{p}: cannot read ({exc}) — save it as UTF-8 CSV with columns stance,colour"]
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"stance", "colour"} <= set(reader.fieldnames):
        return {}, [f"{p}:1: needs the columns stance,colour — add a header line 'stance,colour'"]
    for i, row in enumerate(reader, start=2):
        name = (row.get("stance") or "").strip()
        colour = (row.get("colour") or "").strip()
        if not name:
            problems.append(f"{p}:{i}: empty stance — give the stance label as in catalog.csv")
        elif not _HEX.fullmatch(colour):
            problems.append(f"{p}:{i}: colour {colour!r} is not #rrggbb — write it like #0072B2")
        else:
            fixed[name] = colour.upper()
    return fixed, problems


def fixed_colours_for(corpus_dir: str | Path | None, bundled: str | Path | None = None
                      ) -> tuple[dict[str, str], list[str]]:
    """Return the fixed stance colours for a corpus: its own ``stances.csv``, else ``bundled`` (a file path).

    Returns ``(name -> colour, problems)`` as :func:`read_fixed_colours`.
    """
    if corpus_dir is not None and (Path(corpus_dir) / STANCES_FILE).is_file():
        return read_fixed_colours(Path(corpus_dir) / STANCES_FILE)
    return read_fixed_colours(bundled) if bundled is not None else ({}, [])


def colour_of(name: str, fixed: Mapping[str, str] | None = None) -> str:
    """Return the colour of one stance or outlet: its fixed colour, else a hashed one.

    Hashed names avoid the fixed names' colours while the palette has others
    left (the set of fixed names is a file, so this stays stable as data grows).
    """
    fixed = fixed or {}
    if name in fixed:
        return fixed[name]
    if not name or name == "unknown":
        return UNKNOWN_COLOUR
    used = {c.upper() for c in fixed.values()}
    free = tuple(c for c in HASHED if c.upper() not in used)
    return hashed_colour(name, free or HASHED)


def colours(names: Iterable[str], fixed: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return ``name -> colour`` for ``names`` (each independent of the others, see :func:`colour_of`)."""
    return {n: colour_of(n, fixed) for n in names}


def colour_scale(names: Iterable[str], fixed: Mapping[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Return ``(domain, range)`` for a chart's colour scale: the sorted distinct names and their colours."""
    domain = sorted({str(n) for n in names})
    return domain, [colour_of(n, fixed) for n in domain]
