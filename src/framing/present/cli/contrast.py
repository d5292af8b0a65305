"""``framing contrast``: how each stance frames one claim, side by side."""

from __future__ import annotations

import argparse

from framing.present.cli.common import add_format, add_lexicons, add_paths, formatter, report_problems

EXAMPLES = """examples:
  framing contrast --claim nk_troops                       one row per stance, with own vs quoted framing
  framing contrast --claim partnership_treaty --sentences  the sentences behind it
  framing contrast news/ --claim sanctions --format csv --out sanctions.csv"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``contrast`` command."""
    p = sub.add_parser("contrast", help="compare how each stance frames one claim",
                       description="Per stance: whether it covers the claim, its loaded phrases in own voice "
                                   "and in quoted speech, who it cites, hedges and boosters, sentiment and "
                                   "distinctive terms. Stances that do not cover the claim are listed too.",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    p.add_argument("--claim", required=True, metavar="ID", help="claim id from the registry (seeds/claims.csv)")
    p.add_argument("--registry", metavar="FILE", help="claim registry CSV (default: the bundled seeds/claims.csv)")
    p.add_argument("--sentences", action="store_true", help="one row per sentence instead of per stance")
    add_lexicons(p)
    add_format(p, ["table", "csv", "jsonl", "json"], "table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing contrast``; return the exit code."""
    from framing.api import analyze
    from framing.core.export import write_frame
    a = analyze(args.paths, args.catalog, args.lexicons, claims=args.registry)
    status = report_problems(a.problems)
    df = a.contrast_sentences(args.claim) if args.sentences else a.contrast(args.claim)
    if args.format == "table" and not args.sentences:
        df = df.set_index("stance").drop(columns=["claim_id"]).T.reset_index(names="measure")
    write_frame(df, args.format, args.out)
    return status
