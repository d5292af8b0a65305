"""Overview page: the corpus by stance and outlet, loadedness by stance (own voice and quoted), top categories.

Each chart has its numbers as a table with a CSV download next to it, so
nothing on the page is a picture only.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

from framing.present import render
from framing.present.dashboard import state


def corpus_section(ctx: state.Context) -> None:
    """Draw documents and tokens per stance (chart) and the stance x outlet table."""
    st.subheader("Corpus by stance and outlet")
    frame = render.corpus_by_stance(state.corpus(ctx.key, ctx.analysis))
    by_stance = frame.groupby("stance", as_index=False)[["documents", "segments", "tokens"]].sum()
    left, right = st.columns([2, 3])
    with left:
        chart = alt.Chart(by_stance).mark_bar().encode(
            x=alt.X("tokens:Q", title="tokens"),
            y=alt.Y("stance:N", sort="-x", title=None),
            color=alt.Color("stance:N", legend=None),
            tooltip=["stance", "documents", "segments", "tokens"],
        ).properties(height=alt.Step(30))
        st.altair_chart(chart, width="stretch")
    with right:
        state.table_with_download(frame, "corpus_by_stance_outlet",
                                  "Documents, segments, sentences and tokens per stance and outlet "
                                  "(a forum thread quoting RT counts for both stances).")


def loadedness_section(ctx: state.Context) -> None:
    """Draw loadedness per stance, own voice and quoted speech side by side (never summed)."""
    st.subheader("Loadedness by stance: own voice and quoted speech")
    scores = state.scores(ctx.key, "stance", ctx.analysis)
    long = render.loadedness_long(scores, "stance")
    if long.empty:
        st.info("No prose to score yet.")
        return
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("loadedness:Q", title="loaded-language weight per 1,000 tokens"),
        y=alt.Y("voice:N", title=None),
        row=alt.Row("stance:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
        color=alt.Color("voice:N", scale=alt.Scale(domain=["own", "quoted"], range=["#c0392b", "#7f8c8d"]),
                        legend=alt.Legend(title="voice", orient="top")),
        tooltip=["stance", "voice", alt.Tooltip("loadedness:Q", format=".2f"), "tokens"],
    ).properties(height=44, width=420)
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(chart)
    with right:
        cols = [c for c in ("stance", "documents", "tokens", "own_tokens", "quoted_tokens", "loaded_own",
                            "loaded_quoted", "hedge_rate", "attribution_rate", "scare_quotes", "evidence")
                if c in scores.columns]
        state.table_with_download(scores[cols], "loadedness_by_stance",
                                  "Own voice: the outlet's words; quoted: speech it reports. "
                                  "The evidence column lists the phrases behind the numbers.")


def categories_section(ctx: state.Context) -> None:
    """Draw the most frequent lexicon categories per stance as a heat-map and table."""
    st.subheader("Top categories per stance")
    m = state.matches(ctx.key, ctx.analysis)
    loaded_only = st.toggle("Loaded categories only", value=False, key="ov_loaded_only",
                            help="Hide stance markers, toponyms and attribution phrases.")
    n = st.slider("Categories per stance", 1, 10, 5, key="ov_top_n")
    top = render.top_categories(m, "stance", n=n, loaded_only=loaded_only)
    if top.empty:
        st.info("No lexicon matches in this corpus.")
        return
    colours, descriptions = state.categories_info(ctx.analysis.lexicon)
    cats = sorted(top["category"].unique())
    chart = alt.Chart(top).mark_bar().encode(
        x=alt.X("matches:Q", title="matches"),
        y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
        row=alt.Row("stance:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
        color=alt.Color("category:N", scale=alt.Scale(domain=cats, range=[colours.get(c, "#ccc") for c in cats]),
                        legend=None),
        stroke=alt.value("#555"), strokeWidth=alt.value(0.5),
        tooltip=["stance", "category", "matches", "share", "own", "quoted"],
    ).properties(height=alt.Step(20), width=380).resolve_scale(y="independent")
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(chart)
    with right:
        state.table_with_download(top, "top_categories_by_stance",
                                  "Count and share of each stance's matches; own/quoted split.")
        state.html(render.legend_html(colours, descriptions, cats, voices=False))


def render_page() -> None:
    """Draw the Overview page."""
    st.title("Overview")
    ctx = state.context()
    st.caption(f"Lexicon {ctx.analysis.lexicon_version} · {len(ctx.analysis.parsed)} documents · "
               f"{render.md_escape(ctx.source)}")
    if not state.require_documents(ctx, "the overview"):
        return
    corpus_section(ctx)
    loadedness_section(ctx)
    categories_section(ctx)


if __name__ == "__main__":
    state.run_page(render_page)
