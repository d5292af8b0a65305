"""``framing exercises``: printable media-literacy worksheets with separate answer keys."""

from __future__ import annotations

import argparse
import sys
import warnings

from framing.core.errors import printable
from framing.present.exercises import KIND_TITLES, KINDS, LEVELS, ShortfallWarning, generate
from framing.present.cli.common import add_lexicons, add_paths, formatter, report_problems

EXAMPLES = """examples:
  framing exercises --kind spot --count 5 --seed 1 --level easy --out week3/spot.html
      writes week3/spot.html, week3/spot.key.html, week3/spot.md and week3/spot.key.md
  framing exercises --kind frames --claim nk_troops --claim partnership_treaty --out frames.html
  framing exercises news/ --catalog news/catalog.csv --kind source --stance kremlin_rt --stance ua_gov --out guess.md
  framing exercises --kind rewrite --count 2          print the worksheet and key as Markdown

kinds: spot (loaded words), voice (own voice or quoted), frames (one claim, several stances),
       source (guess the stance), rewrite (neutral rewrite), sourcing (who is the source?)
The same PATHS, options and --seed always give the same exercises."""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``exercises`` command."""
    p = sub.add_parser("exercises", help="make classroom worksheets with answer keys",
                       description="Build media-literacy exercises from the analysed corpus: a printable worksheet "
                                   "and a separate answer key that explains every answer with the lexicon's "
                                   "rationale, the voice analysis and the claim contrasts. With --out FILE "
                                   "(.html or .md) four files are written: FILE.html, FILE.key.html, FILE.md "
                                   "and FILE.key.md; without it the Markdown sheet and key are printed.",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    p.add_argument("--kind", required=True, choices=KINDS, help="the kind of exercise")
    p.add_argument("--count", type=int, default=5, metavar="N", help="how many exercises (default: 5)")
    p.add_argument("--seed", type=int, default=0, metavar="S",
                   help="random seed: the same seed gives the same exercises (default: 0)")
    p.add_argument("--level", choices=list(LEVELS), default="medium", help="difficulty (default: medium)")
    p.add_argument("--claim", action="append", metavar="ID",
                   help="only passages about this claim id (repeatable; see seeds/claims.csv)")
    p.add_argument("--stance", action="append", metavar="S", help="only passages from this stance (repeatable)")
    p.add_argument("--title", default="", help="worksheet title (default: from the kind)")
    p.add_argument("--registry", metavar="FILE", help="claim registry CSV (default: the bundled seeds/claims.csv)")
    add_lexicons(p)
    p.add_argument("--out", metavar="FILE",
                   help="write FILE.html, FILE.key.html, FILE.md and FILE.key.md (a .html/.md suffix is dropped "
                        "from FILE first); default: print the Markdown sheet and key")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing exercises``; return the exit code (1 when fewer exercises than asked could be made)."""
    from framing.api import analyze
    from framing.present.worksheet import render_markdown, write_worksheet
    a = analyze(args.paths, args.catalog, args.lexicons, sentiment=False, claims=args.registry)
    status = report_problems(list(a.problems))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShortfallWarning)
        exercises = generate(a.data, args.kind, count=args.count, seed=args.seed, level=args.level,
                             claims=args.claim, stances=args.stance)
    for w in caught:
        if issubclass(w.category, ShortfallWarning):
            print(f"framing: {w.message}", file=sys.stderr)
            status = 1
        else:  # pragma: no cover - other warnings pass through unchanged
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    title = args.title or f"Media literacy: {KIND_TITLES[args.kind].lower()}"
    if args.out:
        paths = write_worksheet(exercises, args.out, title=title)
        print(f"wrote {len(exercises)} exercise(s): " + ", ".join(printable(str(p)) for p in paths), file=sys.stderr)
    else:
        sys.stdout.write(render_markdown(exercises, key=False, title=title))
        sys.stdout.write("\n\n" + render_markdown(exercises, key=True, title=title))
    return status
