"""``framing dashboard``: start the Streamlit dashboard bundled in the package, on this machine only."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from framing.core.errors import InputError
from framing.present.cli.common import formatter

EXAMPLES = """examples:
  framing dashboard                                the bundled seeds at http://127.0.0.1:8501
  framing dashboard --corpus news/ --port 8600
  framing dashboard --store framing-store.sqlite   read results written by 'framing score --store'
  framing dashboard --model my_model.json          spans of a model trained with `framing train`"""

#: Streamlit settings that keep every request on this machine: no usage statistics, no browser
#: auto-open, no file watcher restarts from an installed package, loopback address only.
STREAMLIT_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none", "--global.developmentMode", "false")


def app_path() -> Path:
    """Return the path of the bundled router script that Streamlit runs."""
    from framing.present import dashboard
    return Path(dashboard.__file__).resolve().parent / "main.py"


def streamlit_command(host: str, port: int) -> list[str]:
    """Return the command line that serves the bundled dashboard on ``host:port``."""
    return [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.address", host,
            "--server.port", str(port), *STREAMLIT_FLAGS]


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``dashboard`` command."""
    p = sub.add_parser("dashboard", help="start the interactive dashboard (Streamlit) on this machine",
                       description="Serve the dashboard bundled with framing. It reads the corpus folder, "
                                   "lexicons and store given here (each can be changed in its sidebar) and "
                                   "sends nothing off the machine. Stop it with Ctrl-C.",
                       epilog=EXAMPLES, formatter_class=formatter())
    p.add_argument("--corpus", metavar="DIR", help="corpus folder to open (default: the bundled seeds)")
    p.add_argument("--lexicons", metavar="DIR", help="lexicon folder (default: the bundled lexicons/)")
    p.add_argument("--store", metavar="FILE", help="result store to offer in the sidebar")
    p.add_argument("--detector", choices=["lexicon", "model", "both"], default=None,
                   help="what lists spans in the reader and counts: lexicon (plus scare quotes), the span model, "
                        "or both (default)")
    p.add_argument("--model", metavar="FILE", help="span model JSON from `framing train` (default: bundled)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    p.add_argument("--port", type=int, default=8501, help="port (default: 8501)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``framing dashboard`` until Streamlit exits; return its exit code."""
    env = dict(os.environ)
    for flag, var in (("corpus", "FRAMING_SEEDS"), ("lexicons", "FRAMING_LEXICONS"), ("store", "FRAMING_STORE")):
        value = getattr(args, flag)
        if value:
            path = Path(value)
            if flag != "store" and not path.is_dir():
                raise InputError(f"--{flag} {value!r} is not a folder", value,
                                 fix=f"pass an existing folder to --{flag}")
            env[var] = str(path.resolve())
    if args.detector:
        env["FRAMING_DETECTOR"] = args.detector
    if args.model:
        if not Path(args.model).is_file():
            raise InputError(f"--model {args.model!r} is not a file", args.model,
                             fix="pass a model written by `framing train --out FILE`")
        env["FRAMING_MODEL"] = str(Path(args.model).resolve())
    print(f"framing: dashboard at http://{args.host}:{args.port} (Ctrl-C stops it)", file=sys.stderr)
    proc = subprocess.Popen(streamlit_command(args.host, args.port), env=env)
    # A service manager or a test stops us with SIGTERM: pass it on, so no
    # orphaned server keeps the port (and our output pipe) open.
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
