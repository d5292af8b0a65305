"""Benchmark the fixed cost of a run: an unchanged re-run, ``framing --help``, adding documents to a big store.

Every figure is the CPU time (user + system, ``resource.getrusage`` of
RUSAGE_CHILDREN, so worker processes count) of one whole command in a child
process -- interpreter start-up, imports, the store check, the output --
as a user pays it.  Measured:

* ``first``: ``framing score CORPUS`` of 1,000 generated articles into a new store;
* ``rerun``: the same command again, nothing changed (target: >= 20x less CPU);
  it prints the whole segment table (1,981 rows), and with ``--by stance`` a small one;
* ``help``: ``framing --help`` (target: <= 0.3 s CPU);
* ``add``: 10,000 articles scored into a store, then 100 more added and the
  command run on all 10,100, against ``new``: those 100 scored into a new
  store (target: add <= 1.3x new).

The figures go into ``bench/RESULTS.md`` (section "Re-run cost", replaced on
each run, after the hand-written notes that ``bench/run.py`` keeps).

Usage::

    python bench/bench_rerun.py [--jobs 2] [--docs 1000] [--big 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
sys.path.insert(0, str(BENCH))
import corpus_gen  # noqa: E402

HEADING = "## Re-run cost (bench/bench_rerun.py)"
#: Written under the table (by hand from a profile; check it still holds when the figures move).
NOTE = ("Where an unchanged re-run's CPU goes (cProfile by hand, 2026-12-02, 1,000 articles, default segment table of "
        "1,981 rows): interpreter start and imports about 0.1 s; reading the stored rows and printing the table about "
        "0.15 s; the store check (folder walk, stat cache, known documents, run bookkeeping) under 0.1 s.  pandas is no "
        "longer imported: the screen table is printed from the stored rows by `framing.core.export.render_rows`, which "
        "gives pandas' `to_string` text (tests compare them) and leaves to pandas what it does not reproduce; folders "
        "are walked with `os.scandir`, one stat per file, kept for the reuse check (no `resolve()` per file).  Before "
        "this: pandas 0.5 s, building and rendering the table 0.35 s, `resolve()` per file 0.15 s.  Adding 100 articles "
        "to a 10,000-article store: the 10,000 reused files cost one stat each, and the 50-row preview reads the "
        "documents it shows instead of sorting all 20,000 score rows of the run (0.15 -> 0.02 s).")
#: Byte-code cache of the measured commands (outside the source tree).
PYCACHE = Path(tempfile.gettempdir()) / "framing-bench-pycache"


def cpu_of(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run ``python -m framing ARGS``; return (CPU seconds of it and its children, wall seconds, exit code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONPYCACHEPREFIX=str(PYCACHE))
    # Byte-code cached, as an installed package has it (some shells set PYTHONDONTWRITEBYTECODE,
    # and compiling ~250 modules at every start would be counted as the command's cost).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "framing", *args], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"framing {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode


def best(args: list[str], cwd: Path, repeat: int) -> float:
    """Return the least CPU time of ``repeat`` runs (the machine is shared: the least is the cost)."""
    return min(cpu_of(args, cwd)[0] for _ in range(repeat))


def main(argv: list[str] | None = None) -> int:
    """Run the measurements, print them and write them into bench/RESULTS.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--docs", type=int, default=1000, help="articles of the re-run corpus")
    ap.add_argument("--big", type=int, default=10000, help="articles already in the store for 'add'")
    ap.add_argument("--added", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each cheap command (the least counts)")
    ap.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    a = ap.parse_args(argv)
    jobs = ["--jobs", str(a.jobs), "--quiet"]
    work = Path(tempfile.mkdtemp(prefix="framing-rerun-"))
    try:
        small = corpus_gen.generate(DATA / f"rerun-{a.docs}", a.docs, seed=7)
        store = work / "small.sqlite"
        cpu_of(["--help"], work)  # warm the byte-code cache
        cpu_of(["score", "--no-store", "--by", "stance"], work)
        first = cpu_of(["score", str(small), "--store", str(store), *jobs], work)[0]
        rerun = best(["score", str(small), "--store", str(store), *jobs], work, a.repeat)
        stance = best(["score", str(small), "--store", str(store), "--by", "stance", *jobs], work, a.repeat)
        help_cpu = best(["--help"], work, a.repeat)
        print(f"first {first:.2f} s, rerun {rerun:.2f} s ({first / rerun:.1f}x), --help {help_cpu:.2f} s", flush=True)

        # The big corpus: parts of 1,000 files; the last `added` files are the new ones.
        big = corpus_gen.generate(DATA / f"rerun-{a.big}+{a.added}", a.big + a.added, seed=9, per_folder=a.added)
        parts = sorted(p for p in big.iterdir() if p.is_dir())
        old, new = parts[:-1], parts[-1]
        cat = ["--catalog", str(big / "catalog.csv")]
        bstore = work / "big.sqlite"
        fill = cpu_of(["score", *map(str, old), "--store", str(bstore), *cat, *jobs], work)[0]
        snapshot = work / "big-before.sqlite"
        shutil.copy(bstore, snapshot)
        adds, news = [], []
        for _ in range(a.repeat):
            shutil.copy(snapshot, bstore)
            for suffix in ("-wal", "-shm"):
                Path(str(bstore) + suffix).unlink(missing_ok=True)
            adds.append(cpu_of(["score", *map(str, old), str(new), "--store", str(bstore), *cat, *jobs], work)[0])
            nstore = work / "new.sqlite"
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(nstore) + suffix).unlink(missing_ok=True)
            news.append(cpu_of(["score", str(new), "--store", str(nstore), *cat, *jobs], work)[0])
        add, fresh = min(adds), min(news)
        print(f"fill {a.big:,}: {fill:.1f} s; add {a.added}: {add:.2f} s; new store of {a.added}: {fresh:.2f} s "
              f"({add / fresh:.2f}x)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        ("unchanged re-run of %s articles vs first run" % f"{a.docs:,}", f"{rerun:.2f} s vs {first:.2f} s",
         f"{first / rerun:.1f}x less", ">= 20x less", first / rerun >= 20),
        ("the same re-run with `--by stance` (a small table)", f"{stance:.2f} s vs {first:.2f} s",
         f"{first / stance:.1f}x less", ">= 20x less", first / stance >= 20),
        ("`framing --help`", f"{help_cpu:.2f} s", "", "<= 0.3 s", help_cpu <= 0.3),
        (f"add {a.added} articles to a {a.big:,}-article store vs {a.added} into a new store",
         f"{add:.2f} s vs {fresh:.2f} s", f"{add / fresh:.2f}x", "<= 1.3x", add / fresh <= 1.3),
    ]
    lines = [HEADING, "",
             f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {platform.python_implementation()} "
             f"{platform.python_version()}, {os.cpu_count()} CPUs (shared), `--jobs {a.jobs}`, articles of ~6 kB "
             "from `bench/corpus_gen.py`, byte-code cached.  CPU = user + system time of the whole command and its workers "
             f"(`getrusage(RUSAGE_CHILDREN)`), the least of {a.repeat} runs for the cheap commands.  "
             f"Filling the {a.big:,}-article store took {fill:.0f} s CPU.", "",
             "| measure | CPU | ratio | target | met |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {m} | {c} | {r} | {t} | {'yes' if ok else 'no'} |" for m, c, r, t, ok in rows]
    lines += ["", NOTE, ""]
    out = Path(a.out)
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if HEADING in text:
        head, _, rest = text.partition(HEADING)
        nxt = rest.find("\n## ")
        text = head + "\n".join(lines) + (rest[nxt:] if nxt >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
