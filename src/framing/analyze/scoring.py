"""Signals per segment, aggregated per document or stance, each traceable to its matches and sentences.

Definitions (also in ``docs/scoring.md``):

* ``n_<category>`` / ``rate_<category>``: matches of a lexicon category and
  their rate per ``RATE_BASE`` tokens of the segment.
* ``loaded_own`` / ``loaded_quoted``: the *loadedness index*, the summed
  weights of matches in categories marked ``loaded`` in
  ``lexicons/categories.csv``, per ``RATE_BASE`` tokens of own-voice text and
  of quoted-speech text respectively (so a quote-heavy article is not blamed
  for its sources' words).
* ``hedge_rate`` / ``booster_rate``: hedge and booster matches per ``RATE_BASE`` tokens.
* ``attribution_rate``: share of sentences with at least one attribution frame
  naming its source; ``vague_attributions`` counts frames that do not.
* ``scare_quotes``: short quoted terms used for distancing.
* ``sentiment_mean/min/max``: VADER compound score over the segment's sentences.

Aggregates sum counts and token totals and recompute rates (a mean of
rates would weight a one-line forum reply like a whole article).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # types only: importing them loads the whole detection stack (~0.15 s) and
    # pandas (~0.4 s), which printing scores read back from a store does not need
    import pandas as pd

    from framing.detect.document import DetectedDocument

#: Rates are per 1,000 tokens: the scale used in corpus linguistics for
#: stance markers (Hyland 2005 reports hedges per 1,000 words), large enough
#: that a single match in a short news item gives a readable number.
RATE_BASE = 1000

#: Categories read as hedges and boosters (ids in lexicons/categories.csv).
HEDGE_CATEGORIES = ("hedge",)
BOOSTER_CATEGORIES = ("booster",)

#: Columns that are counts (summed when aggregating); rates are recomputed.
COUNT_COLUMNS = ("tokens", "own_tokens", "quoted_tokens", "sentences", "matches", "loaded_matches",
                 "loaded_weight_own", "loaded_weight_quoted", "attributed_sentences",
                 "vague_attributions", "scare_quotes", "n_hedge", "n_booster", "sentiment_sum",
                 "sentiment_n")


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def quoted_intervals(analysis: DetectedDocument) -> list[tuple[int, int]]:
    """Return merged ``(start, end)`` spans of quoted speech (direct quotes and reported content)."""
    spans = [(q.inner_start, q.inner_end) for q in analysis.voice.quotes if q.kind == "direct"]
    spans += [(a.reported_start, a.reported_end) for a in analysis.voice.attributions
              if a.reported_end > a.reported_start]
    return _merge(spans)


def segment_signals(analysis: DetectedDocument, categories: Iterable[str]) -> list[dict]:
    """Return one dict of counts and signals per prose segment of ``analysis``."""
    parsed = analysis.parsed
    cats = list(categories)
    quoted = quoted_intervals(analysis)
    q_starts = [s for s, _ in quoted]
    rows: dict[str, dict] = {}
    for seg in parsed.segments:
        if not seg.is_prose:
            continue
        rows[seg.seg_id] = {
            "doc_id": seg.doc_id, "seg_id": seg.seg_id, "stance": seg.stance, "outlet": seg.outlet,
            "kind": seg.kind, **{c: 0 for c in COUNT_COLUMNS}, **{f"n_{c}": 0 for c in cats},
            "sentiment_min": None, "sentiment_max": None, "sentiment_min_sentence": None,
            "sentiment_max_sentence": None, "_evidence": defaultdict(float)}
    attributed = {(a.sent_idx) for a in analysis.voice.attributions if a.named}
    for a in analysis.voice.attributions:
        if not a.named and a.seg_id in rows:
            rows[a.seg_id]["vague_attributions"] += 1
    for q in analysis.voice.quotes:
        if q.kind == "scare" and q.seg_id in rows:
            rows[q.seg_id]["scare_quotes"] += 1
    for idx, sent in enumerate(parsed.sentences):
        row = rows.get(sent.seg_id)
        if row is None:
            continue
        row["sentences"] += 1
        row["tokens"] += len(sent.tokens)
        # Tokens starting inside a quoted interval, counted by bisection over
        # the sentence's (sorted) token spans: (x,) sorts before every (x, y).
        n_quoted = 0
        toks = sent.tokens
        k = bisect_right(q_starts, sent.end - 1) - 1  # last interval starting before the sentence ends
        while k >= 0 and quoted[k][1] > sent.start:  # merged intervals: earlier ones end earlier
            qs, qe = quoted[k]
            n_quoted += bisect_left(toks, (qe,)) - bisect_left(toks, (qs,))
            k -= 1
        row["quoted_tokens"] += n_quoted
        row["own_tokens"] += len(sent.tokens) - n_quoted
        if idx in attributed:
            row["attributed_sentences"] += 1
        sc = analysis.sentiment[idx]
        if sc is not None:
            row["sentiment_sum"] += sc.compound
            row["sentiment_n"] += 1
            if row["sentiment_min"] is None or sc.compound < row["sentiment_min"]:
                row["sentiment_min"], row["sentiment_min_sentence"] = sc.compound, sent.text
            if row["sentiment_max"] is None or sc.compound > row["sentiment_max"]:
                row["sentiment_max"], row["sentiment_max_sentence"] = sc.compound, sent.text
    for m in analysis.matches:
        row = rows.get(m.seg_id)
        if row is None:
            continue
        row["matches"] += 1
        key = f"n_{m.category}"
        row[key] = row.get(key, 0) + 1
        if m.loaded:
            row["loaded_matches"] += 1
            row["loaded_weight_" + ("quoted" if m.voice == "quoted" else "own")] += m.weight
            row["_evidence"][f"{m.text.lower()} [{m.category}, {m.voice}]"] += m.weight
    out = []
    for row in rows.values():
        row["n_hedge"] = sum(row.get(f"n_{c}", 0) for c in HEDGE_CATEGORIES)
        row["n_booster"] = sum(row.get(f"n_{c}", 0) for c in BOOSTER_CATEGORIES)
        out.append(row)
    return out


def _finish(row: dict, cats: list[str]) -> dict:
    tokens = row["tokens"] or 0
    per = RATE_BASE / tokens if tokens else 0.0
    for c in cats:
        row[f"rate_{c}"] = round(row.get(f"n_{c}", 0) * per, 3)
    row["loaded_own"] = round(row["loaded_weight_own"] * RATE_BASE / row["own_tokens"], 3) \
        if row["own_tokens"] else 0.0
    row["loaded_quoted"] = round(row["loaded_weight_quoted"] * RATE_BASE / row["quoted_tokens"], 3) \
        if row["quoted_tokens"] else 0.0
    row["hedge_rate"] = round(row["n_hedge"] * per, 3)
    row["booster_rate"] = round(row["n_booster"] * per, 3)
    row["attribution_rate"] = round(row["attributed_sentences"] / row["sentences"], 3) if row["sentences"] else 0.0
    row["sentiment_mean"] = round(row["sentiment_sum"] / row["sentiment_n"], 4) if row["sentiment_n"] else None
    ev = row.pop("_evidence")
    row["evidence"] = "; ".join(f"{k} x{v:g}" for k, v in sorted(ev.items(), key=lambda kv: -kv[1])[:8])
    return row


GROUP_KEYS = {"segment": ["doc_id", "seg_id", "stance", "outlet", "kind"],
              "document": ["doc_id"], "stance": ["stance"], "outlet": ["outlet"]}


def score_frame(analyses: Iterable[DetectedDocument], categories: Iterable[str],
                by: str = "segment") -> pd.DataFrame:
    """Return the signals as a DataFrame, one row per segment, document, stance or outlet.

    ``evidence`` lists the loaded phrases behind ``loaded_own``/``loaded_quoted``
    with their summed weights; ``sentiment_min_sentence`` and
    ``sentiment_max_sentence`` quote the sentences behind the extremes.
    """
    cats = sorted(categories)
    lexicon_version = ""
    seg_rows: list[dict] = []
    for a in analyses:
        lexicon_version = a.lexicon_version
        seg_rows.extend(segment_signals(a, cats))
    return frame_from_rows(seg_rows, cats, by, lexicon_version)


def signal_rows(seg_rows: Iterable[dict], categories: Iterable[str], by: str = "segment") -> list[dict]:
    """Return the finished signal rows of :func:`frame_from_rows` as dicts, one per ``by`` group, unsorted.

    Plain Python (no pandas): a screen table of stored scores is printed from
    these rows without importing pandas (:mod:`framing.store.readback`).  Each
    dict still holds ``sentiment_sum``/``sentiment_n``, which the frame drops.
    """
    cats = sorted(categories)
    seg_rows = list(seg_rows)
    if by == "segment":
        rows = [_finish(r, cats) for r in seg_rows]
    else:
        groups: dict[tuple, dict] = {}
        for r in seg_rows:
            key = tuple(r[k] for k in GROUP_KEYS[by])
            g = groups.get(key)
            if g is None:
                g = groups[key] = {k: r[k] for k in GROUP_KEYS[by]}
                g.update({c: 0 for c in COUNT_COLUMNS})
                g.update({f"n_{c}": 0 for c in cats})
                g.update({"sentiment_min": None, "sentiment_max": None, "sentiment_min_sentence": None,
                          "sentiment_max_sentence": None, "_evidence": defaultdict(float),
                          "stances": set(), "outlets": set(), "documents": set(), "segments": 0})
            # dict.fromkeys: n_hedge/n_booster are both count columns and
            # category columns; each must be summed once.
            for c in dict.fromkeys(list(COUNT_COLUMNS) + [f"n_{c}" for c in cats]):
                g[c] += r.get(c, 0)
            for ext, better in (("sentiment_min", min), ("sentiment_max", max)):
                if r[ext] is not None and (g[ext] is None or better(r[ext], g[ext]) == r[ext]):
                    g[ext], g[ext + "_sentence"] = r[ext], r[ext + "_sentence"]
            for k, v in r["_evidence"].items():
                g["_evidence"][k] += v
            g["stances"].add(r["stance"])
            g["outlets"].add(r["outlet"])
            g["documents"].add(r["doc_id"])
            g["segments"] += 1
        rows = []
        for g in groups.values():
            g["documents"] = len(g["documents"])
            g["stances"] = ", ".join(sorted(g["stances"]))
            g["outlets"] = ", ".join(sorted(g["outlets"]))
            rows.append(_finish(g, cats))
    return rows


def frame_from_rows(seg_rows: Iterable[dict], categories: Iterable[str], by: str = "segment",
                    lexicon_version: str = "") -> pd.DataFrame:
    """Return the signals DataFrame (as :func:`score_frame`) from :func:`segment_signals` rows.

    The store keeps these rows, so stored results aggregate with this same
    code and give the same columns, order and values.
    """
    if by not in GROUP_KEYS:
        raise ValueError(f"by must be one of {', '.join(GROUP_KEYS)}")
    import pandas as pd
    rows = signal_rows(seg_rows, categories, by)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=GROUP_KEYS[by] + ["tokens", "loaded_own", "loaded_quoted"])
    df = df.drop(columns=["sentiment_sum", "sentiment_n"], errors="ignore")
    df["lexicon_version"] = lexicon_version
    lead = GROUP_KEYS[by] + [c for c in ("documents", "segments") if c in df.columns] + [
        "tokens", "sentences", "loaded_own", "loaded_quoted", "hedge_rate", "booster_rate",
        "attribution_rate", "vague_attributions", "scare_quotes", "sentiment_mean"]
    rest = [c for c in df.columns if c not in lead]
    return df[lead + rest].sort_values(GROUP_KEYS[by]).reset_index(drop=True)
