"""``framing corpus``: list documents and segments, or show what the tool reads."""

from __future__ import annotations

import argparse
import sys

from framing.core.errors import FramingError
from framing.present.cli.common import add_format, add_paths, formatter, report_problems

EXAMPLES = """examples:
  framing corpus                                  the bundled seeds, one row per segment
  framing corpus --format csv --out segments.csv
  framing corpus --text 004_7a858a121546b812      the repaired text with segments marked
  framing corpus news/ --catalog news/catalog.csv"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``corpus`` command."""
    p = sub.add_parser("corpus", help="list documents and segments (doc, segment, stance, outlet, kind, sizes)",
                       description="List documents and their segments with stance, outlet, kind and sizes.",
                       epilog=EXAMPLES, formatter_class=formatter())
    add_paths(p)
    add_format(p, ["table", "csv", "json", "jsonl"], "table")
    p.add_argument("--text", metavar="DOC_ID", help="print this document's repaired text with its segments marked")
    p.add_argument("--original", action="store_true", help="with --text: print the original file text instead")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing corpus``; return the exit code."""
    from framing.api import corpus_frame, load_parsed
    from framing.core.export import write_frame
    parsed, problems = load_parsed(args.paths, args.catalog)
    status = report_problems(problems)
    if args.text:
        match = [p for p in parsed if p.doc.doc_id == args.text or p.doc.doc_id.startswith(args.text)]
        if not match:
            raise FramingError(f"no document with id {args.text!r}",
                               fix="run 'framing corpus' to list the ids")
        pd_ = match[0]
        if args.original:
            sys.stdout.write(pd_.doc.raw)
            return status
        out = []
        text = pd_.text
        for seg in pd_.segments:
            out.append(f"\n[[ {seg.seg_id} | {seg.kind} | stance={seg.stance} | outlet={seg.outlet} ]]\n")
            out.append(text[seg.start:seg.end] + "\n")
        if pd_.repaired.references:
            out.append(f"\n[[ {len(pd_.repaired.references)} parsed references,"
                       f" {len(pd_.repaired.citations)} footnote markers ]]\n")
        if pd_.repaired.notes:
            out.append("[[ repair: " + "; ".join(pd_.repaired.notes) + " ]]\n")
        sys.stdout.write("".join(out))
        return status
    write_frame(corpus_frame(parsed), args.format, args.out)
    return status
