"""Options and output helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from typing import Iterable, Sequence

from framing.core.errors import Problem


def add_paths(p: argparse.ArgumentParser) -> None:
    """Add the PATHS positional and ``--catalog`` option (default: bundled seeds)."""
    p.add_argument("paths", nargs="*", metavar="PATHS",
                   help="files, folders, globs or .jsonl record files (default: the bundled seeds)")
    p.add_argument("--catalog", metavar="FILE",
                   help="catalog CSV with outlet/stance per document (default: catalog.csv beside the files)")


#: Help of ``--lexicons`` when a command gives none of its own.
LEXICONS_HELP = "lexicon folder (default: the bundled lexicons/)"


def add_lexicons(p: argparse.ArgumentParser, help: str = LEXICONS_HELP) -> None:
    """Add ``--lexicons DIR`` (``args.lexicons``), the one spelling every command uses.

    ``--lexicon`` (the spelling ``framing distinctive`` once had) is accepted as
    a hidden alias, so old scripts keep working.
    """
    p.add_argument("--lexicons", metavar="DIR", help=help)
    p.add_argument("--lexicon", dest="lexicons", metavar="DIR", help=argparse.SUPPRESS)


def add_format(p: argparse.ArgumentParser, choices: Iterable[str], default: str) -> None:
    """Add ``--format`` with ``choices`` and ``--out FILE``."""
    p.add_argument("--format", choices=list(choices), default=default, help=f"output format (default: {default})")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")


def formatter() -> type[argparse.RawDescriptionHelpFormatter]:
    """Return the help formatter that keeps example blocks as written."""
    return argparse.RawDescriptionHelpFormatter


def report_problems(problems: Sequence[Problem], what: str = "input") -> int:
    """Print each problem on one line to stderr plus a summary; return 1 if there were any, else 0."""
    for p in problems:
        print(f"framing: skipped {p}", file=sys.stderr)
    if problems:
        print(f"framing: {len(problems)} {what} problem(s); the rest was processed", file=sys.stderr)
        return 1
    return 0


def add_detector(p: argparse.ArgumentParser) -> None:
    """Add ``--detector lexicon|model|both`` and ``--model FILE``."""
    p.add_argument("--detector", choices=["lexicon", "model", "both"], default="both",
                   help="what finds spans: the lexicon (plus scare quotes), the trained span model, or both "
                        "(default: both)")
    p.add_argument("--model", metavar="FILE",
                   help="span model JSON written by `framing train` (default: the bundled model)")


def report_notes(notes: Iterable[Problem]) -> None:
    """Print each note (e.g. a text that is not English) on one line to stderr."""
    for n in notes:
        print(f"framing: note: {n.path}: {n.reason}", file=sys.stderr)
