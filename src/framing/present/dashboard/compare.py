"""Side by side: two documents' highlighted texts in two columns, each with its summary.

The summary is :meth:`framing.api.Analysis.document_summary` (tokens, loaded
matches in own voice and in quoted speech); the texts are drawn like the
reader's (click a phrase for its explanation).
"""

from __future__ import annotations

import streamlit as st

from framing.present import render
from framing.present.dashboard import state
from framing.present.dashboard.reader import doc_label, scare_spans

#: Characters of each document drawn in a column (the reader pages longer ones).
COLUMN_CHARS = 30_000


def _column(ctx: state.Context, doc_id: str, summary: dict, colours: dict, descriptions: dict) -> None:
    a = ctx.analysis
    da = a.by_id[doc_id]
    p = da.parsed
    spans_df = state.spans(ctx.key, a)
    m = spans_df[(spans_df["doc_id"] == doc_id) & (spans_df["detector"] != "voice")]
    spans = render.spans_from_matches(m) + scare_spans(da)
    state.html(render.kv_table_html([
        ("document", doc_id), ("title", summary.get("title", "")), ("outlet", summary.get("outlet", "")),
        ("stances", summary.get("stances", "")), ("tokens", summary.get("tokens", "")),
        ("own-voice tokens", summary.get("own_tokens", "")), ("quoted tokens", summary.get("quoted_tokens", "")),
        ("loaded matches, own voice", summary.get("loaded_own_matches", "")),
        ("loaded matches, quoted", summary.get("loaded_quoted_matches", "")),
        ("loadedness own / quoted (per 1,000 tokens)",
         f"{summary.get('loaded_own', 0) or 0:.1f} / {summary.get('loaded_quoted', 0) or 0:.1f}"),
        ("scare quotes", summary.get("scare_quotes", "")),
    ]))
    blocks = [render.Block(s.start, s.end, s.kind, s.stance, s.outlet, s.speaker, s.seg_id) for s in p.segments]
    window = (0, min(len(p.text), COLUMN_CHARS))
    state.html(render.segment_blocks_html(p.text, blocks, spans, colours, descriptions, window, popover=True))
    if len(p.text) > COLUMN_CHARS:
        st.caption(f"Showing the first {COLUMN_CHARS:,} of {len(p.text):,} characters; the Document reader "
                   "shows the rest.")


def render_page() -> None:
    """Draw the Side by side page."""
    st.title("Side by side")
    ctx = state.context()
    if not state.require_documents(ctx, "the side-by-side page"):
        return
    a = ctx.analysis
    ids = [p.doc.doc_id for p in a.parsed]
    labels = {p.doc.doc_id: doc_label(p) for p in a.parsed}
    colours, descriptions = state.categories_info(a.lexicon)
    summaries = {r["doc_id"]: r for r in state.documents(ctx.key, a).to_dict("records")}
    c1, c2 = st.columns(2)
    left = str(c1.selectbox("Left document", ids, index=0, key="sb_left", format_func=lambda d: labels.get(d, d)))
    right = str(c2.selectbox("Right document", ids, index=min(1, len(ids) - 1), key="sb_right",
                             format_func=lambda d: labels.get(d, d)))
    sp = state.spans(ctx.key, a)
    present = sorted(set(sp.loc[sp["doc_id"].isin([left, right]) & (sp["detector"] != "voice"), "category"]))
    state.html(render.legend_html(colours, descriptions, present))
    st.caption("Click a highlighted phrase to see why it is flagged.")
    t1, t2 = st.columns(2)
    with t1:
        _column(ctx, left, summaries.get(left, {}), colours, descriptions)
    with t2:
        _column(ctx, right, summaries.get(right, {}), colours, descriptions)


if __name__ == "__main__":
    state.run_page(render_page)
