"""Sources and credibility: transparent indicators per outlet and stance, a weighted composite, provenance.

Three parts, all computed by the library:

* the sourcing signals of :mod:`framing.analyze.scoring` (attribution rate, vague
  attributions, hedges, boosters, scare quotes) per outlet or stance;
* the credibility indicators of :mod:`framing.analyze.credibility` with their
  evidence, and a composite whose weights the user sets with sliders (the
  stacked bars show each component's share);
* the provenance graph of :mod:`framing.analyze.provenance` (who cites whom), drawn
  with ``st.graphviz_chart`` from a DOT string.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from framing.analyze import credibility as cred
from framing.analyze import provenance as prov
from framing.analyze.corpus_analysis import CorpusAnalysis
from framing.present import palette
from framing.present.dashboard import charts, state

SIGNAL_COLUMNS = ["documents", "tokens", "attribution_rate", "attributed_sentences", "vague_attributions",
                  "hedge_rate", "booster_rate", "scare_quotes", "loaded_own", "loaded_quoted"]


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner="Computing credibility indicators…")
def credibility(key: str, by: str, _a: CorpusAnalysis) -> pd.DataFrame:
    """Return ``framing.analyze.credibility.credibility_frame(analysis, by)``, cached by key."""
    return cred.credibility_frame(_a, by)


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner=False)
def evidence(key: str, _a: CorpusAnalysis) -> pd.DataFrame:
    """Return ``framing.analyze.credibility.credibility_evidence(analysis)`` (one row per sentence/span), cached by key."""
    return cred.credibility_evidence(_a)


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner="Tracing who cites whom…")
def provenance_edges(key: str, _a: CorpusAnalysis) -> pd.DataFrame:
    """Return ``framing.analyze.provenance.provenance_edges(analysis)`` (one row per citing part, source and way), cached."""
    return prov.provenance_edges(_a)


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner=False)
def provenance_dot(key: str, level: str, _edges: pd.DataFrame) -> str:
    """Return the provenance graph as a Graphviz DOT string (``framing.analyze.provenance.to_dot``), cached by key and level."""
    return prov.to_dot(_edges, by=level)


def signals_section(ctx: state.Context, by: str) -> None:
    """Draw the scoring module's sourcing signals per outlet or stance."""
    st.subheader("Sourcing signals")
    scores = state.scores(ctx.key, by, ctx.analysis)
    cols = [by] + [c for c in SIGNAL_COLUMNS if c in scores.columns]
    table = scores[cols] if not scores.empty else pd.DataFrame(columns=cols)
    if table.empty:
        st.info("No prose to score.")
        return
    long = table.melt(id_vars=[by], value_vars=[c for c in ("attribution_rate", "hedge_rate", "booster_rate")
                                                if c in table.columns], var_name="signal", value_name="value")
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("value:Q", title=None), y=alt.Y(f"{by}:N", title=None),
        color=alt.Color(f"{by}:N", scale=charts.colour_scale(long[by], ctx, kind=by), legend=None),
        column=alt.Column("signal:N", title=None),
        tooltip=[by, "signal", alt.Tooltip("value:Q", format=".3f")],
    ).properties(width=220, height=alt.Step(22)).resolve_scale(x="independent")
    st.altair_chart(chart)
    state.table_with_download(table, f"sourcing_signals_by_{by}",
                              "attribution_rate: share of sentences that name their source; vague_attributions: "
                              "frames with an unnamed source ('observers'); hedge/booster rates per 1,000 tokens.")


def weight_sliders(cred: Any, by: str) -> dict[str, float]:
    """Draw one slider per composite component (default: the library's weights) and return the chosen weights."""
    components = dict(getattr(cred, "COMPONENTS", {}))
    defaults = dict(getattr(cred, "DEFAULT_WEIGHTS", {}))
    weights: dict[str, float] = {}
    cols = st.columns(4)
    for i, name in enumerate(components):
        weights[name] = cols[i % len(cols)].slider(
            name.replace("_", " "), 0.0, 3.0, float(defaults.get(name, 1.0)), 0.1, key=f"cw_{by}_{name}",
            help=components[name])
    return weights


def credibility_section(ctx: state.Context, by: str) -> None:
    """Draw the credibility indicators, the user-weighted composite with its components, and the evidence."""
    st.subheader("Credibility indicators")
    frame = credibility(ctx.key, by, ctx.analysis.data)
    if frame.empty:
        st.info("No indicators for this corpus (no factual sentences or citations).")
        return
    state.table_with_download(frame, f"credibility_by_{by}",
                              "What the text shows about its sourcing; definitions in docs/credibility.md. "
                              "External ratings from the catalog are shown, never scored.")

    st.markdown("**Composite** — set how much each component counts. Each bar is split into the components' "
                "contributions; a component with no evidence for a row is left out of that row.")
    weights = weight_sliders(cred, by)
    if not any(weights.values()):
        st.warning("Every weight is zero: give at least one component a positive weight.")
        return
    comp = cred.composite(frame, weights)
    contrib = [c for c in comp.columns if c.endswith("_contribution")]
    long = comp.melt(id_vars=[by, "composite"], value_vars=contrib, var_name="component", value_name="contribution")
    long["component"] = long["component"].str.removesuffix("_contribution")
    long = long.dropna(subset=["contribution"])
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("sum(contribution):Q", title="composite (0–1)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y(f"{by}:N", sort="-x", title=None),
        # The components are a fixed set (credibility.DEFAULT_WEIGHTS), so a sorted Okabe-Ito mapping is stable.
        color=alt.Color("component:N", legend=alt.Legend(orient="top", title=None),
                        scale=alt.Scale(domain=sorted(long["component"].unique()),
                                        range=list(palette.OKABE_ITO))),
        tooltip=[by, "component", alt.Tooltip("contribution:Q", format=".3f"),
                 alt.Tooltip("composite:Q", format=".3f")],
    ).properties(height=alt.Step(26))
    st.altair_chart(chart, width="stretch")
    keep = [by, "composite", "composite_basis"] + [c for c in comp.columns if c.endswith(("_score", "_weight",
                                                                                             "_contribution"))]
    state.table_with_download(comp[[c for c in keep if c in comp.columns]], f"credibility_composite_by_{by}")

    with st.expander("Evidence behind the indicators"):
        ev = evidence(ctx.key, ctx.analysis.data)
        if ev.empty:
            st.info("No evidence rows.")
            return
        c1, c2 = st.columns(2)
        groups = sorted(frame[by].astype(str).unique())
        group = c1.selectbox(by.capitalize(), ["(all)"] + groups, key=f"ev_group_{by}")
        indicator = c2.selectbox("Indicator", ["(all)"] + sorted(ev["indicator"].unique()), key="ev_indicator")
        shown = ev if group == "(all)" else ev[ev[by].astype(str) == group]
        shown = shown if indicator == "(all)" else shown[shown["indicator"] == indicator]
        state.table_with_download(shown, f"credibility_evidence_by_{by}", f"{len(shown)} evidence rows", height=320)


def provenance_section(ctx: state.Context) -> None:
    """Draw the provenance graph (who cites whom) from the library's DOT string, with the edge table."""
    st.subheader("Provenance: who cites whom")
    edges = provenance_edges(ctx.key, ctx.analysis.data)
    if edges.empty:
        st.info("No citations between sources were found in this corpus.")
        return
    levels = list(prov.GRAPH_LEVELS)
    level = st.radio("Citing nodes", levels, horizontal=True, key="prov_level",
                     index=levels.index("outlet") if "outlet" in levels else 0)
    st.caption("Boxes cite, ellipses are cited sources (warm: state media, government bodies and officials; "
               "cool: wires and independent media). Solid edges: attributions; dashed: endnotes; dotted: links.")
    st.graphviz_chart(provenance_dot(ctx.key, level, edges), width="stretch")
    state.table_with_download(edges, "provenance_edges", height=300)


def render_page() -> None:
    """Draw the Sources and credibility page."""
    st.title("Sources and credibility")
    ctx = state.context()
    if not state.require_documents(ctx, "sources and credibility"):
        return
    by = st.radio("Per", ["outlet", "stance"], horizontal=True, key="src_by")
    signals_section(ctx, by)
    credibility_section(ctx, by)
    provenance_section(ctx)


if __name__ == "__main__":
    state.run_page(render_page)
