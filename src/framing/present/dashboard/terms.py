"""Distinctive terms: a Scattertext-like scatter of the terms that set one stance apart from the others.

x is how often a term occurs (in the chosen group plus the rest, log scale),
y its association with the group (log-odds z with an informative Dirichlet
prior, :mod:`framing.analyze.distinctive`).  Terms above the z threshold that no
lexicon entry covers and that are not names are *lexicon candidates*
(vermillion); terms the lexicon covers are blue; names (people, agencies,
places: "Lavrov", "TASS") purple and never candidates.  Optionally
restricted to one claim's sentences; the groups offered are every group
with sentences there, also one with no term used twice (it says so).
Scale domains are padded and labels placed so none overprints another
(:mod:`framing.present.chartlayout`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from framing.present import render
from framing.present.chartlayout import non_overlapping_labels, padded_domain
from framing.present.dashboard import state
from framing.present.palette import MARKER_COLOURS

GROUPINGS = {"stance": "Stance", "outlet": "Outlet", "kind": "Segment kind", "doc_id": "Document"}
#: Plot size the label placement assumes (the chart is drawn at this size).
WIDTH, HEIGHT = 760, 440
#: Most labels drawn; the table lists every term.
MAX_LABELS = 18


@st.cache_data(max_entries=state.MAX_FRAMES, show_spinner="Scoring terms…")
def terms_frame(key: str, by: str, claim_id: str | None, min_count: int, _a) -> tuple[pd.DataFrame, dict]:
    """Return ``(distinctive terms, their attrs)`` for the grouping, claim and minimum count, cached by key."""
    df = _a.distinctive(by=by, claim_id=claim_id, min_count=min_count)
    return df, dict(df.attrs)


def scatter_data(terms: pd.DataFrame, group: str) -> pd.DataFrame:
    """Return the group's scatter rows with ``marker`` (candidate / in lexicon / name / other)."""
    frame = render.scatter_frame(terms, group)
    if frame.empty:
        return frame
    names = terms[terms["group"] == group].set_index("term")["proper_noun"] if "proper_noun" in terms else None
    if names is not None:
        frame["proper_noun"] = frame["term"].map(names).fillna(False).astype(bool)
        frame.loc[frame["proper_noun"] & ~frame["in_lexicon"], "marker"] = "name (not a candidate)"
    return frame


def scatter(frame: pd.DataFrame, group: str, threshold: float) -> alt.LayerChart:
    """Return the term scatter for ``group``: padded domains, the z threshold as a rule, non-overlapping labels."""
    xd = padded_domain(frame["frequency"], log=True, pad=0.06)
    yd = padded_domain(list(frame["z"]) + [threshold], pad=0.1)
    f = frame.copy()
    f["label"] = non_overlapping_labels(f["frequency"].tolist(), f["z"].tolist(), f["term"].tolist(),
                                        # candidates are labelled before other terms at the same spot
                                        (f["z"] + 10 * f["candidate"].astype(int)).tolist(),
                                        xd, yd, WIDTH, HEIGHT, max_labels=MAX_LABELS)
    base = alt.Chart(f)
    x = alt.X("frequency:Q", scale=alt.Scale(type="log", domain=list(xd), nice=False),
              title="frequency in the compared text (log)")
    y = alt.Y("z:Q", scale=alt.Scale(domain=list(yd), nice=False), title=f"association with {group} (z)")
    points = base.mark_circle(size=70, opacity=0.8).encode(
        x=x, y=y,
        color=alt.Color("marker:N", scale=alt.Scale(domain=list(MARKER_COLOURS), range=list(MARKER_COLOURS.values())),
                        legend=alt.Legend(title=None, orient="top")),
        tooltip=["term", "count", "rest_count", alt.Tooltip("z:Q", format=".2f"),
                 alt.Tooltip("log_odds:Q", format=".2f"), "in_lexicon", "candidate", "marker"],
    )
    labels = base.transform_filter(alt.datum.label).mark_text(
        align="left", dx=6, dy=-4, fontSize=11).encode(x=x, y=y, text="term:N")
    rule = alt.Chart(pd.DataFrame({"z": [threshold]})).mark_rule(strokeDash=[4, 4], color="#888").encode(y="z:Q")
    return (points + labels + rule).properties(width=WIDTH, height=HEIGHT)


def render_page() -> None:
    """Draw the Distinctive terms page."""
    st.title("Distinctive terms")
    ctx = state.context()
    if not state.require_documents(ctx, "distinctive terms"):
        return
    from framing.analyze.distinctive import Z_THRESHOLD

    c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
    by = str(c1.selectbox("Compare", list(GROUPINGS), format_func=lambda g: GROUPINGS.get(g, g), key="dt_by"))
    claim_id: str | None = None
    registry = ctx.analysis.claims()
    if not registry.empty:
        choice = c3.selectbox("Within the sentences about", ["(whole corpus)"] + registry["claim_id"].tolist(),
                              key="dt_claim")
        claim_id = None if choice == "(whole corpus)" else choice
    min_count = int(c4.number_input("Min. uses", 1, 20, 1 if claim_id else 2, key=f"dt_min_{claim_id or 'all'}",
                                    help="Leave out terms the group uses fewer times (a claim has few sentences)."))
    terms, attrs = terms_frame(ctx.key, by, claim_id, min_count, ctx.analysis)
    groups = list(attrs.get("groups") or (sorted(terms["group"].unique()) if not terms.empty else []))
    if not groups:
        st.info("No prose to compare here" + (" in the sentences about this claim." if claim_id else "."))
        return
    where = f" with sentences about {claim_id}" if claim_id else ""
    if len(groups) < 2:
        st.info(f"Only one {GROUPINGS[by].lower()}{where} ({groups[0]}): its terms are compared with nothing, "
                "so every z is 0. Add documents with other stances to compare.")
    # Start on the group with the most candidates: the most informative view.
    cands = terms[terms["candidate"]].groupby("group").size() if not terms.empty else pd.Series(dtype=int)
    first = groups.index(cands.idxmax()) if not cands.empty and cands.idxmax() in groups else 0
    group = str(c2.selectbox(GROUPINGS[by], groups, index=first, key=f"dt_group_{by}"))
    st.caption(f"{len(groups)} {GROUPINGS[by].lower()}s compared{where}: " + ", ".join(map(render.md_escape, groups)))
    frame = scatter_data(terms, group)
    if frame.empty:
        st.info(f"{render.md_escape(group)} uses no term at least {min_count} times here; lower the minimum.")
        return
    st.altair_chart(scatter(frame, group, Z_THRESHOLD))
    n_cand = int(frame["candidate"].sum())
    n_names = int(frame.get("proper_noun", pd.Series(dtype=bool)).sum())
    st.caption(f"{len(frame)} terms used at least {min_count} times by {render.md_escape(group)}; {n_cand} lexicon "
               f"candidates (z > {Z_THRESHOLD}, no lexicon entry covers them, not a name); {n_names} names "
               f"left out of the candidates. Prior: {render.md_escape(attrs.get('lexicon', ''))}. "
               f"Labels: the {MAX_LABELS} highest z that do not overlap; every term is in the table.")
    only = st.toggle("Candidates only", value=False, key="dt_only")
    table = frame[frame["candidate"]] if only else frame
    state.table_with_download(table.sort_values("z", ascending=False),
                              f"distinctive_{by}_{render.css_ident(group)}", height=320)


if __name__ == "__main__":
    state.run_page(render_page)
