"""Trends: loaded phrases per 1,000 tokens per stance (or outlet) over the catalog's dates, with k/n and 95 %.

The numbers come from :meth:`framing.api.Analysis.trend`
(:func:`framing.analyze.rates.loaded_trend`): a segment is dated by its
catalog part's ``date`` (an RT article quoted in a forum thread keeps its own
date), else its document's.  Dates coarser than the chosen period (a brief
dated only "2024" when months are asked for) are left out and counted in a
note.  Each point has its Wilson 95 % interval and ``k/n``; small samples
are hollow.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

from framing.present import render
from framing.present.dashboard import charts, state

VOICES = {"own": "Own voice", "quoted": "Quoted speech", "all": "Both together"}


def render_page() -> None:
    """Draw the Trends page."""
    st.title("Trends")
    ctx = state.context()
    if not state.require_documents(ctx, "trends"):
        return
    c1, c2, c3 = st.columns(3)
    by = str(c1.radio("Per", ["stance", "outlet"], horizontal=True, key="tr_by"))
    period = str(c2.radio("Period", ["year", "month"], horizontal=True, key="tr_period"))
    voice = str(c3.radio("Voice", list(VOICES), format_func=VOICES.get, horizontal=True, key="tr_voice"))
    cats, tech = charts.category_filters(ctx, "tr")
    df, attrs = charts.trend(ctx.key, by, period, cats, tech, voice != "all", ctx.analysis)
    if voice != "all":
        df = df[df["voice"] == voice]
    if attrs.get("undated_documents"):
        st.caption(f"Left out ({attrs.get('undated_tokens', 0):,} tokens): documents with no date or none as "
                   f"precise as a {period}: " + ", ".join(map(render.md_escape, attrs["undated_documents"])) +
                   " (dates come from the catalog's date column).")
    if df.empty:
        st.info("No dated prose to chart: give the documents a date (YYYY, YYYY-MM or YYYY-MM-DD) in the "
                "catalog's date column.")
        return
    periods = sorted(df["period"].unique())
    if len(periods) < 2:
        st.info(f"All dated text falls in one {period} ({periods[0]}): nothing to trace over time yet.")
    d = charts.with_labels(df)
    d["filled"] = ~d["small_sample"].astype(bool)
    colour = alt.Color(f"{by}:N", scale=charts.colour_scale(d[by], ctx, kind=by),
                       legend=alt.Legend(orient="top", title=None))
    tip: list = [by, "period", "voice", alt.Tooltip("per_1000:Q", format=".2f", title="per 1,000"),
           alt.Tooltip("low_1000:Q", format=".2f", title="95% low"),
           alt.Tooltip("high_1000:Q", format=".2f", title="95% high"),
           alt.Tooltip("loaded:Q", title="phrases (k)"), alt.Tooltip("tokens:Q", title="tokens (n)"),
           "sample", "phrases"]
    x = alt.X("period:O", sort=periods, title=period, axis=alt.Axis(labelAngle=0))
    base = alt.Chart(d).encode(x=x, xOffset=alt.XOffset(f"{by}:N"), color=colour, tooltip=tip)
    chart = (base.mark_rule(strokeWidth=2).encode(y=alt.Y("low_1000:Q",
                                                          title="loaded phrases per 1,000 tokens (95% interval)"),
                                                  y2="high_1000:Q")
             + base.mark_point(size=70, strokeWidth=2).encode(
                 y="per_1000:Q", fill=alt.condition(alt.datum.filled, colour, alt.value("white")))
             + base.mark_text(dy=-10, fontSize=10, color="#333").encode(y="high_1000:Q", text="count_label:N")
             ).properties(width=max(240, 160 * len(periods)), height=360)
    st.altair_chart(chart)
    st.caption(f"{VOICES[voice]}; loaded phrases per 1,000 tokens in each {period}. " + charts.small_sample_note())
    charts.rate_table(d, [by, "period"], f"trend_{by}_{period}_{voice}")


if __name__ == "__main__":
    state.run_page(render_page)
