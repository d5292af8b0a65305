"""The ``framing`` command: a thin argparse layer over the library.

Each command group lives in its own module with a ``register(subparsers)``
function; this file only assembles them and turns user errors into one-line
messages and exit codes (0 ok, 1 some input skipped or a check failed, 2 usage).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from framing.core.errors import FramingError

#: Command modules, in the order they appear in ``framing --help``.
COMMAND_MODULES = ["corpus", "spans", "score", "store", "lexicon", "evaluate", "train", "claims", "contrast", "credibility",
                   "exercises", "dashboard"]

EPILOG = """examples:
  framing corpus                      list the bundled seed documents and segments
  framing corpus --text 004_7a858a121546b812
  framing corpus my_articles/ --catalog my_articles/catalog.csv --format csv

Run 'framing COMMAND --help' for each command's options and an example."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Analyze source credibility and propaganda framing in news, explainably.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    from framing import __version__
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def default_subcommands(argv: list[str]) -> list[str]:
    """Return ``argv`` with the default sub-command of a command inserted where the user left it out.

    A command module whose sub-commands are optional (``framing claims PATHS``
    means ``framing claims assign PATHS``) defines ``default_subcommand(argv)``.
    """
    for name in COMMAND_MODULES:
        fix = getattr(importlib.import_module(f".{name}", __name__), "default_subcommand", None)
        if fix is not None:
            argv = fix(argv)
    return argv


def main(argv: list[str] | None = None) -> int:
    """Run the ``framing`` command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(default_subcommands(list(sys.argv[1:] if argv is None else argv)))
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("framing: interrupted; results written so far are kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
