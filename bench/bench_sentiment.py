"""Benchmark: vaderSentiment's polarity_scores vs framing.detect.sentiment.SentimentScorer.

Both score the same sentences: the PTC train split (one sentence per line
after a 2-line header) when ``../shared/reference/ptc-train`` exists beside the
checkout, otherwise the bundled seeds split on sentence-final punctuation and
repeated to a comparable size.  Prints sentences/s and MB/s (UTF-8 bytes of the
sentences) for each, the speed ratio and how often the two agree.

Run:  PYTHONPATH=src python bench/bench_sentiment.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import Callable

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.detect.sentiment import Scores, SentimentScorer

ROOT = Path(__file__).resolve().parents[1]
PTC = ROOT.parent / "shared" / "reference" / "ptc-train"
SEEDS = ROOT / "seeds"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def load_sentences() -> tuple[str, list[str]]:
    """Return (name of the corpus, its sentences): PTC if present, else seeds repeated."""
    articles = PTC / "articles"
    if articles.is_dir():
        sentences = []
        for path in sorted(articles.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")[2:]
            sentences.extend(line for line in lines if line.strip())
        return f"PTC train ({len(sentences)} sentences)", sentences
    seeds = []
    for path in sorted(SEEDS.glob("*.txt")):
        seeds.extend(s for s in _SENTENCE_END.split(path.read_text(encoding="utf-8")) if s.strip())
    reps = max(1, 15000 // max(1, len(seeds)))
    return f"seeds x{reps} ({len(seeds)} distinct sentences)", seeds * reps


def best_times(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Return, for each function, the smallest CPU time in seconds over ``repeat`` calls.

    The functions are run in turn (interleaved) so that slow phases of a
    shared or virtual machine hit them alike; CPU time and the minimum make
    the figures robust to other processes.
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            start = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - start)
    return best


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per scorer (best is kept)")
    args = parser.parse_args()

    name, sentences = load_sentences()
    megabytes = sum(len(s.encode("utf-8")) for s in sentences) / 1e6
    print(f"corpus: {name}, {megabytes:.2f} MB")

    start = time.process_time()
    vader = SentimentIntensityAnalyzer()
    vader_load = time.process_time() - start
    start = time.process_time()
    ours = SentimentScorer()
    ours_load = time.process_time() - start

    # First pass of our scorer with an empty token cache, as a new process sees it.
    start = time.process_time()
    ours_results = ours.score_many(sentences)
    ours_cold = time.process_time() - start

    polarity = vader.polarity_scores
    vader_t, ours_t = best_times([lambda: [polarity(s) for s in sentences],
                                  lambda: ours.score_many(sentences)], args.repeat)

    vader_results = [polarity(s) for s in sentences]
    exact = close = 0
    for mine, ref in zip(ours_results, vader_results):
        ref_t = Scores(ref["neg"], ref["neu"], ref["pos"], ref["compound"])
        exact += mine == ref_t
        close += abs(mine.compound - ref_t.compound) <= 0.01

    n = len(sentences)
    print(f"{'scorer':<28}{'sentences/s':>14}{'MB/s':>9}{'load s':>9}")
    print(f"{'vaderSentiment':<28}{n / vader_t:>14,.0f}{megabytes / vader_t:>9.2f}{vader_load:>9.3f}")
    print(f"{'SentimentScorer (warm)':<28}{n / ours_t:>14,.0f}{megabytes / ours_t:>9.2f}{ours_load:>9.3f}")
    print(f"{'SentimentScorer (cold cache)':<28}{n / ours_cold:>14,.0f}{megabytes / ours_cold:>9.2f}")
    print(f"speed ratio (warm): {vader_t / ours_t:.1f}x   (cold): {vader_t / ours_cold:.1f}x")
    print(f"agreement: identical scores {exact / n:.2%}, compound within 0.01 {close / n:.2%}")


if __name__ == "__main__":
    main()
