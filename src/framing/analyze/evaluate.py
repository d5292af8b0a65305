"""Score lexicon matches against the SemEval-2020 Task 11 (PTC) gold spans.

Each category maps to at most one PTC technique through the ``semeval2020``
column of ``categories.csv``; hits of unmapped categories are not
predictions.  Scoring follows the task's partial-overlap convention: a
predicted span earns the share of its characters covered by gold spans of the
same technique, a gold span the share of its characters covered by predicted
spans of that technique; precision = earned / number of predicted spans and
recall = earned / number of gold spans.

Keep the held-out part held out: tune entries on ``split_ids()[0]`` only.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable

import pandas as pd

from framing.core.errors import InputError
from framing.detect.lexicon import Lexicon, load_lexicon
from framing.detect.matcher import compile_matcher

LL = "Loaded_Language"
NC = "Name_Calling,Labeling"
#: Row label for Loaded_Language and Name_Calling,Labeling scored as one class:
#: annotators often disagree between the two on the same words.
COMBINED = f"{LL}+{NC}"
OVERALL = "overall"
STUDY_SIZE = 300
RESULT_COLUMNS = ["technique", "predicted", "gold", "precision", "recall", "f1"]

Spans = list[tuple[int, int]]


def split_ids(articles_dir: Path | str) -> tuple[list[str], list[str]]:
    """Return ``(study_ids, heldout_ids)``: article ids sorted numerically, first 300 / the rest.

    Ids are the digits of ``article<ID>.txt``.  Tune lexicons on the study
    ids only; report the held-out figures.
    """
    ids = sorted((p.name[len("article"):-len(".txt")] for p in Path(articles_dir).glob("article*.txt")),
                 key=int)
    return ids[:STUDY_SIZE], ids[STUDY_SIZE:]


def read_gold(labels_dir: Path | str, article_id: str) -> list[tuple[str, int, int]]:
    """Return ``(technique, start, end)`` gold spans of one article (empty if it has no label file)."""
    path = Path(labels_dir) / f"article{article_id}.task-flc-tc.labels"
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                raise InputError(f"expected 4 tab-separated fields, got {len(parts)}", path, n,
                                 "use id<TAB>technique<TAB>start<TAB>end")
            out.append((parts[1], int(parts[2]), int(parts[3])))
    return out


def _covered(spans: Spans, by: Spans) -> list[int]:
    """For each span in ``spans``, return how many of its characters lie inside the union of ``by``."""
    if not by:
        return [0] * len(spans)
    # Merge ``by`` into disjoint intervals so overlapping gold spans count once.
    merged: Spans = []
    for s, e in sorted(by):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    out = []
    for s, e in spans:
        c = 0
        for ms, me in merged:  # articles have tens of spans: linear is fine
            if me <= s:
                continue
            if ms >= e:
                break
            c += min(e, me) - max(s, ms)
        out.append(c)
    return out


def score_spans(pred: Spans, gold: Spans) -> tuple[float, float]:
    """Return ``(precision_credit, recall_credit)`` sums for one class in one article.

    ``precision_credit`` sums, over predicted spans, the share of each span's
    characters covered by gold spans; ``recall_credit`` is the converse.
    Divide by ``len(pred)`` / ``len(gold)`` (over all articles) for P and R.
    """
    p = sum(c / (e - s) for (s, e), c in zip(pred, _covered(pred, gold)) if e > s)
    r = sum(c / (e - s) for (s, e), c in zip(gold, _covered(gold, pred)) if e > s)
    return p, r


def prf(p_credit: float, n_pred: int, r_credit: float, n_gold: int) -> tuple[float, float, float]:
    """Return ``(precision, recall, f1)``; NaN where a denominator is zero."""
    nan = float("nan")
    p = p_credit / n_pred if n_pred else nan
    r = r_credit / n_gold if n_gold else nan
    f = 2 * p * r / (p + r) if n_pred and n_gold and (p + r) > 0 else (0.0 if n_pred and n_gold else nan)
    return p, r, f


def predict(text: str, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """Return ``(technique, start, end)`` predictions for one article's text."""
    matcher = compile_matcher(lexicon)
    out = []
    for h in matcher.match_text(text):
        tech = lexicon.categories[h.entry.category].semeval2020
        if tech:
            out.append((tech, h.start, h.end))
    return out


def evaluate(articles_dir: Path | str, labels_dir: Path | str, lexicon: Lexicon | None = None,
             ids: Iterable[str | int] | None = None) -> pd.DataFrame:
    """Return precision, recall and F1 of the lexicon's hits on PTC articles.

    Columns: ``technique, predicted, gold, precision, recall, f1`` (counts of
    spans, then scores in [0, 1], NaN when undefined).  Rows: ``overall``
    (all techniques some category maps to), ``Loaded_Language+Name_Calling,Labeling``
    (the two scored as one class) and one row per mapped technique.
    ``ids`` restricts to those articles (default: every ``article*.txt``);
    ``lexicon`` defaults to the bundled one.  ``df.attrs`` records the
    lexicon version and the number of articles.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    articles_dir, labels_dir = Path(articles_dir), Path(labels_dir)
    if ids is None:
        ids = [p.name[len("article"):-len(".txt")] for p in articles_dir.glob("article*.txt")]
    ids = [str(i) for i in ids]
    mapped = sorted({c.semeval2020 for c in lexicon.categories.values() if c.semeval2020})
    mapped_set = set(mapped)

    # credit[class] = [p_credit, n_pred, r_credit, n_gold]
    credit: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0])
    for aid in ids:
        path = articles_dir / f"article{aid}.txt"
        with path.open(encoding="utf-8", newline="") as fh:  # offsets count \r\n as 2
            text = fh.read()
        preds = predict(text, lexicon)
        gold = [g for g in read_gold(labels_dir, str(aid)) if g[0] in mapped_set]
        classes: dict[str, tuple[Spans, Spans]] = defaultdict(lambda: ([], []))
        for tech, s, e in preds:
            classes[tech][0].append((s, e))
            if tech in (LL, NC):
                classes[COMBINED][0].append((s, e))
        for tech, s, e in gold:
            classes[tech][1].append((s, e))
            if tech in (LL, NC):
                classes[COMBINED][1].append((s, e))
        if COMBINED in classes:
            # One span annotated both LL and NC is one gold span of the merged class.
            p_sp, g_sp = classes[COMBINED]
            classes[COMBINED] = (p_sp, sorted(set(g_sp)))
        for cls, (p_sp, g_sp) in classes.items():
            pc, rc = score_spans(p_sp, g_sp)
            acc = credit[cls]
            acc[0] += pc
            acc[1] += len(p_sp)
            acc[2] += rc
            acc[3] += len(g_sp)

    rows = []
    total = [0.0, 0, 0.0, 0]
    for tech in mapped:
        for k in range(4):
            total[k] += credit[tech][k]
    order = [(OVERALL, total)]
    if LL in mapped_set or NC in mapped_set:
        order.append((COMBINED, credit[COMBINED]))
    order += [(t, credit[t]) for t in mapped]
    for name, (pc, n_pred, rc, n_gold) in order:
        p, r, f = prf(pc, int(n_pred), rc, int(n_gold))
        rows.append({"technique": name, "predicted": int(n_pred), "gold": int(n_gold),
                     "precision": p, "recall": r, "f1": f})
    df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    df.attrs["lexicon_version"] = lexicon.version
    df.attrs["articles"] = len(ids)
    return df


def evaluate_parts(ptc_dir: Path | str, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Return :func:`evaluate` on the study and held-out parts of a PTC folder, stacked.

    ``ptc_dir`` holds ``articles/`` and ``labels/``.  The result has the
    :data:`RESULT_COLUMNS` plus a first column ``part`` (``study`` or
    ``heldout``), so one call reproduces the figures in ``docs/evaluation.md``.
    """
    ptc_dir = Path(ptc_dir)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    study, heldout = split_ids(ptc_dir / "articles")
    frames = []
    for part, ids in (("study", study), ("heldout", heldout)):
        df = evaluate(ptc_dir / "articles", ptc_dir / "labels", lexicon, ids)
        df.insert(0, "part", part)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["lexicon_version"] = lexicon.version
    return out
