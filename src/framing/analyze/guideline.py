"""Score detected spans against annotations in the guideline CSV format (``file,start,end,text,category,voice,speaker``).

The guideline (framing-dev ``GUIDELINE.md``) scores like SemEval-2020 Task 11
span identification: predicted spans are merged per file; precision sums, over
predicted spans, the share of each covered by gold, recall the converse.
Per-category rows compare predictions of one guideline category with gold
spans of that category.  Voice accuracy is measured on gold spans that some
prediction overlaps, against the voice of the prediction overlapping most.

Offsets are Python character offsets into ``open(path, encoding="utf-8",
newline="").read()``; predictions use the raw (original-file) offsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd

from framing.text.annotations import GoldSpan, list_articles, read_article, read_guideline_spans, resolve_article
from framing.detect.lexicon import GUIDELINE_CATEGORIES

OVERALL = "overall"
GUIDELINE_COLUMNS = ["category", "predicted", "gold", "precision", "recall", "f1"]


@dataclass(frozen=True)
class PredSpan:
    """One predicted span in original-file offsets, with its guideline category and voice."""

    start: int
    end: int
    category: str
    voice: str = "own"


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return overlapping or touching ``(start, end)`` spans merged, sorted."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _overlap(s: int, e: int, by: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e, be) - max(s, bs)) for bs, be in by)


def _credit(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> tuple[float, float]:
    """Return ``(precision_credit, recall_credit)`` of merged predictions against gold spans."""
    mg = merge_spans(gold)
    p = sum(_overlap(s, e, mg) / (e - s) for s, e in pred)
    r = sum(_overlap(s, e, pred) / (e - s) for s, e in gold if e > s)
    return p, r


def _prf(pc: float, n_pred: int, rc: float, n_gold: int) -> tuple[float, float, float]:
    nan = float("nan")
    p = pc / n_pred if n_pred else nan
    r = rc / n_gold if n_gold else nan
    if not (n_pred and n_gold):
        return p, r, nan
    return p, r, (2 * p * r / (p + r) if p + r > 0 else 0.0)


def score_guideline(predictions: Mapping[str, Sequence[PredSpan]], gold: Mapping[str, Sequence[GoldSpan]],
                    files: Iterable[str] | None = None) -> pd.DataFrame:
    """Return P/R/F1 of predictions against gold: one ``overall`` row, one per guideline category, one ``voice`` row.

    Columns :data:`GUIDELINE_COLUMNS` (``predicted``/``gold`` count spans,
    predicted ones after merging).  ``files`` defaults to every file with a
    prediction or a gold span; give the full list so files without gold
    spans count their false positives.  The ``voice`` row has ``gold`` = gold
    spans overlapped by a prediction, ``predicted`` = those whose voice agrees,
    and the accuracy in ``precision``/``recall``/``f1``.
    """
    names = sorted(set(files) if files is not None else set(predictions) | set(gold))
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0])
    voice_ok = voice_n = 0
    for f in names:
        preds = list(predictions.get(f, ()))
        golds = list(gold.get(f, ()))
        classes = [(OVERALL, [(p.start, p.end) for p in preds], [(g.start, g.end) for g in golds])]
        for c in GUIDELINE_CATEGORIES:
            classes.append((c, [(p.start, p.end) for p in preds if p.category == c],
                            [(g.start, g.end) for g in golds if g.category == c]))
        for name, ps, gs in classes:
            mp = merge_spans(ps)
            pc, rc = _credit(mp, gs)
            a = acc[name]
            a[0] += pc
            a[1] += len(mp)
            a[2] += rc
            a[3] += len(gs)
        for g in golds:
            best = max(preds, key=lambda p: min(p.end, g.end) - max(p.start, g.start), default=None)
            if best is None or min(best.end, g.end) <= max(best.start, g.start):
                continue
            voice_n += 1
            voice_ok += best.voice == g.voice
    rows = []
    for name in (OVERALL, *GUIDELINE_CATEGORIES):
        pc, n_pred, rc, n_gold = acc[name]
        p, r, f1 = _prf(pc, int(n_pred), rc, int(n_gold))
        rows.append({"category": name, "predicted": int(n_pred), "gold": int(n_gold),
                     "precision": p, "recall": r, "f1": f1})
    va = voice_ok / voice_n if voice_n else float("nan")
    rows.append({"category": "voice", "predicted": voice_ok, "gold": voice_n,
                 "precision": va, "recall": va, "f1": va})
    return pd.DataFrame(rows, columns=GUIDELINE_COLUMNS)


Predictor = Callable[[str, str], list[PredSpan]]


def evaluate_guideline(spans_csv: Path | str, articles_dir: Path | str, predict: Predictor,
                       files: Iterable[str] | None = None) -> pd.DataFrame:
    """Return :func:`score_guideline` of ``predict(text, file)`` over the articles of a guideline set.

    ``files`` are names relative to ``articles_dir``'s parent as the CSV
    writes them (``articles/001_x.txt``) or relative to ``articles_dir``
    itself; default: every ``*.txt`` under ``articles_dir``.
    """
    gold = read_guideline_spans(spans_csv)
    names = list(files) if files is not None else list_articles(articles_dir, gold)
    preds = {f: predict(read_article(resolve_article(articles_dir, f)), f) for f in names}
    return score_guideline(preds, gold, names)


def span_predictor(lexicon=None, detector: str = "lexicon", model=None, scare_quotes: bool = True) -> Predictor:
    """Return a predictor that runs the pipeline (parse, detect, :func:`framing.detect.spans.document_spans`).

    Only guideline spans are predictions (neutral markers are not);
    ``scare_quotes=False`` leaves the voice stage's scare quotes out (the
    lexicon-only baseline).  ``lexicon`` defaults to the bundled one.
    """
    from framing.detect.document import detect_document
    from framing.detect.lexicon import load_lexicon
    from framing.detect.matcher import compile_matcher
    from framing.detect.spans import SCARE_CATEGORY, document_spans
    from framing.text.corpus import document_from_text
    from framing.text.parse import parse_document

    lex = lexicon if lexicon is not None else load_lexicon()
    matcher = compile_matcher(lex)

    def predict(text: str, name: str) -> list[PredSpan]:
        parsed = parse_document(document_from_text(text, Path(name).stem, name))
        detected = detect_document(parsed, lex, matcher, with_sentiment=False)
        out = []
        for r in document_spans(detected, lex, detector, model):
            if not r.guideline_span or (not scare_quotes and r.guideline_category == SCARE_CATEGORY):
                continue
            m = r.match
            out.append(PredSpan(m.raw_start, m.raw_end, r.guideline_category, m.voice))
        return out

    return predict
