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

#: Every command: the module that registers it and its one-line help.  ``framing --help`` and a
#: command's run build the other commands from this table instead of importing their modules (each
#: imports pandas or the analysis stages: most of a start-up); tests check it matches the modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "corpus": ("corpus", "list documents and segments (doc, segment, stance, outlet, kind, sizes)"),
    "spans": ("spans", "list every detected span (lexicon, scare quotes, span model) with category, voice and offsets"),
    "score": ("score", "score documents: loadedness (own/quoted), hedges, attribution, sentiment"),
    "store": ("store", "inspect a result store; prune results of old lexicon versions or deleted files"),
    "lexicon": ("lexicon", "check, import (LIWC .dic/.dicx, Empath .tsv), export or list lexicons"),
    "evaluate": ("evaluate", "score detected spans against PTC labels or guideline-format annotations"),
    "train": ("train", "train the span model on annotated texts (guideline CSV or PTC labels)"),
    "claims": ("claims", "assign sentences to claims (sub-commands: discover, documents, check)"),
    "distinctive": ("claims", "terms that distinguish each stance (or outlet) from the rest"),
    "contrast": ("contrast", "compare how each stance frames one claim"),
    "credibility": ("credibility", "transparent credibility indicators per document, outlet or stance, with evidence"),
    "provenance": ("credibility", "who cites whom: edges from attributions, endnotes and links"),
    "exercises": ("exercises", "make classroom worksheets with answer keys"),
    "dashboard": ("dashboard", "start the interactive dashboard (Streamlit) on this machine"),
}

EPILOG = """examples:
  framing corpus                      list the bundled seed documents and segments
  framing corpus --text 004_7a858a121546b812
  framing corpus my_articles/ --catalog my_articles/catalog.csv --format csv

Run 'framing COMMAND --help' for each command's options and an example."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every command registered.

    With ``command`` (a name from :data:`COMMANDS`, or ``""`` for none) only
    that command's module is imported and registered; the others get a
    placeholder with their help line, enough for ``framing --help`` and for
    argparse's "invalid choice" message.
    """
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Analyze source credibility and propaganda framing in news, explainably.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    from framing import __version__
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = COMMAND_MODULES if command is None else [COMMANDS[command][0]] if command in COMMANDS else []
    registered: set[str] = set()
    for name in COMMAND_MODULES:
        if name in wanted:
            before = set(sub.choices)
            importlib.import_module(f".{name}", __name__).register(sub)
            registered |= set(sub.choices) - before
    if command is not None:
        # Placeholders in the table's order; argparse lists sub-commands in the order added.
        ordered = {k: sub.choices.pop(k) for k in list(sub.choices)}
        actions = {a.dest: a for a in sub._choices_actions}  # noqa: SLF001 (argparse has no public API)
        sub._choices_actions.clear()  # noqa: SLF001
        for name, (_, text) in COMMANDS.items():
            if name in ordered:
                sub.choices[name] = ordered[name]
                sub._choices_actions.append(actions[name])  # noqa: SLF001
            else:
                sub.add_parser(name, help=text)
    return parser


def _command(argv: list[str]) -> str:
    """Return the command named in ``argv`` ("" when there is none, as for ``framing --help``)."""
    first = next((a for a in argv if not a.startswith("-")), "")
    return first if first in COMMANDS else ""


def default_subcommands(argv: list[str]) -> list[str]:
    """Return ``argv`` with the default sub-command of a command inserted where the user left it out.

    A command module whose sub-commands are optional (``framing claims PATHS``
    means ``framing claims assign PATHS``) defines ``default_subcommand(argv)``.
    Only the module of the command in ``argv`` is imported.
    """
    command = _command(argv)
    if not command:
        return argv
    fix = getattr(importlib.import_module(f".{COMMANDS[command][0]}", __name__), "default_subcommand", None)
    return fix(argv) if fix is not None else argv


def main(argv: list[str] | None = None) -> int:
    """Run the ``framing`` command line; return the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(default_subcommands(argv))
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
