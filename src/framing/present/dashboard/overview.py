"""Overview page: the corpus by stance and outlet, loaded-language rates by stance (own voice and quoted), categories.

Every rate shows its count and denominator (k/n) and a Wilson 95 % interval,
and is marked when it rests on fewer than 500 tokens
(:mod:`framing.analyze.rates`): one phrase in an 80-token forum thread is
not "the most loaded stance".  Loaded categories come first; neutral
markers (attribution, hedges, boosters, toponyms) only on request.  Each
chart has its numbers as a table with a CSV download next to it.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

from framing.present import render
from framing.present.dashboard import charts, state


def corpus_section(ctx: state.Context) -> None:
    """Draw documents and tokens per stance (chart, stable stance colours) and the stance x outlet table."""
    st.subheader("Corpus by stance and outlet")
    frame = render.corpus_by_stance(state.corpus(ctx.key, ctx.analysis))
    by_stance = frame.groupby("stance", as_index=False)[["documents", "segments", "tokens"]].sum()
    left, right = st.columns([1, 3])
    with left:
        chart = alt.Chart(by_stance).mark_bar().encode(
            x=alt.X("tokens:Q", title="tokens"),
            y=alt.Y("stance:N", sort="-x", title=None),
            color=alt.Color("stance:N", scale=charts.colour_scale(by_stance["stance"], ctx), legend=None),
            tooltip=["stance", "documents", "segments", "tokens"],
        ).properties(height=alt.Step(30))
        st.altair_chart(chart, width="stretch")
    with right:
        st.caption("Documents, segments, sentences and tokens per stance and outlet "
                   "(a forum thread quoting RT counts for both stances).")
        small = {c: st.column_config.NumberColumn(c, width="small") for c in
                 ("documents", "segments", "sentences", "tokens")}
        st.dataframe(frame, hide_index=True, width="stretch",
                     column_config={"stance": st.column_config.TextColumn("stance", width=100),
                                    "outlet": st.column_config.TextColumn("outlet", width="medium"), **small})
        state.download(frame, "corpus_by_stance_outlet")


def loadedness_section(ctx: state.Context, cats: tuple[str, ...] | None, tech: tuple[str, ...] | None) -> None:
    """Draw loaded phrases per 1,000 tokens per stance, own voice and quoted speech apart, with k/n and 95 %."""
    st.subheader("Loaded language by stance: own voice and quoted speech")
    rates = charts.rates(ctx.key, "stance", cats, tech, True, ctx.analysis)
    if rates.empty:
        st.info("No prose to score yet.")
        return
    st.caption("Loaded phrases (lexicon categories marked loaded) per 1,000 tokens of the outlet's own words "
               "and, apart, of the speech it quotes. " + charts.small_sample_note())
    scale = charts.colour_scale(rates["stance"], ctx)
    st.altair_chart(charts.rate_chart(rates, "stance", "stance", scale, facet="voice", width=560))
    charts.rate_table(rates, ["stance"], "loaded_rates_by_stance",
                      "k phrases in n tokens; the phrases column lists them (most frequent first).")
    with st.expander("Weighted loadedness index and other signals per stance"):
        scores = state.scores(ctx.key, "stance", ctx.analysis)
        cols = [c for c in ("stance", "documents", "own_tokens", "quoted_tokens", "loaded_weight_own",
                            "loaded_own", "loaded_weight_quoted", "loaded_quoted", "hedge_rate",
                            "attribution_rate", "scare_quotes", "evidence") if c in scores.columns]
        state.table_with_download(scores[cols], "loadedness_by_stance",
                                  "loaded_own / loaded_quoted: summed entry weights per 1,000 own-voice / "
                                  "quoted tokens (docs/scoring.md); the evidence column lists the phrases.")


def categories_section(ctx: state.Context, keep: set[str] | None) -> None:
    """Draw matches per 1,000 tokens per category and stance with 95 % intervals; loaded categories first."""
    st.subheader("Categories per stance")
    rates = charts.category_rates(ctx.key, "stance", ctx.analysis)
    neutral = st.toggle("Also show neutral markers (attribution, hedges, boosters, toponyms)", value=False,
                        key="ov_neutral", help="They count how a text attributes and hedges, not loaded language.")
    if not neutral:
        rates = rates[rates["is_loaded"]]
    if keep is not None:
        rates = rates[rates["category"].isin(keep) | ~rates["is_loaded"]]
    if rates.empty:
        st.info("No lexicon matches of these categories in this corpus.")
        return
    colours, descriptions = state.categories_info(ctx.analysis.lexicon)
    # loaded categories first (by total matches), neutral markers after
    order = (rates.groupby(["category", "is_loaded"])["loaded"].sum().reset_index()
             .sort_values(["is_loaded", "loaded", "category"], ascending=[False, False, True])["category"].tolist())
    rates = rates.assign(kind=["loaded" if b else "neutral marker" for b in rates["is_loaded"]])
    d = charts.with_labels(rates)
    d["filled"] = ~d["small_sample"].astype(bool)
    scale = charts.colour_scale(d["stance"], ctx)
    base = alt.Chart(d).encode(y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
                               yOffset=alt.YOffset("stance:N"))
    tip = ["stance", "category", "kind", alt.Tooltip("per_1000:Q", format=".2f", title="per 1,000"),
           alt.Tooltip("low_1000:Q", format=".2f", title="95% low"),
           alt.Tooltip("high_1000:Q", format=".2f", title="95% high"),
           alt.Tooltip("loaded:Q", title="matches (k)"), alt.Tooltip("tokens:Q", title="tokens (n)"),
           "own", "quoted", "sample", "phrases"]
    colour = alt.Color("stance:N", scale=scale, legend=alt.Legend(orient="top", title=None))
    chart = (base.mark_rule(strokeWidth=2).encode(
                x=alt.X("low_1000:Q", title="matches per 1,000 tokens (95% interval)",
                          scale=alt.Scale(domain=[0, float(d["high_1000"].max()) * 1.05])), x2="high_1000:Q",
                color=colour, tooltip=tip)
             + base.mark_point(size=50, strokeWidth=1.5).encode(
                x="per_1000:Q", color=colour,
                fill=alt.condition(alt.datum.filled, colour, alt.value("white")), tooltip=tip)
             ).properties(height=alt.Step(9), width=620)
    st.altair_chart(chart)
    state.html(render.legend_html(colours, descriptions, order, voices=False))
    table = rates.sort_values(["is_loaded", "stance", "loaded"], ascending=[False, True, False])
    charts.rate_table(table, ["stance", "category"], "categories_by_stance",
                      "Matches of each category per 1,000 prose tokens of the stance (k/n, 95% interval). "
                      + charts.small_sample_note())


def render_page() -> None:
    """Draw the Overview page."""
    st.title("Overview")
    ctx = state.context()
    st.caption(f"Lexicon {ctx.analysis.lexicon_version} · {len(ctx.analysis.parsed)} documents · "
               f"{render.md_escape(ctx.source)}")
    if not state.require_documents(ctx, "the overview"):
        return
    corpus_section(ctx)
    cats, tech = charts.category_filters(ctx, "ov")
    loadedness_section(ctx, cats, tech)
    categories_section(ctx, charts.allowed_categories(ctx, cats, tech))


if __name__ == "__main__":
    state.run_page(render_page)
