"""Cross-validation by file of the span model on a guideline-annotated set (framing-dev), optionally with PTC.

Files are dealt into ``k`` folds in name order (file ``i`` goes to fold
``i % k``); each fold is predicted by a model trained on the other folds
(plus PTC texts at a lower weight), and the pooled predictions of all folds
are scored once with :func:`framing.analyze.guideline.score_guideline`.
Token features depend only on the lexicon, so they are computed once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from framing.analyze.guideline import PredSpan, score_guideline
from framing.detect.lexicon import Lexicon, load_lexicon
from framing.detect.spanmodel.model import SpanModel
from framing.detect.spanmodel.train import Prepared, fit, guideline_items, prepare, ptc_items
from framing.detect.spans import SCARE_CATEGORY, document_spans
from framing.text.annotations import read_guideline_spans


def predictions(p: Prepared, lexicon: Lexicon, model: SpanModel | None, detector: str) -> list[PredSpan]:
    """Return the guideline predictions of one prepared text under ``detector`` (raw offsets)."""
    rows = document_spans(p.detected, lexicon, detector, model, p.tokens)
    return [PredSpan(r.match.raw_start, r.match.raw_end, r.guideline_category, r.match.voice)
            for r in rows if r.guideline_span]


def folds_of(names: Sequence[str], k: int) -> list[int]:
    """Return the fold of each name: ``i % k`` in sorted-name order."""
    order = {n: i for i, n in enumerate(sorted(names))}
    return [order[n] % k for n in names]


def cross_validate(spans_csv: Path | str, articles_dir: Path | str, k: int = 5, lexicon: Lexicon | None = None,
                   ptc_dir: Path | str | None = None, ptc_ids: Iterable[str] | None = None,
                   ptc_weight: float = 0.3, detectors: Sequence[str] = ("lexicon", "model", "both"),
                   prepared: tuple[list[Prepared], list[Prepared]] | None = None, **fit_kw) -> pd.DataFrame:
    """Return the pooled ``k``-fold scores by file, one block of :func:`score_guideline` rows per detector.

    The frame has a first column ``detector``.  ``ptc_dir``/``ptc_ids`` add
    PTC articles to every training fold at ``ptc_weight``; ``fit_kw`` go to
    :func:`framing.detect.spanmodel.train.fit`.  ``prepared`` reuses
    already prepared ``(in_domain, ptc)`` texts (for tuning loops).
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    gold = read_guideline_spans(spans_csv)
    if prepared is None:
        dev = prepare(guideline_items(spans_csv, articles_dir), lex)
        ptc = prepare(ptc_items(ptc_dir, ptc_ids or [], ptc_weight), lex) if ptc_dir else []
    else:
        dev, ptc = prepared
    names = [p.item.name for p in dev]
    fold = folds_of(names, k)
    preds: dict[str, dict[str, list[PredSpan]]] = {d: {} for d in detectors}
    for f in range(k):
        train = [p for p, g in zip(dev, fold) if g != f] + ptc
        model = fit(train, **fit_kw) if any(d != "lexicon" for d in detectors) else None
        for p, g in zip(dev, fold):
            if g == f:
                for d in detectors:
                    preds[d][p.item.name] = predictions(p, lex, model, d)
    frames = []
    for d in detectors:
        df = score_guideline(preds[d], gold, names)
        df.insert(0, "detector", d)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update({"k": k, "files": len(names), "ptc_texts": len(ptc), "scare_category": SCARE_CATEGORY})
    return out


def ptc_combined(model: SpanModel | None, ptc_dir: Path | str, ids: Iterable[str], lexicon: Lexicon | None = None,
                 detector: str = "model") -> dict[str, float]:
    """Return P/R/F1 of spans (name_calling + loaded_language) against PTC Loaded_Language+Name_Calling gold.

    Partial-overlap credit as in :func:`framing.analyze.evaluate.score_spans`,
    predicted spans merged per article.
    """
    from framing.analyze.evaluate import LL, NC, prf, read_gold, score_spans
    from framing.analyze.guideline import merge_spans
    lex = lexicon if lexicon is not None else load_lexicon()
    items = ptc_items(ptc_dir, ids)
    pc = rc = 0.0
    n_pred = n_gold = 0
    for p in prepare(items, lex):
        aid = p.item.name.split("/", 1)[1]
        pred = merge_spans((s.start, s.end) for s in predictions(p, lex, model, detector)
                           if s.category in ("name_calling", "loaded_language"))
        gold = sorted({(s, e) for t, s, e in read_gold(Path(ptc_dir) / "labels", aid) if t in (LL, NC)})
        a, b = score_spans(pred, gold)
        pc, rc = pc + a, rc + b
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
    pr, re_, f1 = prf(pc, n_pred, rc, n_gold)
    return {"predicted": n_pred, "gold": n_gold, "precision": pr, "recall": re_, "f1": f1}
