"""Shared pieces of the rate pages (Overview, Claims, Trends): cached rate frames, stable colours, filters, charts.

Every rate is drawn as a point with its Wilson 95 % interval as an error bar
and labelled ``k/n``; a rate over fewer than
:data:`framing.analyze.rates.SMALL_SAMPLE_TOKENS` tokens is a hollow point
and its table row says "small sample".  Stance and outlet colours come from
:mod:`framing.present.palette` (fixed per stance, hashed per outlet), so they
do not change when articles are added.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from framing.analyze.rates import SMALL_SAMPLE_TOKENS
from framing.core import config
from framing.present import palette
from framing.present.dashboard import state

#: The neutral marker categories shown only on request: they count how a text
#: attributes and hedges, not loaded language.
SMALL_MARK = "⚠ small"


# ------------------------------------------------------------------ cached frames


def _tuple(values: Any) -> tuple[str, ...] | None:
    return None if values is None else tuple(sorted(values))


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner=False)
def rates(key: str, by: str, categories: tuple[str, ...] | None, guideline: tuple[str, ...] | None,
          split_voice: bool, _a: Any) -> pd.DataFrame:
    """Return ``Analysis.rates`` (loaded phrases per 1,000 tokens with k, n and 95 %), cached by key and filters."""
    return _a.rates(by=by, categories=categories, guideline_categories=guideline, split_voice=split_voice)


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner=False)
def category_rates(key: str, by: str, _a: Any) -> pd.DataFrame:
    """Return ``Analysis.category_rates`` (per category, with k, n and 95 %), cached by key."""
    return _a.category_rates(by=by)


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner=False)
def trend(key: str, by: str, period: str, categories: tuple[str, ...] | None,
          guideline: tuple[str, ...] | None, split_voice: bool, _a: Any) -> tuple[pd.DataFrame, dict]:
    """Return ``(Analysis.trend(...), its attrs)`` (per group and catalog period), cached by key and filters."""
    df = _a.trend(by=by, period=period, categories=categories, guideline_categories=guideline,
                  split_voice=split_voice)
    return df, dict(df.attrs)


# ------------------------------------------------------------------ colours


def fixed_colours(ctx: state.Context) -> dict[str, str]:
    """Return the fixed stance colours for the corpus in use (its ``stances.csv``, else the bundled seeds')."""
    bundled = getattr(config, "_bundled", None)
    default = (bundled("seeds") / palette.STANCES_FILE) if bundled is not None else None
    fixed, problems = palette.fixed_colours_for(ctx.settings.corpus_dir, default)
    for p in problems[:3]:
        st.caption(f"Colours: {p}")
    return fixed


def colour_scale(names: Any, ctx: state.Context, kind: str = "stance") -> alt.Scale:
    """Return an Altair colour scale with the stable colour of each stance (or outlet) name."""
    fixed = fixed_colours(ctx) if kind == "stance" else {}
    domain, rng = palette.colour_scale(names, fixed)
    return alt.Scale(domain=domain, range=rng)


# ------------------------------------------------------------------ filters


def category_filters(ctx: state.Context, prefix: str) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Draw the lexicon-category and guideline-technique filters; return ``(categories, techniques)``.

    ``None`` means "no filter".  The lexicon categories offered are the loaded
    ones (neutral markers are not loaded language); the techniques are the
    annotation guideline's categories those map to.
    """
    cats = getattr(ctx.analysis.lexicon, "categories", {}) or {}
    loaded = sorted(n for n, c in cats.items() if c.loaded)
    techniques = sorted({c.guideline for n, c in cats.items() if c.loaded and c.guideline})
    c1, c2 = st.columns(2)
    chosen = c1.multiselect("Lexicon categories", loaded, default=[], key=f"{prefix}_cats",
                            placeholder="all loaded categories",
                            help="Count only matches of these lexicon categories (lexicons/categories.csv).")
    tech = c2.multiselect("Guideline techniques", techniques, default=[], key=f"{prefix}_tech",
                          placeholder="all techniques",
                          help="Count only matches whose category maps to these annotation-guideline "
                               "categories (the categories.csv 'guideline' column).")
    return (tuple(chosen) or None), (tuple(tech) or None)


def allowed_categories(ctx: state.Context, categories: tuple[str, ...] | None,
                       techniques: tuple[str, ...] | None) -> set[str] | None:
    """Return the lexicon categories the filters keep (None: no filter)."""
    if categories is None and techniques is None:
        return None
    cats = getattr(ctx.analysis.lexicon, "categories", {}) or {}
    keep = set(cats)
    if categories is not None:
        keep &= set(categories)
    if techniques is not None:
        keep &= {n for n, c in cats.items() if c.guideline in techniques}
    return keep


# ------------------------------------------------------------------ charts and tables


def with_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with ``count_label`` (``k/n``) and ``sample`` ("small sample" or "") for charts and tables."""
    out = df.copy()
    out["count_label"] = [f"{int(k)}/{int(n):,}" for k, n in zip(out["loaded"], out["tokens"])]
    out["sample"] = [SMALL_MARK if s else "" for s in out["small_sample"]]
    return out


def rate_chart(df: pd.DataFrame, y: str, colour: str, scale: alt.Scale, facet: str | None = None,
               x_title: str = "loaded phrases per 1,000 tokens (95% interval)", width: int = 360) -> alt.Chart:
    """Return a dot-and-whisker chart: the rate, its Wilson 95 % interval, ``k/n`` beside it; small samples hollow."""
    d = with_labels(df)
    d["filled"] = ~d["small_sample"].astype(bool)
    base = alt.Chart(d).encode(y=alt.Y(f"{y}:N", title=None, sort=None))
    tip = [y, "voice", alt.Tooltip("per_1000:Q", format=".2f", title="per 1,000"),
           alt.Tooltip("low_1000:Q", format=".2f", title="95% low"),
           alt.Tooltip("high_1000:Q", format=".2f", title="95% high"),
           alt.Tooltip("loaded:Q", title="phrases (k)"), alt.Tooltip("tokens:Q", title="tokens (n)"),
           "sample", "phrases"]
    tip = [t for t in tip if not isinstance(t, str) or t in d.columns]
    # headroom on the right for the k/n labels of the widest interval
    top = float(d["high_1000"].max()) if len(d) and d["high_1000"].notna().any() else 1.0
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low_1000:Q", title=x_title, scale=alt.Scale(domain=[0, top * 1.18], nice=False)),
        x2="high_1000:Q",
        color=alt.Color(f"{colour}:N", scale=scale, legend=None), tooltip=tip)
    points = base.mark_point(size=80, strokeWidth=2).encode(
        x="per_1000:Q", color=alt.Color(f"{colour}:N", scale=scale, legend=None),
        fill=alt.condition(alt.datum.filled, alt.Color(f"{colour}:N", scale=scale, legend=None),
                           alt.value("white")),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=6, dy=-9, fontSize=11, color="#333").encode(
        x="high_1000:Q", text="count_label:N")
    chart = (bars + points + labels).properties(width=width, height=alt.Step(26))
    if facet:
        chart = chart.facet(row=alt.Row(f"{facet}:N", title=None, header=alt.Header(labelAngle=0,
                                                                                  labelAlign="left")))
    return chart


def rate_column_config(extra: dict | None = None) -> dict:
    """Return ``st.column_config`` for rate tables: narrow number columns, a wide wrapped phrase list."""
    cfg = {
        "loaded": st.column_config.NumberColumn("k", help="phrases counted", width="small"),
        "tokens": st.column_config.NumberColumn("n tokens", help="tokens in that voice (the denominator)",
                                                width="small", format="%d"),
        "per_1000": st.column_config.NumberColumn("per 1,000", format="%.1f", width="small"),
        "low_1000": st.column_config.NumberColumn("95% low", format="%.1f", width="small"),
        "high_1000": st.column_config.NumberColumn("95% high", format="%.1f", width="small"),
        "documents": st.column_config.NumberColumn("docs", width="small"),
        "voice": st.column_config.TextColumn("voice", width="small"),
        "sample": st.column_config.TextColumn("sample", width="small",
                                              help=f"fewer than {SMALL_SAMPLE_TOKENS} tokens"),
        # small: the numbers must fit a 1280 px screen; the full list is in the tooltip and the CSV
        "phrases": st.column_config.TextColumn("phrases", width="small"),
    }
    cfg.update(extra or {})
    return cfg


def rate_table(df: pd.DataFrame, lead: list[str], name: str, caption: str = "") -> None:
    """Show a compact rate table (lead columns, voice, k, n, rate, interval, sample mark, phrases) with a CSV."""
    d = with_labels(df)
    cols = [c for c in lead + ["voice", "loaded", "tokens", "per_1000", "low_1000", "high_1000", "sample",
                               "documents", "phrases"] if c in d.columns]
    if "voice" in d.columns and d["voice"].nunique() == 1:
        cols.remove("voice")  # one voice: named in the caption, the column would only take width
        caption = f"Voice: {d['voice'].iloc[0]}. " + caption
    if caption:
        st.caption(caption)
    cfg = rate_column_config({c: st.column_config.TextColumn(c, width=100) for c in lead})
    st.dataframe(d[cols], hide_index=True, width="stretch", column_config=cfg)
    state.download(d[cols], name)


def small_sample_note() -> str:
    """Return the one-line explanation of the small-sample mark and the interval."""
    return (f"Hollow points and \u201c{SMALL_MARK}\u201d (small sample): fewer than {SMALL_SAMPLE_TOKENS} tokens. "
            "Whiskers: Wilson 95% interval for k phrases in n tokens; labels give k/n.")
