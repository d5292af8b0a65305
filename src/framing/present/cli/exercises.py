"""``framing exercises``: printable media-literacy worksheets with separate answer keys."""

from __future__ import annotations

import argparse
import sys
import warnings

from framing.core.errors import FramingError, printable
from framing.present.exercises import KIND_TITLES, KINDS, LEVELS, ShortfallWarning, generate
from framing.present.cli.common import add_lexicons, add_paths, formatter, report_problems

EXAMPLES = """examples:
  framing exercises --kind spot --count 5 --seed 1 --level easy --out week3/spot.html
      writes week3/spot.html, week3/spot.key.html, week3/spot.md and week3/spot.key.md
  framing exercises --kind frames --claim nk_troops --claim partnership_treaty --out frames.html
  framing exercises news/ --catalog news/catalog.csv --kind source --stance kremlin_rt --stance ua_gov --out guess.md
  framing exercises --kind rewrite --count 2          print the worksheet and key as Markdown
  framing exercises --kind voice --out week4/voice.html --students class.txt --class-dir ~/class --sheet week4
      one version per student (week4/voice.<name>.html: same items, own order, name on every page), one key,
      and the sheet saved in ~/class/classroom.sqlite so answers saved on the Classroom page are marked
  framing exercises --kind spot --out spot.html --export gift --export qti      also spot.gift.txt, spot.qti.zip
  framing exercises --class-dir ~/class --summary week4                          class summary as CSV

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
    p.add_argument("--kind", choices=KINDS, help="the kind of exercise (required unless --summary)")
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
    p.add_argument("--students", metavar="FILE",
                   help="class list (one name a line): write one version per student, FILE.<name>.html/.md, "
                        "same items in a per-student order with the name line filled (needs --out)")
    p.add_argument("--export", action="append", choices=("gift", "qti"), metavar="FORMAT",
                   help="also write FILE.gift.txt (Moodle GIFT) or FILE.qti.zip (IMS QTI 2.1); repeatable")
    p.add_argument("--class-dir", metavar="DIR",
                   help="folder of the class store (classroom.sqlite, created if missing) to save the sheet in")
    p.add_argument("--sheet", metavar="NAME", help="name of the sheet in the class store (default: the --out stem)")
    p.add_argument("--summary", metavar="NAME", help="print the class summary of sheet NAME as CSV (needs --class-dir)")
    p.add_argument("--mark", metavar="CSV",
                   help="mark and save answers typed in from paper: CSV student,exercise,response "
                        "(a spot response lists phrases separated by |; needs --class-dir and --sheet)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing exercises``; return the exit code (1 when fewer exercises than asked could be made)."""
    from framing.api import analyze
    from framing.present.worksheet import render_markdown, write_class_set, write_lms, write_worksheet
    if args.summary or args.mark:
        return _class_tasks(args)
    if not args.kind:
        raise FramingError("--kind is required", fix="give --kind " + "|".join(KINDS))
    if (args.students or args.export) and not args.out:
        raise FramingError("--students and --export write files next to --out", fix="add --out FILE.html")
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
        versions = []
        if args.students:
            from framing.present.exercises.classset import class_set, read_class_list
            versions = class_set(exercises, read_class_list(args.students), seed=args.seed)
            paths += write_class_set(versions, args.out, title=title)
        if args.export:
            paths += write_lms(exercises, args.out, dict.fromkeys(args.export), title=title)
        if args.class_dir:
            from framing.present.exercises.classstore import ClassStore
            from framing.present.worksheet import output_paths
            sheet = args.sheet or output_paths(args.out)["sheet_html"].stem
            store = ClassStore(args.class_dir)
            store.save_sheet(sheet, exercises, title, args.seed, versions)
            print(f"saved sheet {sheet!r} in {printable(str(store.path))}", file=sys.stderr)
        print(f"wrote {len(exercises)} exercise(s): " + ", ".join(printable(str(p)) for p in paths), file=sys.stderr)
    else:
        sys.stdout.write(render_markdown(exercises, key=False, title=title))
        sys.stdout.write("\n\n" + render_markdown(exercises, key=True, title=title))
    return status


def _class_tasks(args: argparse.Namespace) -> int:
    """Run ``--mark`` and/or ``--summary`` against the class store; return the exit code."""
    import csv
    import json
    from framing.core.errors import InputError
    from framing.present.exercises.classstore import ClassStore
    if not args.class_dir:
        raise FramingError("--summary and --mark need the class store", fix="add --class-dir DIR")
    store = ClassStore(args.class_dir)
    if args.mark:
        if not args.sheet:
            raise FramingError("--mark needs the sheet the answers are for", fix="add --sheet NAME")
        _, exercises = store.sheet(args.sheet)
        kinds = {e.number: e.kind for e in exercises}
        try:
            fh = open(args.mark, encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise InputError("answers file not found", args.mark, fix="give a CSV student,exercise,response") from None
        with fh:
            reader = csv.DictReader(fh)
            if not {"student", "exercise", "response"} <= set(reader.fieldnames or []):
                raise InputError("missing column(s)", args.mark, 1, "use the header student,exercise,response")
            n = 0
            for line, row in enumerate(reader, 2):
                try:
                    number = int(row["exercise"])
                except (TypeError, ValueError):
                    raise InputError("exercise is not a number", args.mark, line, "give the exercise number") from None
                raw = row.get("response") or ""
                try:
                    response: object = json.loads(raw)
                except ValueError:
                    response = [x.strip() for x in raw.split("|") if x.strip()] if kinds.get(number) == "spot" else raw
                store.record(args.sheet, row.get("student") or "", number, response)
                n += 1
        print(f"marked and saved {n} answer(s) for sheet {args.sheet!r}", file=sys.stderr)
    if args.summary:
        sys.stdout.write(store.summary(args.summary).to_csv(index=False, float_format="%.3f"))
    return 0
