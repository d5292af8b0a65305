"""Measure how far classroom answer keys agree with the framing-dev gold spans and voice (read in place, never copied).

    PYTHONPATH=$PWD/src python bench/eval_exercises.py [--dev DIR] [--seeds 5] [--show]

For the 45 English framing-dev texts, ``spot`` and ``voice`` exercises are
generated at every level with several seeds (each distinct passage counted
once), and every *item* a student is scored on is checked against the gold
``spans.csv``:

* a ``spot`` word-bank option the key calls loaded agrees when it overlaps a
  gold span; a distractor (key: not loaded) agrees when it overlaps none;
* a ``voice`` question agrees when its phrase overlaps a gold span with the
  same voice (own / quoted).

Two runs: ``cv``, where each text's exercises come from a span model trained
by 5-fold cross-validation on the *other* folds (the honest figure: the
bundled model was trained on framing-dev itself), and ``bundled``, with the
shipped model (optimistic, reported for comparison).  Also printed: how many
gold spans inside the chosen passages the key leaves out (students are never
scored on them: they are neither answers nor options).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from framing.analyze.crossval import folds_of
from framing.api import analyze
from framing.present.exercises import LEVELS, ShortfallWarning, generate
from framing.text.annotations import read_guideline_spans
from framing.text.manifest import catalog_from_manifest

DEFAULT_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "framing-dev"
if not DEFAULT_DEV.exists():
    DEFAULT_DEV = Path("/work/shared/reference/framing-dev")


def _exercises(data, seeds: int):
    """Return the distinct spot and voice exercises of ``data`` over every level and ``seeds`` seeds."""
    out, seen = [], set()
    for kind in ("spot", "voice"):
        for level in LEVELS:
            for seed in range(seeds):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ShortfallWarning)
                    try:
                        exs = generate(data, kind, count=20, seed=seed, level=level)
                    except Exception:  # noqa: BLE001 - a fold too small for a level is not an error here
                        continue
                for ex in exs:
                    k = (kind, ex.passage.doc_id, ex.passage.start, ex.passage.end)
                    if k not in seen:
                        seen.add(k)
                        out.append(ex)
    return out


def score(data, gold, show: bool = False) -> Counter:
    """Return item counts ``(kind, item, agrees)`` and the gold spans left out of passages' keys."""
    c: Counter = Counter()
    seen: set = set()
    by_id = data.by_id
    for ex in _exercises(data, score.seeds):  # type: ignore[attr-defined]
        p = ex.passage
        d = by_id[p.doc_id]
        rep = d.parsed.repaired
        g = gold.get(f"articles/{p.doc_id}.txt", [])

        def gold_at(s: int, e: int):
            rs, re_ = rep.raw_span(p.start + s, p.start + e)
            return [x for x in g if x.start < re_ and rs < x.end]
        if ex.kind == "spot":
            answers = {a.text for a in ex.answers}
            for opt in ex.questions[0].choices:
                at = p.text.find(opt)
                hit = bool(gold_at(at, at + len(opt))) if at >= 0 else False
                loaded = opt in answers
                if ("spot", p.doc_id, p.start + at, opt) in seen:
                    continue  # the same word of the same text, offered again in another passage or level
                seen.add(("spot", p.doc_id, p.start + at, opt))
                c["spot", "answer" if loaded else "distractor", hit == loaded] += 1
                if show and hit != loaded:
                    print(f"  spot {p.doc_id}: {opt!r} key={'loaded' if loaded else 'not loaded'} gold={hit}")
            ps, pe = rep.raw_span(p.start, p.end)
            for x in g:
                if ps <= x.start and x.end <= pe and ("gold", x.file, x.start) not in seen:
                    seen.add(("gold", x.file, x.start))
                    listed = any(a.doc_start >= 0 and rep.raw_span(a.doc_start, a.doc_end)[0] < x.end
                                 and x.start < rep.raw_span(a.doc_start, a.doc_end)[1] for a in ex.answers)
                    c["gold_in_passage", "listed" if listed else "left_out", True] += 1
        else:
            for a in ex.answers:
                if ("voice", p.doc_id, a.doc_start) in seen:
                    continue
                seen.add(("voice", p.doc_id, a.doc_start))
                hits = gold_at(a.start, a.end)
                ok = bool(hits) and hits[0].voice == a.voice
                c["voice", "on a gold span" if hits else "not a gold span", ok] += 1
                if show and not ok:
                    print(f"  voice {p.doc_id}: {a.text!r} key={a.voice} gold={hits[0].voice if hits else 'no span'}")
    return c


def _report(name: str, c: Counter) -> dict[str, float]:
    def share(kind, item=None):
        keys = [k for k in c if k[0] == kind and (item is None or k[1] == item)]
        good = sum(c[k] for k in keys if k[2])
        total = sum(c[k] for k in keys)
        return good, total
    items = [share("spot"), share("voice")]
    good, total = sum(x[0] for x in items), sum(x[1] for x in items)
    print(f"[{name}] all scored items: {good}/{total} = {good / max(1, total):.3f}")
    for kind, item in (("spot", "answer"), ("spot", "distractor"), ("spot", None), ("voice", "on a gold span"),
                       ("voice", "not a gold span"), ("voice", None)):
        a, b = share(kind, item)
        print(f"  {kind} {item or 'all'}: {a}/{b} = {a / max(1, b):.3f}")
    listed, left = c["gold_in_passage", "listed", True], c["gold_in_passage", "left_out", True]
    print(f"  gold spans inside spot passages: {listed + left}, listed in the key {listed}, left out "
          f"(neither answer nor option) {left}")
    return {"all": good / max(1, total)}


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; print the figures; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print every item that disagrees")
    args = ap.parse_args(argv)
    if not (args.dev / "spans.csv").is_file():
        print(f"framing-dev not found at {args.dev}", file=sys.stderr)
        return 2
    score.seeds = args.seeds  # type: ignore[attr-defined]
    gold = read_guideline_spans(args.dev / "spans.csv")
    t0 = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        cat = catalog_from_manifest(args.dev / "manifest.csv", Path(tmp) / "catalog.csv")
        files = sorted((args.dev / "articles").glob("*.txt"))
        a = analyze([args.dev / "articles"], catalog=cat, sentiment=False)
        print(f"{len(a.data.documents)} English texts")
        _report("bundled model (trained on these texts: optimistic)", score(a.data, gold, args.show))
        from framing.detect.lexicon import load_lexicon
        from framing.detect.spanmodel.train import fit, guideline_items, prepare
        lex = load_lexicon()
        prepared = prepare(guideline_items(args.dev / "spans.csv", args.dev / "articles"), lex)
        names = [p.item.name for p in prepared]
        fold = dict(zip(names, folds_of(names, args.folds)))
        total: Counter = Counter()
        for f in range(args.folds):
            model = fit([p for p in prepared if fold[p.item.name] != f])
            path = model.save(Path(tmp) / f"fold{f}.json")
            part = [x for x in files if fold.get(f"articles/{x.name}") == f]
            af = analyze(part, catalog=cat, sentiment=False, model=str(path))
            total += score(dataclasses.replace(af.data), gold, args.show)
        _report(f"{args.folds}-fold cross-validated model (honest)", total)
    print(f"CPU {time.process_time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
