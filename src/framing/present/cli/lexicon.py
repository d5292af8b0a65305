"""``framing lexicon``: check, import, export and list the lexicons."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.core.errors import FramingError, printable
from framing.core.export import write_frame
from framing.present.cli.common import add_lexicons, formatter

EXAMPLES = """examples:
  framing lexicon check                           validate the bundled lexicons (file:line errors)
  framing lexicon check --lexicons my_lexicons/
  framing lexicon import LIWC2015.dic --out lexicons/liwc_imported.csv
  framing lexicon import empath.tsv --out imported.csv --categories-out imported_categories.csv
  framing lexicon export --format dic --out framing.dic
  framing lexicon list --category hedge"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``lexicon`` command and its sub-commands."""
    p = sub.add_parser("lexicon", help="check, import (LIWC .dic/.dicx, Empath .tsv), export or list lexicons",
                       description="Work with lexicon files: validate them, import other dictionaries into "
                                   "the CSV schema, export as LIWC .dic, or list entries.",
                       epilog=EXAMPLES, formatter_class=formatter())
    ls = p.add_subparsers(dest="lexicon_command", metavar="ACTION")
    c = ls.add_parser("check", help="validate lexicon files; one file:line message per problem",
                      epilog="example:\n  framing lexicon check --lexicons lexicons/", formatter_class=formatter())
    add_lexicons(c)
    c.set_defaults(func=run_check)
    i = ls.add_parser("import", help="convert a LIWC .dic/.dicx or Empath .tsv dictionary to lexicon CSV",
                      epilog="example:\n  framing lexicon import my.dic --out lexicons/my.csv",
                      formatter_class=formatter())
    i.add_argument("file", help="the dictionary file (.dic, .dicx or .tsv)")
    i.add_argument("--out", metavar="FILE", help="entries CSV to write (default: standard output)")
    i.add_argument("--categories-out", metavar="FILE", help="also write category rows for categories.csv")
    i.add_argument("--family", default="imported", help="family name for the imported categories")
    i.set_defaults(func=run_import)
    e = ls.add_parser("export", help="export the lexicon (LIWC .dic or CSV)",
                      epilog="examples:\n  framing lexicon export --format dic --out framing.dic\n"
                             "  framing lexicon export --format csv --out mine/entries.csv   "
                             "(loads again beside a copy of categories.csv)",
                      formatter_class=formatter())
    e.add_argument("--format", choices=["dic", "csv"], default="dic")
    e.add_argument("--out", metavar="FILE")
    add_lexicons(e)
    e.set_defaults(func=run_export)
    li = ls.add_parser("list", help="list entries (optionally one category or a search string)",
                       epilog="example:\n  framing lexicon list --category toponym", formatter_class=formatter())
    li.add_argument("--category")
    li.add_argument("--search", help="substring of pattern or rationale")
    li.add_argument("--format", choices=["table", "csv", "jsonl", "json"], default="table")
    add_lexicons(li)
    li.set_defaults(func=run_list)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_check(args: argparse.Namespace) -> int:
    """Validate lexicon files; print problems; return 1 if any."""
    from framing.detect.lexicon import check_lexicon, load_lexicon
    problems = check_lexicon(args.lexicons)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"framing: {len(problems)} lexicon problem(s)", file=sys.stderr)
        return 1
    lex = load_lexicon(args.lexicons)
    print(f"ok: {len(lex.entries)} entries in {len(lex.categories)} categories, version {lex.version}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a dictionary into the lexicon CSV schema; return 1 if lines were skipped."""
    from framing.detect.lexicon_io import import_dictionary, imported_categories, write_categories_csv, write_entries_csv
    path = Path(args.file)
    if not path.is_file():
        raise FramingError("no such dictionary file", path, fix="check the path")
    df, problems = import_dictionary(path)
    for p in problems:
        print(f"framing: {p}", file=sys.stderr)
    if df.empty:
        where = f"; {printable(str(args.out))} was not written" if args.out else ""
        raise FramingError(f"nothing was imported ({len(problems)} problem(s) above){where}", path,
                           fix="check that it is a LIWC .dic (% header, then pattern<TAB>id lines), "
                               "a LIWC-22 .dicx or an Empath .tsv")
    if args.out:
        n = write_entries_csv(df, args.out)
        print(f"wrote {n} entries to {printable(str(args.out))}", file=sys.stderr)
    else:
        write_frame(df, "csv")
    if args.categories_out:
        write_categories_csv(imported_categories(df, args.family), args.categories_out)
    return 1 if problems else 0


def run_export(args: argparse.Namespace) -> int:
    """Export the lexicon as LIWC .dic or CSV; return 0."""
    from framing.detect.lexicon import CATEGORIES_FILE, load_lexicon
    from framing.detect.lexicon_io import export_dic
    lex = load_lexicon(args.lexicons)
    if args.format == "csv":
        # Verbatim, not formula-guarded: this file is read back as a lexicon, and the guard's
        # leading ' would turn every =CASE pattern into an unmatchable one.
        write_frame(lex.entries_frame(), "csv", args.out, neutralize=False)
        if args.out:
            print(f"wrote {len(lex.entries)} entries to {printable(str(args.out))}; to load them, put the file in "
                  f"a folder with a copy of {CATEGORIES_FILE} (framing lexicon check --lexicons FOLDER)",
                  file=sys.stderr)
        return 0
    if args.out:
        problems = export_dic(lex, args.out)
    else:
        problems = export_dic(lex, sys.stdout)
    for p in problems:
        print(f"framing: note: {p}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List lexicon entries; return 0."""
    from framing.detect.lexicon import load_lexicon
    df = load_lexicon(args.lexicons).entries_frame()
    if args.category:
        df = df[df["category"] == args.category]
    if args.search:
        s = args.search.lower()
        df = df[df["pattern"].str.lower().str.contains(s, regex=False)
                | df["rationale"].str.lower().str.contains(s, regex=False)]
    if args.format == "table":
        df = df[["id", "pattern", "category", "weight", "neutral_alternative", "rationale"]]
    write_frame(df, args.format)
    return 0
