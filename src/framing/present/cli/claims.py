"""``framing claims`` (sentence -> claim assignments, candidate discovery) and ``framing distinctive``."""

from __future__ import annotations

import argparse
import sys

from framing.api import load_parsed
from framing.analyze.claims import ASSIGN_THRESHOLD, assign_claims, load_claims
from framing.analyze.discover import discover_claims, write_candidates
from framing.analyze.distinctive import ALPHA0, GROUP_BY, Z_THRESHOLD, distinctive_terms
from framing.core.errors import FramingError
from framing.core.export import format_from_path, write_frame
from framing.present.cli.common import add_format, add_paths, formatter, report_problems

CLAIMS_EXAMPLES = """examples:
  framing claims                                   every seed sentence assigned to a claim (table)
  framing claims --claim nk_troops                 only the sentences on North Korean troops
  framing claims news/ --format csv --out assignments.csv
  framing claims --registry my_claims.csv --threshold 0.15
  framing claims discover                          propose candidate claims from the seeds
  framing claims discover news/ --n 15 --out candidates.csv
  framing claims documents news/                   the claims each document is mainly about
  framing claims check news/ --registry my_claims.csv
                                                   key terms too broad or colliding with names

'discover', 'documents' or 'check' as the first PATH switches to that mode
(to read a file or folder literally named so, write ./discover).  Thresholds and how
they were measured: docs/claims.md."""

DISTINCTIVE_EXAMPLES = """examples:
  framing distinctive                              terms each stance uses more than the others
  framing distinctive --claim nk_troops --top 10   ... within the sentences on one claim
  framing distinctive --by outlet --format csv --out terms.csv
  framing distinctive news/ --min-count 3 --candidates-only

Columns: z > 1.96 marks a distinctive term; candidate = distinctive and not
yet covered by the lexicon (a candidate for a new lexicon entry)."""

#: Columns shown by the table format (csv/json/jsonl always carry all columns).
TABLE_COLUMNS = ["doc_id", "sent_idx", "stance", "claim_id", "confidence", "terms", "text"]
CANDIDATE_TABLE_COLUMNS = ["claim_id", "n_stances", "n_documents", "n_sentences", "stances",
                           "nearest_claim", "key_terms"]


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``claims`` and ``distinctive`` commands."""
    p = sub.add_parser(
        "claims", help="assign sentences to claims (or 'claims discover': propose new claims)",
        description="Score every sentence against the claim registry and list the assignments "
                    "(one row per sentence and claim), or with 'discover' propose candidate "
                    "claims by clustering sentences across documents.",
        epilog=CLAIMS_EXAMPLES, formatter_class=formatter())
    add_paths(p)
    add_format(p, ["table", "csv", "json", "jsonl"], "table")
    p.add_argument("--registry", metavar="FILE",
                   help="claim registry CSV (default: seeds/claims.csv)")
    p.add_argument("--claim", metavar="ID", help="only assignments to this claim id")
    p.add_argument("--threshold", type=float, default=ASSIGN_THRESHOLD, metavar="X",
                   help=f"smallest confidence that assigns a claim (default: {ASSIGN_THRESHOLD})")
    p.add_argument("--n", type=int, default=10, metavar="N",
                   help="discover: number of candidate claims (default: 10)")
    p.add_argument("--seed", type=int, default=0, metavar="S",
                   help="discover: random seed for clustering (default: 0)")
    p.set_defaults(func=run_claims)

    d = sub.add_parser(
        "distinctive", help="terms that distinguish each stance (or outlet) from the rest",
        description="Distinctive terms per group against the rest: log-odds ratio with an "
                    "informative Dirichlet prior, z-scored (Monroe, Colaresi and Quinn 2008).",
        epilog=DISTINCTIVE_EXAMPLES, formatter_class=formatter())
    add_paths(d)
    add_format(d, ["table", "csv", "json", "jsonl"], "table")
    d.add_argument("--by", choices=GROUP_BY, default="stance", help="group by (default: stance)")
    d.add_argument("--claim", metavar="ID", help="only sentences assigned to this claim")
    d.add_argument("--registry", metavar="FILE", help="claim registry for --claim (default: seeds/claims.csv)")
    d.add_argument("--top", type=int, metavar="N", help="keep the N most distinctive terms per group")
    d.add_argument("--min-count", type=int, default=2, metavar="N",
                   help="ignore terms a group uses fewer than N times (default: 2)")
    d.add_argument("--alpha0", type=float, default=ALPHA0, metavar="A",
                   help=f"prior strength in pseudo-counts (default: {ALPHA0:g})")
    d.add_argument("--lexicon", metavar="DIR", help="lexicon folder for in_lexicon (default: the bundled one)")
    d.add_argument("--candidates-only", action="store_true",
                   help=f"only terms with z > {Z_THRESHOLD} not covered by the lexicon")
    d.set_defaults(func=run_distinctive)


def _registry(path: str | None):
    claims = load_claims(path)
    status = report_problems(list(claims.problems), "registry")
    return claims, status


MODES = ("discover", "documents", "check")


def run_claims(args: argparse.Namespace) -> int:
    """Run ``framing claims`` (or its ``discover``, ``documents`` and ``check`` modes); return the exit code."""
    paths = list(args.paths)
    mode = paths[0] if paths and paths[0] in MODES else ""
    discover = mode == "discover"
    if mode:
        paths = paths[1:]
    if args.n < 1:
        raise FramingError(f"--n must be at least 1, not {args.n}")
    claims, status = _registry(args.registry)
    if args.claim:
        claims.get(args.claim)  # unknown id: one-line error listing the known ids
    parsed, problems = load_parsed(paths or None, args.catalog)
    status = max(status, report_problems(problems))
    if discover:
        cand = discover_claims(parsed, n_candidates=args.n, seed=args.seed, registry=claims)
        fmt = _emit(cand, args, CANDIDATE_TABLE_COLUMNS, csv_writer=write_candidates)
        if args.out:
            print(f"framing: wrote {len(cand)} candidate claims ({fmt}) to {args.out}", file=sys.stderr)
        return status
    if mode == "check":
        from framing.analyze.claims.check import check_registry
        df = check_registry(parsed, claims)
        _emit(df, args, ["claim_id", "key_term", "issue", "documents", "share", "detail"])
        if df.empty:
            print("framing: no key term is too broad or collides with a name", file=sys.stderr)
        return max(status, 1 if not df.empty else 0)
    df = assign_claims(parsed, claims, threshold=args.threshold, claim_id=args.claim)
    if mode == "documents":
        from framing.analyze.claims.documents import document_claims
        docs = document_claims(df, claims=claims)
        _emit(docs, args, list(docs.columns))
        return status
    _emit(df, args, TABLE_COLUMNS)
    return status


def _emit(df, args: argparse.Namespace, table_columns: list[str], csv_writer=None) -> str:
    """Write ``df`` as ``--format`` says (table: compact columns; with --out: the file suffix decides)."""
    fmt = args.format
    if args.out and fmt == "table":
        fmt = format_from_path(args.out)
    if fmt == "table":
        write_frame(df[[c for c in table_columns if c in df.columns]], "table")
    elif fmt == "csv" and args.out and csv_writer is not None:
        csv_writer(df, args.out)
    else:
        write_frame(df, fmt, args.out)
    return fmt


def run_distinctive(args: argparse.Namespace) -> int:
    """Run ``framing distinctive``; return the exit code."""
    parsed, problems = load_parsed(args.paths or None, args.catalog)
    status = report_problems(problems)
    assignments = None
    if args.claim:
        claims, st = _registry(args.registry)
        claims.get(args.claim)
        status = max(status, st)
        assignments = assign_claims(parsed, claims, claim_id=args.claim)
    lexicon = None
    if args.lexicon:
        from framing.detect.lexicon import load_lexicon
        lexicon = load_lexicon(args.lexicon)
    df = distinctive_terms(parsed, by=args.by, claim_id=args.claim, assignments=assignments,
                           lexicon=lexicon, min_count=args.min_count, top=args.top,
                           alpha0=args.alpha0)
    if df.attrs.get("lexicon", "").startswith("unavailable"):
        print(f"framing: note: lexicon {df.attrs['lexicon']}; in_lexicon is False everywhere",
              file=sys.stderr)
    if args.candidates_only:
        df = df[df["candidate"]]
    _emit(df, args, list(df.columns))
    return status
