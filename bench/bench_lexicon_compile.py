"""Benchmark: load and compile a 100,000-entry lexicon; then match news-like text.

Run:  PYTHONPATH=src python bench/bench_lexicon_compile.py [--entries 100000]

Generates a lexicon folder in a temporary directory (categories.csv plus ten
entry files of made-up phrases: 1-3 words from a 30,000-word pseudo-vocabulary,
a few prefix ``word*`` and case-sensitive ``=WORD`` patterns), then times
``load_lexicon`` + ``compile_matcher`` and prints the figures.  The target is
under 2 seconds in total on one core.  It also reports the matcher's
throughput with the bundled lexicon, as MB/s of characters with and without
tokenization, on the PTC study articles (real news, read from
``../shared/reference/ptc-train`` when present) and on generated news-like
text.  A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from framing.detect.lexicon import CATEGORY_COLUMNS, ENTRY_COLUMNS, load_lexicon  # noqa: E402
from framing.detect.matcher import Matcher, compile_matcher  # noqa: E402
from framing.text.tokens import tokenize  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vor", "dus", "pel", "sho", "gri", "an", "el",
             "ost", "ur", "bri", "zan", "qua", "fel", "nik", "tro"]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    """Return ``size`` distinct pronounceable pseudo-words (stems differ for most)."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def write_lexicon(folder: Path, n_entries: int, seed: int = 7) -> None:
    """Write a ``categories.csv`` and ten entry files holding ``n_entries`` entries."""
    rng = random.Random(seed)
    vocab = make_vocabulary(rng, 30_000)
    cats = [f"cat{i}" for i in range(10)]
    with open(folder / "categories.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CATEGORY_COLUMNS)
        for c in cats:
            w.writerow([c, "bench", "true", f"generated category {c}", "", "", "#ffe08a"])
    seen: set[str] = set()
    files = [open(folder / f"family{i}.csv", "w", encoding="utf-8", newline="") for i in range(10)]
    try:
        writers = [csv.writer(fh, lineterminator="\n") for fh in files]
        for w in writers:
            w.writerow(ENTRY_COLUMNS)
        k = 0
        while k < n_entries:
            words = [rng.choice(vocab) for _ in range(rng.choice((1, 1, 2, 2, 2, 3)))]
            r = rng.random()
            if r < 0.02:
                words[-1] += "*"
            elif r < 0.03:
                words[0] = "=" + words[0].upper()
            pattern = " ".join(words)
            if pattern in seen:
                continue
            seen.add(pattern)
            writers[k % 10].writerow([f"b.{k}", pattern, cats[k % 10], "1",
                                      "", f"generated entry {k}", "bench"])
            k += 1
    finally:
        for fh in files:
            fh.close()


def news_text(n_chars: int, seed: int = 3) -> str:
    """Return news-like English (function words, attributions, a few loaded words)."""
    rng = random.Random(seed)
    common = ("the of to in and a for on that is was with as by said it at from "
              "his her their have has been will not but an are this which who after "
              "Russia North Korea Pyongyang Moscow Kyiv troops talks minister president "
              "according reported officials statement military cooperation sanctions week "
              "government people new year two first talks visit meeting agreement").split()
    loaded = ("devastating brutal regime heroic unbreakable comrades reportedly allegedly "
              "so-called pseudo-legal occupiers shocking outrageous WOT Kiev").split()
    out, size = [], 0
    while size < n_chars:
        sent = [rng.choice(loaded) if rng.random() < 0.03 else rng.choice(common)
                for _ in range(rng.randint(8, 30))]
        s = " ".join(sent).capitalize() + ". "
        out.append(s)
        size += len(s)
    return "".join(out)


def best_of(n: int, fn) -> tuple[float, float]:
    """Run ``fn`` ``n`` times; return the best (wall seconds, CPU seconds).

    The machine may be shared: the best run is the least disturbed one, and
    CPU time is reported beside wall time for the same reason.
    """
    best = (float("inf"), float("inf"))
    for _ in range(n):
        w, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - w, time.process_time() - c))
    return best


def throughput(matcher, label: str, text: str) -> None:
    """Print MB/s of ``matcher`` on ``text`` (CPU time, wall time in brackets)."""
    matcher.match_text(text)  # warm the per-surface caches, as a long run would
    spans = tokenize(text)
    mb = len(text) / 1e6
    m_wall, m_cpu = best_of(3, lambda: matcher.match(text, spans))
    t_wall, t_cpu = best_of(3, lambda: tokenize(text))
    print(f"  {label}: {mb:.1f} MB\n"
          f"    match given spans {mb / m_cpu:.1f} MB/s ({mb / m_wall:.1f} wall); "
          f"tokenize {mb / t_cpu:.1f} MB/s ({mb / t_wall:.1f}); "
          f"tokenize+match {mb / (m_cpu + t_cpu):.1f} MB/s ({mb / (m_wall + t_wall):.1f})")


def ptc_study_text() -> str | None:
    """Return the PTC study articles joined, when ../shared/reference/ptc-train exists (real news)."""
    from framing.analyze.evaluate import split_ids
    ptc = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "ptc-train" / "articles"
    if not ptc.is_dir():
        return None
    study, _ = split_ids(ptc)
    return "\n".join((ptc / f"article{i}.txt").read_text(encoding="utf-8") for i in study)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--mb", type=float, default=10.0, help="MB of generated text for the throughput run")
    args = ap.parse_args()

    from framing.text import tokens
    from framing.detect.lexicon import pattern_key

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_lexicon(folder, args.entries)
        results = []
        for _ in range(3):
            # Cold caches each time: stemming each distinct word is part of the cost.
            pattern_key.cache_clear()
            tokens.normalize.cache_clear()
            w0, c0 = time.perf_counter(), time.process_time()
            lex = load_lexicon(folder)
            w1, _c1 = time.perf_counter(), time.process_time()
            Matcher(lex)  # direct construction: the compile_matcher cache must not hide the cost
            w2, c2 = time.perf_counter(), time.process_time()
            results.append((w2 - w0, w1 - w0, w2 - w1, c2 - c0))
    total, load, comp, cpu = min(results)
    print(f"generated lexicon: {len(lex.entries):,} entries, {len(lex.problems)} problems")
    print(f"load {load:.2f} s + compile {comp:.2f} s = {total:.2f} s wall, {cpu:.2f} s CPU "
          f"(best of 3; target < 2 s)")

    matcher = compile_matcher(load_lexicon())
    print(f"matcher throughput, bundled lexicon ({len(matcher.lexicon.entries)} entries), best of 3:")
    real = ptc_study_text()
    if real is not None:
        throughput(matcher, "PTC study articles (real news)", real * 4)
    generated = news_text(int(args.mb * 1_000_000))
    throughput(matcher, "generated news-like text (hit-dense)", generated)
    # Cost grows with the text, not the lexicon: the same text against 100k entries.
    print(f"matcher throughput, generated lexicon ({len(lex.entries):,} entries):")
    throughput(Matcher(lex), "generated news-like text", generated)


if __name__ == "__main__":
    main()
