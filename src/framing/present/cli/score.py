"""``framing score``: loaded-language, hedging, attribution and sentiment signals.

By default documents are scored incrementally into the result store (see
:mod:`framing.store.batch`); ``--no-store`` keeps the original in-memory path.
This module only maps flags to :class:`framing.store.batch.RunOptions` and prints.
"""

from __future__ import annotations

import argparse
import os
import sys

from framing.core.errors import FramingError, printable
from framing.present.cli.common import add_lexicons, add_paths, formatter, report_notes, report_problems

EXAMPLES = """examples:
  framing score                                   score the bundled seeds into ./framing-store.sqlite
  framing score --by stance --format table
  framing score news/ --by document --out scores.parquet
  framing score news/ big.jsonl --jobs 2 --out matches.csv --level match
  framing score news/ --store /data/news.sqlite --rescore     score everything again
  framing score news/ --engine dask --scheduler tcp://10.0.0.5:8786
  framing score news/ --no-store                  in memory, nothing written

A run scores only new or changed documents (or all, after a lexicon edit) and
reuses the rest; Ctrl-C keeps every finished batch and the next run resumes."""

TABLE_COLUMNS = {"segment": ["doc_id", "seg_id", "stance", "kind"], "document": ["doc_id"],
                 "stance": ["stance"], "outlet": ["outlet"]}
SIGNAL_COLUMNS = ["tokens", "loaded_own", "loaded_quoted", "hedge_rate", "booster_rate", "attribution_rate",
                  "scare_quotes", "sentiment_mean", "evidence"]
MATCH_TABLE_COLUMNS = ["doc_id", "stance", "text", "category", "voice", "speaker"]
#: Larger results are not printed as a screen table (an export is what is wanted).
MAX_TABLE_ROWS = 2000
#: Rows shown of a table over MAX_TABLE_ROWS.
SHOWN_ROWS = 50


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``score`` command."""
    p = sub.add_parser("score", help="score documents: loadedness (own/quoted), hedges, attribution, sentiment",
                       description="Compute the signals per segment, document, stance or outlet, incrementally "
                                   "into a result store. Every output records the lexicon version (a content "
                                   "hash of the lexicon files).",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    p.add_argument("--format", choices=["table", "csv", "jsonl", "json", "parquet"], default=None,
                   help="output format (default: table on screen, or from --out's suffix)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (.csv, .jsonl, .json, .parquet)")
    p.add_argument("--by", choices=["segment", "document", "stance", "outlet"], default=None,
                   help="one row per segment (default), document, stance or outlet")
    p.add_argument("--level", choices=["document", "segment", "match"], default=None,
                   help="row unit of the output: document or segment signals, or one row per lexicon match")
    add_lexicons(p)
    p.add_argument("--detector", choices=["lexicon", "model", "both"], default=None,
                   help="what lists spans at --level match: lexicon (plus scare quotes), the span model, or "
                        "both (default); the store keeps lexicon matches, so model spans need --no-store")
    p.add_argument("--model", metavar="FILE", help="span model JSON from `framing train` (default: bundled)")
    g = p.add_argument_group("store and running")
    g.add_argument("--store", metavar="FILE",
                   help="SQLite result store (default: $FRAMING_STORE or ./framing-store.sqlite)")
    g.add_argument("--no-store", action="store_true",
                   help="score in memory and write nothing (the original behaviour; no reuse)")
    g.add_argument("--rescore", action="store_true", help="score every document, even unchanged ones")
    g.add_argument("--jobs", type=int, metavar="N", default=None,
                   help=f"worker processes (default: the number of CPUs, {os.cpu_count()})")
    g.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes, or a dask.distributed cluster (needs framing[dask])")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler, e.g. tcp://host:8786 (default: a local cluster of --jobs workers)")
    g.add_argument("--quiet", action="store_true", help="no progress and no summary (skipped inputs still listed)")
    g.add_argument("--progress-interval", type=float, default=10.0, metavar="SECONDS",
                   help="seconds between progress lines when stderr is not a terminal (default: 10)")
    p.set_defaults(func=run)


def _unit(args: argparse.Namespace) -> str:
    """Return the output row unit from --by and --level (they must agree when both are given)."""
    if args.level and args.by and args.level != args.by:
        raise FramingError(f"--level {args.level} and --by {args.by} ask for different rows",
                           fix="give one of them (--by stance/outlet aggregates; --level match lists matches)")
    return args.level or args.by or "segment"


def run(args: argparse.Namespace) -> int:
    """Run ``framing score``; return the exit code (1 when some input was skipped)."""
    unit = _unit(args)
    from framing.core.export import format_from_path
    fmt = args.format or (format_from_path(args.out) if args.out else "table")
    if fmt == "parquet" and not args.out:
        raise FramingError("parquet needs a file", fix="add --out FILE.parquet")
    if args.jobs is not None and args.jobs < 1:
        raise FramingError("--jobs must be at least 1", fix="e.g. --jobs 2")
    if args.no_store:
        return _run_in_memory(args, unit, fmt)
    if (args.detector not in (None, "lexicon") or args.model) and unit == "match":
        print("framing: note: the result store keeps lexicon matches; add --no-store for span-model spans",
              file=sys.stderr)

    from framing.store.batch import RunOptions, run_batch
    from framing.store.progress import Progress
    from framing.store.db import open_store

    opts = RunOptions(paths=list(args.paths), catalog=args.catalog, lexicons=args.lexicons, store=args.store,
                      jobs=args.jobs, engine=args.engine, scheduler=args.scheduler, rescore=args.rescore)
    progress = Progress(stream=sys.stderr, quiet=args.quiet, interval=args.progress_interval)
    summary = run_batch(opts, progress)
    if not args.quiet:
        # the store path is the one user-given name in the summary; the summary's own line breaks stay
        store_name = str(summary.store)
        print("framing: " + summary.text().replace(store_name, printable(store_name)), file=sys.stderr)
    with open_store(summary.store, create=False) as store:
        _output(store, summary, args, unit, fmt)
    return 1 if (summary.skipped or summary.failed or summary.lexicon_problems) else 0


def _output(store, summary, args: argparse.Namespace, unit: str, fmt: str) -> None:
    """Export the run's results, or print them; a big screen table reads only the rows it shows.

    A screen table of signals is printed from the stored rows without pandas
    when that gives the same text (:func:`framing.store.readback.screen_table`);
    the lexicon is loaded only for an export of matches (their rationale and
    neutral alternative, which a screen table does not show).
    """
    from framing.store.readback import export_results, result_rows, results_frame, results_head, screen_table
    entries = _entries(args.lexicons) if unit == "match" and fmt != "table" else None
    version, run_id = summary.lexicon_version, summary.run_id
    if args.out and fmt != "table":
        export_results(store, version, fmt, args.out, unit, run_id, entries)
        return
    if fmt == "table" and args.out is None:
        total = result_rows(store, version, unit, run_id) if unit in ("segment", "document", "match") else None
        big = total is not None and total > MAX_TABLE_ROWS
        if unit != "match":
            text = screen_table(store, version, unit, run_id, TABLE_COLUMNS[unit] + SIGNAL_COLUMNS,
                                SHOWN_ROWS if big else None)
            if text is not None:
                if big:
                    _say_shown(total or 0)
                sys.stdout.write(text.rstrip("\n") + "\n")
                return
        if big:
            _print(results_head(store, version, unit, run_id, entries, SHOWN_ROWS), unit, fmt, None, total)
            return
    _print(results_frame(store, version, unit, run_id, entries), unit, fmt, args.out)


def _say_shown(total: int) -> None:
    print(f"framing: {total:,} rows; showing the first {SHOWN_ROWS} (export them all with --out FILE.csv, "
          ".jsonl or .parquet, or summarise with --by stance)", file=sys.stderr)


def _entries(lexicons: str | None):
    from framing.detect.lexicon import load_lexicon
    return load_lexicon(lexicons).entries_frame()


def _print(df, unit: str, fmt: str, out: str | None, total: int | None = None) -> None:
    from framing.core.export import write_frame
    if fmt == "table":
        cols = MATCH_TABLE_COLUMNS if unit == "match" else TABLE_COLUMNS[unit] + SIGNAL_COLUMNS
        df = df.reindex(columns=cols) if df.empty else df[cols]
        total = len(df) if total is None else total
        if total > MAX_TABLE_ROWS and out is None:
            _say_shown(total)
            df = df.head(SHOWN_ROWS)
    write_frame(df, fmt, out)


def _run_in_memory(args: argparse.Namespace, unit: str, fmt: str) -> int:
    """The original in-memory path: analyse everything, print or export, store nothing."""
    from framing.api import analyze
    a = analyze(args.paths, args.catalog, args.lexicons, detector=args.detector or "both", model=args.model)
    status = report_problems(list(a.problems))
    report_notes(a.notes)
    df = a.matches() if unit == "match" else a.scores(by=unit)
    _print(df, unit, fmt, args.out)
    return status
