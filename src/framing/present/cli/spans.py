"""``framing spans``: one row per detected span (lexicon match, scare quote, span-model span), with category and voice."""

from __future__ import annotations

import argparse

from framing.present.cli.common import add_detector, add_format, add_lexicons, add_paths, formatter, report_notes, report_problems

EXAMPLES = """examples:
  framing spans                                   matches in the bundled seeds, as JSON lines
  framing spans --format table --category sacralization
  framing spans news/ --lexicons my_lexicons/ --format csv --out spans.csv
  framing spans news/ --detector lexicon          lexicon matches and scare quotes only
  framing spans news/ --model my_model.json       spans of a model trained with `framing train`"""

COLUMNS_TABLE = ["doc_id", "text", "guideline_category", "category", "voice", "speaker", "start", "end",
                 "detector", "entry_id"]


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``spans`` command."""
    p = sub.add_parser("spans", help="list every detected span (lexicon, scare quotes, span model) with category, voice and offsets",
                       description="One row per span: document, segment, stance, offsets in the repaired "
                                   "and original text (raw_start/raw_end), entry, category, technique, "
                                   "weight, voice (own/quoted), speaker, guideline_category (the annotation "
                                   "guideline's eight; empty for neutral markers), detector "
                                   "(lexicon/model/both/voice) and why (a model span's top features).",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    add_format(p, ["jsonl", "csv", "table", "json", "parquet"], "jsonl")
    add_lexicons(p)
    p.add_argument("--category", action="append", help="only this category (repeatable)")
    p.add_argument("--voice", choices=["own", "quoted"], help="only matches in this voice")
    add_detector(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing spans``; return the exit code."""
    from framing.api import analyze
    from framing.core.export import write_frame
    a = analyze(args.paths, args.catalog, args.lexicons, sentiment=False, detector=args.detector,
                model=args.model)
    status = report_problems(list(a.problems))
    report_notes(a.notes)
    df = a.matches()
    if args.category:
        df = df[df["category"].isin(args.category) | df["guideline_category"].isin(args.category)]
    if args.voice:
        df = df[df["voice"] == args.voice]
    if args.format == "table":
        df = df[COLUMNS_TABLE]
    write_frame(df, args.format, args.out)
    return status
