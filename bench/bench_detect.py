"""CPU cost of the span model and of the voice stage per article (``process_time``, one process).

Measures, on the given texts (default: the bundled seeds and framing-dev's
English articles when ``../shared/reference/framing-dev`` is present):

* ``pipeline``  parse + detect (repair, segment, match, voice, sentiment) per article;
* ``voice``     :func:`framing.detect.voice.analyze_voice` alone on the parsed documents;
* ``model``     the span rows of ``--detector both`` with the bundled model
  (token features, scoring, decoding), the cost the model adds to the pipeline.

Each figure is the sum over ``--passes`` passes after one warm-up pass (which
fills per-process caches, as a long batch run would).  Usage::

    python bench/bench_detect.py [--passes 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: another checkout can be measured
DEV = ROOT.parent / "shared" / "reference" / "framing-dev" / "articles"
if not DEV.is_dir():
    DEV = Path("/work/shared/reference/framing-dev/articles")


def measure(paths: list[str] | None, passes: int) -> list[tuple[str, int, float, float, float]]:
    """Return ``(label, documents, pipeline s, voice s, model s)`` CPU seconds per corpus."""
    from framing.detect.lexicon import load_lexicon
    from framing.detect.matcher import compile_matcher
    from framing.detect.spanmodel.model import load_model
    from framing.detect.spans import document_spans
    from framing.detect.voice import analyze_voice
    from framing.orchestrator import detect_one
    from framing.text.corpus import load_corpus

    lex = load_lexicon()
    matcher = compile_matcher(lex)
    model = load_model()
    sets = [("given", paths)] if paths else [("seeds", None)] + ([("framing-dev en", [str(DEV)])] if DEV.is_dir() else [])
    out = []
    for label, p in sets:
        docs = list(load_corpus(p).documents)
        dets = [detect_one(d, lex, matcher) for d in docs]
        for det in dets:  # warm caches
            document_spans(det, lex, "both", model)
        base = voice = extra = 0.0
        for _ in range(passes):
            for d in docs:
                t0 = time.process_time()
                det = detect_one(d, lex, matcher)
                t1 = time.process_time()
                document_spans(det, lex, "both", model)
                t2 = time.process_time()
                analyze_voice(det.parsed)
                t3 = time.process_time()
                base += t1 - t0
                extra += t2 - t1
                voice += t3 - t2
        out.append((label, len(docs), base / passes, voice / passes, extra / passes))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the CPU table; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--passes", type=int, default=3)
    a = ap.parse_args(argv)
    print("| texts | documents | pipeline ms/doc | voice ms/doc | model ms/doc | model vs pipeline |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, n, base, voice, extra in measure(a.paths or None, a.passes):
        print(f"| {label} | {n} | {1000 * base / n:.2f} | {1000 * voice / n:.2f} | {1000 * extra / n:.2f} "
              f"| +{100 * extra / base:.0f}% |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
