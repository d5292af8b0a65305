"""Evaluation against hand labels: micro precision, recall and F1 per threshold and claim."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from framing.analyze.claims.assign import ASSIGN_THRESHOLD, SENTENCE_COLUMNS
from framing.analyze.claims.registry import LIST_SEP
from framing.core.errors import CatalogError

#: Columns of a hand-label file (tests/data/claims/labels.csv).
LABEL_COLUMNS = ("doc_id", "sentence", "claims")


def read_labels(path: str | Path) -> pd.DataFrame:
    """Return hand labels: one row per labelled sentence (doc_id, sentence prefix, claims, ...).

    ``sentence`` is the start of the sentence text (whitespace collapsed), so
    labels survive changes in sentence numbering; ``claims`` is a ``|``-list
    (empty: the sentence is on no claim).  Other columns (e.g. ``split``) are kept.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in LABEL_COLUMNS if c not in df.columns]
    if missing:
        raise CatalogError(f"label file lacks column(s) {', '.join(missing)}", path, 1,
                           fix="header must include " + ",".join(LABEL_COLUMNS))
    return df


def label_metrics(scores: pd.DataFrame, labels: pd.DataFrame,
                  thresholds: Sequence[float] = (ASSIGN_THRESHOLD,)) -> pd.DataFrame:
    """Return micro precision, recall and F1 per threshold, overall and per claim.

    ``scores`` is :func:`score_sentences`'s frame; each label row is matched to
    the scored sentence of the same document whose text starts with its
    ``sentence`` prefix (a label that matches none, or several, raises
    :class:`CatalogError`).  Pairs are (sentence, claim); one output row per
    (threshold, claim) plus ``claim == "ALL"``: tp, fp, fn, precision, recall, f1.
    """
    ids = [c for c in scores.columns if c not in SENTENCE_COLUMNS]
    Y = np.zeros((len(labels), len(ids)), dtype=bool)
    S = np.zeros((len(labels), len(ids)))
    by_doc = {d: g for d, g in scores.groupby("doc_id")}
    for r, (doc, prefix, cl) in enumerate(zip(labels["doc_id"], labels["sentence"], labels["claims"])):
        g = by_doc.get(doc)
        hit = g[g["text"].str.startswith(prefix)] if g is not None else g
        if hit is None or len(hit) != 1:
            n = 0 if hit is None else len(hit)
            raise CatalogError(f"label {doc!r} / {prefix[:40]!r} matches {n} sentences",
                               fix="make the sentence prefix unique within its document")
        S[r] = hit[ids].to_numpy()[0]
        for c in filter(None, cl.split(LIST_SEP)):
            if c not in ids:
                raise CatalogError(f"label names unknown claim {c!r}", fix="use a registry id")
            Y[r, ids.index(c)] = True
    rows = []
    for th in thresholds:
        P = S >= th
        for name, cols in [("ALL", slice(None))] + [(c, [j]) for j, c in enumerate(ids)]:
            tp = int((P[:, cols] & Y[:, cols]).sum())
            fp = int((P[:, cols] & ~Y[:, cols]).sum())
            fn = int((~P[:, cols] & Y[:, cols]).sum())
            prec = tp / (tp + fp) if tp + fp else float("nan")
            rec = tp / (tp + fn) if tp + fn else float("nan")
            f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
            rows.append({"threshold": th, "claim": name, "tp": tp, "fp": fp, "fn": fn,
                         "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows)
