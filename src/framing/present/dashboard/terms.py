"""Distinctive terms: a Scattertext-like scatter of the terms that set one stance apart from the others.

x is how often a term occurs (in the chosen group plus the rest, log scale),
y its association with the group (log-odds z with an informative Dirichlet
prior, :mod:`framing.analyze.distinctive`).  Terms above the z threshold that no
lexicon entry covers are *lexicon candidates* and drawn in red; terms the
lexicon already covers are blue.  Optionally restricted to one claim's
sentences.
"""

from __future__ import annotations


import altair as alt
import streamlit as st

from framing.present import render
from framing.present.dashboard import state

MARKER_COLOURS = {"lexicon candidate": "#d62728", "in lexicon": "#1f77b4", "other term": "#9a9a9a"}
GROUPINGS = {"stance": "Stance", "outlet": "Outlet", "kind": "Segment kind", "doc_id": "Document"}


def scatter(frame, group: str, threshold: float) -> alt.LayerChart:
    """Return the term scatter for ``group`` with the z threshold as a rule and labels on the top terms."""
    base = alt.Chart(frame)
    points = base.mark_circle(size=70, opacity=0.75).encode(
        x=alt.X("frequency:Q", scale=alt.Scale(type="log"), title="frequency in the corpus (log)"),
        y=alt.Y("z:Q", title=f"association with {group} (z)"),
        color=alt.Color("marker:N", scale=alt.Scale(domain=list(MARKER_COLOURS), range=list(MARKER_COLOURS.values())),
                        legend=alt.Legend(title=None, orient="top")),
        tooltip=["term", "count", "rest_count", alt.Tooltip("z:Q", format=".2f"),
                 alt.Tooltip("log_odds:Q", format=".2f"), "in_lexicon", "candidate"],
    )
    labels = base.transform_filter(alt.datum.z > threshold).mark_text(
        align="left", dx=6, dy=-4, fontSize=11).encode(x="frequency:Q", y="z:Q", text="term:N")
    rule = alt.Chart({"values": [{"z": threshold}]}).mark_rule(strokeDash=[4, 4], color="#888").encode(y="z:Q")
    return (points + labels + rule).properties(height=460).interactive()


def render_page() -> None:
    """Draw the Distinctive terms page."""
    st.title("Distinctive terms")
    ctx = state.context()
    if not state.require_documents(ctx, "distinctive terms"):
        return
    from framing.analyze.distinctive import Z_THRESHOLD

    c1, c2, c3 = st.columns([1, 1, 2])
    by = str(c1.selectbox("Compare", list(GROUPINGS), format_func=lambda g: GROUPINGS.get(g, g), key="dt_by"))
    claim_id: str | None = None
    registry = ctx.analysis.claims()
    if not registry.empty:
        choice = c3.selectbox("Within the sentences about", ["(whole corpus)"] + registry["claim_id"].tolist(),
                              key="dt_claim")
        claim_id = None if choice == "(whole corpus)" else choice
    terms = state.distinctive(ctx.key, by, claim_id, ctx.analysis)
    groups = sorted(terms["group"].unique()) if not terms.empty else []
    if not groups:
        st.info("Too few repeated terms to compare here (terms need at least two occurrences in a group).")
        return
    if len(groups) < 2:
        st.info(f"Only one {GROUPINGS[by].lower()} here ({groups[0]}): its terms are compared with nothing, "
                "so every z is 0. Add documents with other stances to compare.")
    # Start on the group with the most candidates: the most informative view.
    cands = terms[terms["candidate"]].groupby("group").size()
    first = groups.index(cands.idxmax()) if not cands.empty else 0
    group = str(c2.selectbox(GROUPINGS[by], groups, index=first, key=f"dt_group_{by}"))
    frame = render.scatter_frame(terms, group)
    st.altair_chart(scatter(frame, group, Z_THRESHOLD), width="stretch")
    n_cand = int(frame["candidate"].sum())
    st.caption(f"{len(frame)} terms used at least twice by {render.md_escape(group)}; {n_cand} lexicon "
               f"candidates (z > {Z_THRESHOLD} and no lexicon entry covers them). "
               f"Prior: {render.md_escape(terms.attrs.get('lexicon', ''))}.")
    only = st.toggle("Candidates only", value=False, key="dt_only")
    table = frame[frame["candidate"]] if only else frame
    state.table_with_download(table.sort_values("z", ascending=False),
                              f"distinctive_{by}_{render.css_ident(group)}", height=320)


if __name__ == "__main__":
    state.run_page(render_page)
