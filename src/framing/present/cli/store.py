"""``framing store``: inspect a result store and prune results of old lexicon versions."""

from __future__ import annotations

import argparse
import sys

from framing.core.errors import FramingError
from framing.present.cli.common import formatter

EXAMPLES = """examples:
  framing store info                              runs, lexicon versions and sizes of ./framing-store.sqlite
  framing store info --store /data/news.sqlite --check
  framing store prune --dry-run                   what pruning would delete
  framing store prune --keep 2 --vacuum           keep the two most used lexicon versions, shrink the file
  framing store prune --by recent                 keep the most recently scored version instead
  framing store prune --missing --dry-run         documents whose file was deleted"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``store`` command and its sub-commands."""
    p = sub.add_parser("store", help="inspect a result store; prune results of old lexicon versions or deleted files",
                       description="Every lexicon edit is a new lexicon version, and 'framing score' keeps the "
                                   "results of each version it scored. 'info' shows what a store holds; "
                                   "'prune' deletes the results of older versions (documents, segments and the "
                                   "run history stay).",
                       epilog=EXAMPLES, formatter_class=formatter())
    ss = p.add_subparsers(dest="store_command", metavar="ACTION")
    i = ss.add_parser("info", help="runs, lexicon versions and row counts of a store",
                      epilog="example:\n  framing store info --store /data/news.sqlite --check",
                      formatter_class=formatter())
    _add_store(i)
    i.add_argument("--runs", type=int, default=10, metavar="N", help="show the last N runs (default 10)")
    i.add_argument("--check", action="store_true", help="also run SQLite's integrity check (reads the whole file)")
    i.set_defaults(func=run_info)
    pr = ss.add_parser("prune", help="delete the results of all but the most used lexicon versions, or the "
                                     "documents whose file is gone (--missing)",
                       epilog="examples:\n  framing store prune --dry-run\n  framing store prune --keep 2 --vacuum\n"
                              "  framing store prune --missing --dry-run",
                       formatter_class=formatter())
    _add_store(pr)
    pr.add_argument("--keep", type=int, default=1, metavar="N",
                    help="keep the results of N lexicon versions (default 1), chosen by --by")
    pr.add_argument("--by", choices=["used", "recent"], default="used",
                    help="keep the versions with results for the most stored documents (used, the default; ties go "
                         "to the most recent) or the most recently scored ones (recent)")
    pr.add_argument("--missing", action="store_true",
                    help="instead, delete the documents (and all their rows) whose file no longer exists; relative "
                         "paths are resolved against the current folder, so run it where 'framing score' ran")
    pr.add_argument("--dry-run", action="store_true", help="only report what would be deleted")
    pr.add_argument("--vacuum", action="store_true",
                    help="afterwards rewrite the file so the freed space goes back to the disk (slow on big stores)")
    pr.set_defaults(func=run_prune)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="FILE",
                   help="SQLite result store (default: $FRAMING_STORE or ./framing-store.sqlite)")


def _open(args: argparse.Namespace):
    from framing.store.db import open_store
    return open_store(args.store, create=False)


def run_info(args: argparse.Namespace) -> int:
    """Print what a store holds; return 1 when ``--check`` finds damage."""
    with _open(args) as st:
        size = sum(p.stat().st_size for p in (st.path, st.path.with_name(st.path.name + "-wal")) if p.exists())
        counts = st.counts()
        print(f"store {st.path}: {size / 1e6:.1f} MB, schema version {st.schema_version()}")
        print(f"  {counts['documents']:,} documents, {counts['segments']:,} segments, "
              f"{counts['analyses']:,} analyses, {counts['matches']:,} matches, {counts['scores']:,} score rows")
        print("lexicon versions (oldest first):")
        for v in st.version_summary():
            print(f"  {v['version']}  first seen {v['first_seen']}  {v['entries']} entries  "
                  f"{v['documents']:,} documents  {v['matches']:,} matches  {v['runs']} run(s)")
        runs = st.runs()[-args.runs:] if args.runs > 0 else []
        if runs:
            print(f"last {len(runs)} run(s):")
        for r in runs:
            print(f"  run {r.id}  {r.started}  {r.status:11s}  lexicon {r.lexicon_version}  scored {r.scored:,}  "
                  f"reused {r.reused:,}  skipped {r.skipped:,}  failed {r.failed:,}")
        if args.check:
            result = st.integrity_check()
            print(f"integrity check: {result}")
            if result != "ok":
                print(f"framing: store {st.path} is damaged; fix: move it aside and rerun 'framing score' "
                      "to rebuild it", file=sys.stderr)
                return 1
    return 0


def run_prune(args: argparse.Namespace) -> int:
    """Delete (or with ``--dry-run`` count) the results of old lexicon versions; return 0."""
    if args.keep < 1:
        raise FramingError("--keep must be at least 1", fix="pass --keep 1 to keep only the newest version")
    if args.missing:
        return _prune_missing(args)
    with _open(args) as st:
        # Kept versions last.  "used": by stored documents, ties to the most
        # recent; "recent": a lexicon reverted to an old version is in use again.
        order = ((lambda v: (v["documents"], v["last_run_id"])) if args.by == "used"
                 else (lambda v: v["last_run_id"]))
        versions = [v["version"] for v in sorted(st.version_summary(), key=order)]
        keep = versions[-args.keep:]
        if len(versions) <= args.keep:
            print(f"nothing to prune: {st.path} holds {len(versions)} lexicon version(s), --keep is {args.keep}")
            return 0
        counts = st.prune_versions(keep, dry_run=args.dry_run)
        verb = "would delete" if args.dry_run else "deleted"
        dropped = counts["lexicon_versions"]
        print(f"{verb} the results of {dropped} lexicon version(s): {counts['analyses']:,} analyses, "
              f"{counts['matches']:,} matches, {counts['scores']:,} score rows, "
              f"{counts['run_documents']:,} run memberships; kept {', '.join(keep) or 'nothing'}")
        if args.vacuum and not args.dry_run:
            st.vacuum()
            size = st.path.stat().st_size
            print(f"vacuumed: {st.path} is now {size / 1e6:.1f} MB")
    return 0


def _prune_missing(args: argparse.Namespace) -> int:
    """Delete (or with ``--dry-run`` list) the documents whose file is gone; return 0."""
    with _open(args) as st:
        gone = st.missing_documents()
        if not gone:
            print(f"nothing to prune: every document in {st.path} still has its file")
            return 0
        for doc_id, path in gone[:20]:
            print(f"  {doc_id}  {path!r}")
        if len(gone) > 20:
            print(f"  ... and {len(gone) - 20:,} more")
        if args.dry_run:
            print(f"would delete {len(gone):,} document(s) whose file no longer exists")
            return 0
        counts = st.delete_documents([d for d, _ in gone])
        print(f"deleted {counts['documents']:,} document(s) whose file no longer exists: "
              f"{counts['analyses']:,} analyses, {counts['matches']:,} matches, {counts['scores']:,} score rows")
        if args.vacuum:
            st.vacuum()
            print(f"vacuumed: {st.path} is now {st.path.stat().st_size / 1e6:.1f} MB")
    return 0
