"""``framing claims`` (sentence -> claim assignments, candidate discovery) and ``framing distinctive``."""

from __future__ import annotations

import argparse
import sys

from framing.analyze.claims import ASSIGN_THRESHOLD, assign_claims, load_claims
from framing.analyze.discover import discover_claims, write_candidates
from framing.analyze.distinctive import ALPHA0, GROUP_BY, Z_THRESHOLD, distinctive_terms
from framing.core.errors import FramingError, printable
from framing.core.export import format_from_path, write_frame
from framing.present.cli.common import add_format, add_lexicons, add_paths, formatter, report_problems

CLAIMS_EXAMPLES = """examples:
  framing claims                                   every seed sentence assigned to a claim (table)
  framing claims --claim nk_troops                 only the sentences on North Korean troops
  framing claims news/ --format csv --out assignments.csv
  framing claims --registry my_claims.csv --threshold 0.15
  framing claims discover                          propose candidate claims from the seeds
  framing claims discover news/ --n 15 --out candidates.csv

'framing claims [PATHS]' is short for 'framing claims assign [PATHS]' (to read a
file or folder literally named assign or discover, write ./assign or ./discover).
Sub-commands: assign (the default), discover, documents (the claims each document is
mainly about), check (key terms too broad or colliding with names); each has --help.
Thresholds and how they were measured: docs/claims.md."""

ASSIGN_EXAMPLES = """examples:
  framing claims                                   every seed sentence assigned to a claim (table)
  framing claims --claim nk_troops                 only the sentences on North Korean troops
  framing claims news/ --format csv --out assignments.csv
  framing claims --registry my_claims.csv --threshold 0.15"""

DISCOVER_EXAMPLES = """examples:
  framing claims discover                          propose candidate claims from the seeds
  framing claims discover news/ --n 15 --out candidates.csv

Candidates clustered from sentences that several stances share, each with
its nearest registry claim; a CSV written with --out can be pasted into the
claim registry as it is (docs/claims.md)."""

DOCUMENTS_EXAMPLES = """examples:
  framing claims documents                         the claims each seed document is mainly about
  framing claims documents news/ --format csv --out doc_claims.csv

A document is about a claim when at least two of its sentences are assigned to it (a headline
printed twice counts once), or one sentence with high confidence; mentions inside a temporal or
subordinate phrase ("during Putin's visit") do not count (docs/claims.md)."""

CHECK_EXAMPLES = """examples:
  framing claims check                             check the bundled registry against the seeds
  framing claims check news/ --registry my_claims.csv

Lists key terms that match a large share of the documents or sit mostly inside names;
exits 1 when any is found."""

#: The sub-commands of ``framing claims``; a command line naming none runs the first.
CLAIMS_SUBCOMMANDS = ("assign", "discover", "documents", "check")

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
    """Register the ``claims`` command (sub-commands ``assign``, the default, and ``discover``) and ``distinctive``."""
    p = sub.add_parser(
        "claims", help="assign sentences to claims (sub-commands: discover, documents, check)",
        description="Score every sentence against the claim registry and list the assignments "
                    "(one row per sentence and claim), or with 'discover' propose candidate "
                    "claims by clustering sentences across documents.",
        epilog=CLAIMS_EXAMPLES, formatter_class=formatter())
    cs = p.add_subparsers(dest="claims_command", metavar="{assign,discover,documents,check}")
    a = cs.add_parser("assign", prog="framing claims", help="sentence -> claim assignments (the default)",
                      description="Score every sentence against the claim registry and list the "
                                  "assignments (one row per sentence and claim).",
                      epilog=ASSIGN_EXAMPLES, formatter_class=formatter())
    add_paths(a)
    add_format(a, ["table", "csv", "json", "jsonl"], "table")
    a.add_argument("--registry", metavar="FILE", help="claim registry CSV (default: seeds/claims.csv)")
    a.add_argument("--claim", metavar="ID", help="only assignments to this claim id")
    a.add_argument("--threshold", type=float, default=ASSIGN_THRESHOLD, metavar="X",
                   help=f"smallest confidence that assigns a claim (default: {ASSIGN_THRESHOLD})")
    a.set_defaults(func=run_claims)
    d = cs.add_parser("discover", help="propose candidate claims that several stances share",
                      description="Propose candidate claims by clustering sentences across documents; "
                                  "each candidate names its nearest registry claim.",
                      epilog=DISCOVER_EXAMPLES, formatter_class=formatter())
    add_paths(d)
    add_format(d, ["table", "csv", "json", "jsonl"], "table")
    d.add_argument("--registry", metavar="FILE",
                   help="claim registry CSV, for each candidate's nearest claim (default: seeds/claims.csv)")
    d.add_argument("--n", type=int, default=10, metavar="N", help="number of candidate claims (default: 10)")
    d.add_argument("--seed", type=int, default=0, metavar="S", help="random seed for clustering (default: 0)")
    d.set_defaults(func=run_discover)
    dc = cs.add_parser("documents", help="the claims each document is mainly about",
                       description="Document-level claims: which claims each document is mainly about, "
                                   "with the sentences that count.",
                       epilog=DOCUMENTS_EXAMPLES, formatter_class=formatter())
    add_paths(dc)
    add_format(dc, ["table", "csv", "json", "jsonl"], "table")
    dc.add_argument("--registry", metavar="FILE", help="claim registry CSV (default: seeds/claims.csv)")
    dc.add_argument("--threshold", type=float, default=ASSIGN_THRESHOLD, metavar="X",
                    help=f"smallest sentence confidence that assigns a claim (default: {ASSIGN_THRESHOLD})")
    dc.set_defaults(func=run_documents)
    ck = cs.add_parser("check", help="key terms that match too many documents or collide with names",
                       description="Check a claim registry against a corpus: key terms that match a large "
                                   "share of the documents, or that sit mostly inside names.",
                       epilog=CHECK_EXAMPLES, formatter_class=formatter())
    add_paths(ck)
    add_format(ck, ["table", "csv", "json", "jsonl"], "table")
    ck.add_argument("--registry", metavar="FILE", help="claim registry CSV (default: seeds/claims.csv)")
    ck.set_defaults(func=run_check)

    t = sub.add_parser(
        "distinctive", help="terms that distinguish each stance (or outlet) from the rest",
        description="Distinctive terms per group against the rest: log-odds ratio with an "
                    "informative Dirichlet prior, z-scored (Monroe, Colaresi and Quinn 2008).",
        epilog=DISTINCTIVE_EXAMPLES, formatter_class=formatter())
    add_paths(t)
    add_format(t, ["table", "csv", "json", "jsonl"], "table")
    t.add_argument("--by", choices=GROUP_BY, default="stance", help="group by (default: stance)")
    t.add_argument("--claim", metavar="ID", help="only sentences assigned to this claim")
    t.add_argument("--registry", metavar="FILE", help="claim registry for --claim (default: seeds/claims.csv)")
    t.add_argument("--top", type=int, metavar="N", help="keep the N most distinctive terms per group")
    t.add_argument("--min-count", type=int, default=2, metavar="N",
                   help="ignore terms a group uses fewer than N times (default: 2)")
    t.add_argument("--alpha0", type=float, default=ALPHA0, metavar="A",
                   help=f"prior strength in pseudo-counts (default: {ALPHA0:g})")
    add_lexicons(t, "lexicon folder for in_lexicon (default: the bundled one)")
    t.add_argument("--candidates-only", action="store_true",
                   help=f"only terms with z > {Z_THRESHOLD} not covered by the lexicon")
    t.set_defaults(func=run_distinctive)


def load_parsed(paths, catalog):
    """Return ``(parsed documents, problems)`` of :func:`framing.api.load_parsed` (imported when a command runs)."""
    from framing.api import load_parsed as load
    return load(paths, catalog)


def _registry(path: str | None):
    claims = load_claims(path)
    status = report_problems(list(claims.problems), "registry")
    return claims, status


def run_claims(args: argparse.Namespace) -> int:
    """Run ``framing claims [assign]``: list sentence -> claim assignments; return the exit code."""
    claims, status = _registry(args.registry)
    if args.claim:
        claims.get(args.claim)  # unknown id: one-line error listing the known ids
    parsed, problems = load_parsed(args.paths or None, args.catalog)
    status = max(status, report_problems(problems))
    df = assign_claims(parsed, claims, threshold=args.threshold, claim_id=args.claim)
    _emit(df, args, TABLE_COLUMNS)
    return status


def run_discover(args: argparse.Namespace) -> int:
    """Run ``framing claims discover``: write candidate claims; return the exit code."""
    if args.n < 1:
        raise FramingError(f"--n must be at least 1, not {args.n}")
    claims, status = _registry(args.registry)
    parsed, problems = load_parsed(args.paths or None, args.catalog)
    status = max(status, report_problems(problems))
    cand = discover_claims(parsed, n_candidates=args.n, seed=args.seed, registry=claims,
                           lexicon_dir=getattr(args, "lexicons", None))
    fmt = _emit(cand, args, CANDIDATE_TABLE_COLUMNS, csv_writer=write_candidates)
    if args.out:
        print(f"framing: wrote {len(cand)} candidate claims ({fmt}) to {printable(str(args.out))}", file=sys.stderr)
    return status


def run_documents(args: argparse.Namespace) -> int:
    """Run ``framing claims documents``: the claims each document is mainly about; return the exit code."""
    from framing.analyze.claims.documents import document_claims
    claims, status = _registry(args.registry)
    parsed, problems = load_parsed(args.paths or None, args.catalog)
    status = max(status, report_problems(problems))
    df = assign_claims(parsed, claims, threshold=args.threshold)
    docs = document_claims(df, claims=claims)
    _emit(docs, args, list(docs.columns))
    return status


def run_check(args: argparse.Namespace) -> int:
    """Run ``framing claims check``: list broad or name-colliding key terms; return 1 when any is found."""
    from framing.analyze.claims.check import check_registry
    claims, status = _registry(args.registry)
    parsed, problems = load_parsed(args.paths or None, args.catalog)
    status = max(status, report_problems(problems))
    df = check_registry(parsed, claims)
    _emit(df, args, ["claim_id", "key_term", "issue", "documents", "share", "detail"])
    if df.empty:
        print("framing: no key term is too broad or collides with a name", file=sys.stderr)
    return max(status, 1 if not df.empty else 0)


def default_subcommand(argv: list[str]) -> list[str]:
    """Return ``argv`` (the words after ``framing``) with ``assign`` inserted after a bare ``claims``.

    argparse has no default sub-command: ``framing claims news/`` would read
    ``news/`` as a sub-command name.  Any first word after ``claims`` that is
    not a sub-command or ``-h``/``--help`` therefore means ``assign``.
    """
    if argv[:1] == ["claims"] and (len(argv) == 1 or argv[1] not in (*CLAIMS_SUBCOMMANDS, "-h", "--help")):
        return ["claims", "assign", *argv[1:]]
    return argv


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
    if args.lexicons:
        from framing.detect.lexicon import load_lexicon
        lexicon = load_lexicon(args.lexicons)
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
