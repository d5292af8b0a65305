"""``framing score``: loaded-language, hedging, attribution and sentiment signals."""

from __future__ import annotations

import argparse

from ..api import analyze
from ..export import format_from_path, write_frame
from .common import add_paths, formatter, report_problems

EXAMPLES = """examples:
  framing score                                   signals per segment of the bundled seeds
  framing score --by stance --format table
  framing score news/ --by document --out scores.parquet"""

TABLE_COLUMNS = {"segment": ["doc_id", "seg_id", "stance", "kind"], "document": ["doc_id"],
                 "stance": ["stance"], "outlet": ["outlet"]}


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``score`` command."""
    p = sub.add_parser("score", help="score documents: loadedness (own/quoted), hedges, attribution, sentiment",
                       description="Compute the signals per segment, document, stance or outlet. Every "
                                   "output records the lexicon version (a content hash of the lexicon files).",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    p.add_argument("--format", choices=["table", "csv", "jsonl", "json", "parquet"], default=None,
                   help="output format (default: table on screen, or from --out's suffix)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (.csv, .jsonl, .json, .parquet)")
    p.add_argument("--by", choices=["segment", "document", "stance", "outlet"], default="segment")
    p.add_argument("--lexicons", metavar="DIR", help="lexicon folder (default: the bundled lexicons/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing score``; return the exit code."""
    a = analyze(args.paths, args.catalog, args.lexicons)
    status = report_problems(a.problems)
    df = a.scores(by=args.by)
    fmt = args.format or (format_from_path(args.out) if args.out else "table")
    if fmt == "table":
        df = df[TABLE_COLUMNS[args.by] + ["tokens", "loaded_own", "loaded_quoted", "hedge_rate",
                                          "booster_rate", "attribution_rate", "scare_quotes",
                                          "sentiment_mean", "evidence"]]
    write_frame(df, fmt, args.out)
    return status
