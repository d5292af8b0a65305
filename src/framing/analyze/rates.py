"""Rates with their counts, denominators and 95 % intervals: loaded phrases per 1,000 tokens, by group and over time.

Why this module: a rate alone misleads.  On the seeds the forum thread has
one loaded phrase ("WW3") in 80 own-voice tokens, 12.5 per 1,000 — the
highest own-voice rate of any stance, from a single phrase.  Every rate here
therefore comes with

* ``loaded`` (k, the phrases counted) and ``tokens`` (n, the denominator),
* a Wilson score interval (Wilson 1927; recommended over the normal
  approximation for small counts by Brown, Cai & DasGupta 2001), treating
  each token as a position where a phrase may start — for the forum
  [2.2, 67.5] per 1,000, which overlaps every other stance,
* ``small_sample``: True below :data:`SMALL_SAMPLE_TOKENS` tokens.

What the interval does not cover: phrases cluster within documents (one
author repeats a label), so tokens are not independent trials and the true
uncertainty is wider when a group has few documents; ``documents`` is given
for that reason.

The counts are the scoring stage's: lexicon matches in prose segments
(:mod:`framing.analyze.scoring`), own voice and quoted speech apart (own-voice
phrases per own-voice token, quoted per quoted token).  Scare quotes are a
voice signal, not a lexicon match, and are not in these counts.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from framing.text.parse import ParsedDocument

#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054
#: Rates are per this many tokens (as in :mod:`framing.analyze.scoring`).
PER = 1000
#: Below this many tokens a rate is marked ``small_sample``.  500 tokens is
#: about one short news item; there, one phrase moves the rate by 2 per 1,000
#: and the 95 % interval of a single phrase (k=1) runs from 0.35 to 11.2 per
#: 1,000 — a range that covers every stance on the seeds.
SMALL_SAMPLE_TOKENS = 500
#: Periods :func:`loaded_trend` can group dates by.
PERIODS = ("year", "month")

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")

RATE_COLUMNS = ["loaded", "tokens", "per_1000", "low_1000", "high_1000", "small_sample"]


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval ``(low, high)`` for ``k`` successes in ``n`` trials, as proportions.

    ``n == 0`` gives ``(nan, nan)`` (no data, no interval).  ``k`` must be in
    ``0..n``.  At ``k = 0`` the low end is 0 and the high end ``z²/(n+z²)``:
    a group with no loaded phrase is not shown as certainly clean.
    """
    if n <= 0:
        return (math.nan, math.nan)
    if k < 0 or k > n:
        raise ValueError(f"k={k} must be between 0 and n={n}")
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def add_rate_columns(df: pd.DataFrame, k: str = "loaded", n: str = "tokens", per: int = PER,
                     small: int = SMALL_SAMPLE_TOKENS) -> pd.DataFrame:
    """Return ``df`` with ``per_1000``, ``low_1000``, ``high_1000`` (Wilson 95 %) and ``small_sample`` added.

    The rate columns are per ``per`` tokens (named ``*_1000`` for the default)
    and rounded to 3 decimals; rows with ``n == 0`` get NaN rates.
    """
    out = df.copy()
    ks = out[k].astype(int).to_numpy() if len(out) else np.array([], dtype=int)
    ns = out[n].astype(int).to_numpy() if len(out) else np.array([], dtype=int)
    bounds = [wilson_interval(int(a), int(b)) for a, b in zip(ks, ns)]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(ns > 0, ks / np.where(ns > 0, ns, 1), np.nan)
    out["per_1000"] = np.round(rate * per, 3)
    out["low_1000"] = np.round(np.array([b[0] for b in bounds], dtype=float) * per, 3)
    out["high_1000"] = np.round(np.array([b[1] for b in bounds], dtype=float) * per, 3)
    out["small_sample"] = ns < small
    return out


def _filter_matches(matches: pd.DataFrame, categories: Iterable[str] | None,
                    guideline_categories: Iterable[str] | None, loaded_only: bool) -> pd.DataFrame:
    m = matches
    if "detector" in m.columns:
        m = m[m["detector"].isin(["lexicon", "both"])]
    if loaded_only:
        m = m[m["loaded"].astype(bool)]
    if categories is not None:
        m = m[m["category"].isin(list(categories))]
    if guideline_categories is not None:
        m = m[m["guideline_category"].isin(list(guideline_categories))]
    return m


def _phrases(texts: pd.Series, top: int = 6) -> str:
    counts = texts.str.lower().value_counts()
    return "; ".join(f"{t} ×{c}" for t, c in counts.head(top).items())


def loaded_rates(segments: pd.DataFrame, matches: pd.DataFrame, by: str | Sequence[str] = "stance",
                 categories: Iterable[str] | None = None, guideline_categories: Iterable[str] | None = None,
                 split_voice: bool = True, loaded_only: bool = True) -> pd.DataFrame:
    """Return loaded phrases per 1,000 tokens per group (and voice), with k, n, Wilson 95 % and a small-sample mark.

    ``segments`` is ``Analysis.scores(by="segment")`` (one row per prose
    segment: seg_id, doc_id, tokens, own_tokens, quoted_tokens and the
    ``by`` columns); ``matches`` is ``Analysis.matches()`` (only lexicon rows
    count).  ``categories`` / ``guideline_categories`` keep only matches of
    those lexicon / guideline categories; ``loaded_only=False`` counts neutral
    markers (hedges, attribution, toponyms) too.

    One row per group (x ``voice`` own/quoted when ``split_voice``, else
    ``voice`` = "all"): the ``by`` columns, voice, documents, loaded (k),
    tokens (n: own-voice, quoted or all tokens), per_1000, low_1000,
    high_1000, small_sample, phrases (the counted phrases, most frequent
    first).  Groups with no tokens in a voice are left out.
    """
    keys = [by] if isinstance(by, str) else list(by)
    cols = keys + ["voice", "documents"] + RATE_COLUMNS + ["phrases"]
    if segments.empty:
        return pd.DataFrame(columns=cols)
    seg = segments[["seg_id", "doc_id", "tokens", "own_tokens", "quoted_tokens"] + keys]
    m = _filter_matches(matches, categories, guideline_categories, loaded_only)
    m = m[["seg_id", "voice", "text"]].merge(seg[["seg_id"] + keys], on="seg_id", how="inner")
    voices = (("own", "own_tokens"), ("quoted", "quoted_tokens")) if split_voice else (("all", "tokens"),)
    rows = []
    for gkey, g in seg.groupby(keys, sort=True, dropna=False):
        gvals = gkey if isinstance(gkey, tuple) else (gkey,)
        sel = np.ones(len(m), dtype=bool)
        for k, v in zip(keys, gvals):
            sel &= (m[k] == v).to_numpy()
        gm = m[sel]
        for voice, tok_col in voices:
            n = int(g[tok_col].sum())
            if n == 0:
                continue
            vm = gm if voice == "all" else gm[gm["voice"] == voice]
            rows.append({**dict(zip(keys, gvals)), "voice": voice, "documents": int(g["doc_id"].nunique()),
                         "loaded": len(vm), "tokens": n, "phrases": _phrases(vm["text"])})
    if not rows:
        return pd.DataFrame(columns=cols)
    return add_rate_columns(pd.DataFrame(rows))[cols]


def category_rates(segments: pd.DataFrame, matches: pd.DataFrame, by: str = "stance",
                   loaded: dict[str, bool] | None = None) -> pd.DataFrame:
    """Return matches per 1,000 tokens per (group, lexicon category), with k, n and Wilson 95 %.

    ``n`` is all prose tokens of the group (both voices); ``loaded`` maps a
    category to its ``loaded`` flag (lexicons/categories.csv) and adds a
    ``loaded`` flag column (``is_loaded``) so pages can put loaded
    categories first.  Columns: ``by``, category, is_loaded, documents,
    loaded (k: matches of the category), tokens, per_1000, low_1000,
    high_1000, small_sample, own, quoted, phrases.  Only categories the
    group uses are listed.
    """
    cols = [by, "category", "is_loaded", "documents"] + RATE_COLUMNS + ["own", "quoted", "phrases"]
    if segments.empty or matches.empty:
        return pd.DataFrame(columns=cols)
    seg = segments[["seg_id", "doc_id", "tokens", by]]
    m = _filter_matches(matches, None, None, loaded_only=False)
    m = m[["seg_id", "voice", "text", "category"]].merge(seg[["seg_id", by]], on="seg_id", how="inner")
    totals = seg.groupby(by).agg(tokens=("tokens", "sum"), documents=("doc_id", "nunique"))
    rows = []
    for (g, cat), cm in m.groupby([by, "category"], sort=True):
        rows.append({by: g, "category": cat, "is_loaded": bool((loaded or {}).get(cat, False)),
                     "documents": int(totals.loc[g, "documents"]), "loaded": len(cm),
                     "tokens": int(totals.loc[g, "tokens"]), "own": int((cm["voice"] == "own").sum()),
                     "quoted": int((cm["voice"] == "quoted").sum()), "phrases": _phrases(cm["text"])})
    if not rows:
        return pd.DataFrame(columns=cols)
    return add_rate_columns(pd.DataFrame(rows))[cols]


def period_of(date: str, period: str = "year") -> str | None:
    """Return the period label of a catalog date (``2024-06-18`` -> ``2024`` or ``2024-06``), or None.

    None when the date is empty, unreadable, or coarser than ``period`` (a
    date given only as ``2024`` has no month).
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    m = _DATE.match(date or "")
    if not m:
        return None
    if period == "year":
        return m.group(1)
    if not m.group(2) or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def segment_dates(parsed_docs: Iterable[ParsedDocument]) -> pd.DataFrame:
    """Return one row per segment with its catalog date: seg_id, doc_id, date.

    A segment's date is its catalog part's ``date`` (an RT article quoted in a
    forum thread has the article's date), else the document's.
    """
    rows = []
    for p in parsed_docs:
        doc_date = str(p.doc.meta.get("date", "") or "")
        for s in p.segments:
            rows.append({"seg_id": s.seg_id, "doc_id": p.doc.doc_id,
                         "date": str(s.meta.get("date", "") or "") or doc_date})
    return pd.DataFrame(rows, columns=["seg_id", "doc_id", "date"])


def loaded_trend(parsed_docs: Iterable[ParsedDocument], segments: pd.DataFrame, matches: pd.DataFrame,
                 by: str = "stance", period: str = "year", categories: Iterable[str] | None = None,
                 guideline_categories: Iterable[str] | None = None, split_voice: bool = True) -> pd.DataFrame:
    """Return loaded phrases per 1,000 tokens per (group, period[, voice]) over the catalog dates.

    Same columns as :func:`loaded_rates` with ``period`` after ``by``, sorted
    by group then period.  Segments whose date is missing or coarser than
    ``period`` are left out; ``df.attrs["undated_tokens"]`` and
    ``df.attrs["undated_documents"]`` say how much, so a page can say so.
    """
    dates = segment_dates(parsed_docs)
    dates["period"] = [period_of(d, period) for d in dates["date"]]
    seg = segments.merge(dates[["seg_id", "period"]], on="seg_id", how="left")
    undated = seg[seg["period"].isna()]
    out = loaded_rates(seg[seg["period"].notna()], matches, [by, "period"], categories,
                       guideline_categories, split_voice)
    out = out.sort_values([by, "period", "voice"], kind="stable").reset_index(drop=True)
    out.attrs["undated_tokens"] = int(undated["tokens"].sum()) if not undated.empty else 0
    out.attrs["undated_documents"] = sorted(undated["doc_id"].unique().tolist()) if not undated.empty else []
    out.attrs["period"] = period
    return out
