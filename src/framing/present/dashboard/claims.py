"""Claims page: pick a claim and read, one column per stance, how each stance frames it.

Every stance in the corpus gets a column, including stances with no sentence
about the claim ("no sentences about this claim"): what an outlet leaves out
is part of its framing.  A column shows the contrast measures (own-voice and
quoted loaded language, cited and vague sources, hedges, sentiment,
distinctive terms) and then the sentences themselves with their matches
highlighted.  The numbers come from :func:`framing.analyze.contrast.contrast_frame`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from framing.present import render
from framing.present.dashboard import state

#: Stance columns per row: more than three makes sentences too narrow to read.
COLUMNS_PER_ROW = 3
#: Sentences drawn per stance; the table below the columns has all of them.
MAX_SENTENCES = 12


def stance_column(row: dict, sents: pd.DataFrame, ctx: state.Context, matches: pd.DataFrame,
                  colours: dict[str, str], descriptions: dict[str, str]) -> None:
    """Draw one stance's column: heading, contrast measures, then its sentences with highlights."""
    state.html(render.heading_html(row["stance"], row.get("outlets") or ""))
    if not row["covered"]:
        state.html(render.empty_html("no sentences about this claim"))
        return
    state.html(render.kv_table_html([
        ("sentences", f"{row['sentences']} in {row['documents']} document(s)"),
        ("loaded, own voice", f"{row['loaded_own'] or '—'} (weight {row['loaded_own_weight']})"),
        ("loaded, quoted", f"{row['loaded_quoted'] or '—'} (weight {row['loaded_quoted_weight']})"),
        ("cited sources", row["cited_sources"]), ("vague sources", row["vague_sources"]),
        ("hedges / boosters", f"{row['hedges']} / {row['boosters']}"),
        ("sentiment (mean, min)", _sentiment(row)),
        ("distinctive terms", row["distinctive_terms"]),
    ]))
    mine = sents[sents["stance"] == row["stance"]]
    texts = {p.doc.doc_id: p.text for p in ctx.analysis.parsed}
    for r in mine.head(MAX_SENTENCES).to_dict("records"):
        text = texts.get(r["doc_id"], "")
        start, end = int(r["start"]), int(r["end"])
        ms = matches[(matches["doc_id"] == r["doc_id"]) & (matches["start"] >= start) & (matches["end"] <= end)]
        meta = f"{r['doc_id']} · {r['seg_kind']} · confidence {r['confidence']:.2f}"
        if r.get("sources"):
            meta += f" · sources: {r['sources']}"
        state.html(render.sentence_html(text[start:end], start, render.spans_from_matches(ms), colours,
                                        meta, descriptions))
    if len(mine) > MAX_SENTENCES:
        st.caption(f"…and {len(mine) - MAX_SENTENCES} more in the table below.")


def _sentiment(row: dict) -> str:
    mean, low = row.get("sentiment_mean"), row.get("sentiment_min")
    if mean is None or mean != mean:
        return "—"
    return f"{mean:+.2f}, {low:+.2f}"


def render_page() -> None:
    """Draw the Claims page."""
    st.title("Claims")
    ctx = state.context()
    if not state.require_documents(ctx, "the claims page"):
        return
    path = ctx.analysis.data.claims.path
    if not path or not Path(path).is_file():
        st.info("No claim registry: put a `claims.csv` (columns claim_id, statement, description, key_terms, "
                "exemplars; see seeds/claims.csv) in the corpus folder.", icon=":material/info:")
        return
    registry = state.claim_registry(path, hashlib.sha256(Path(path).read_bytes()).hexdigest())
    if registry.empty:
        st.info(f"The claim registry {render.md_escape(path)} has no usable claims.")
        return
    ids = registry["claim_id"].tolist()
    statements = dict(zip(registry["claim_id"], registry["statement"]))
    wanted = st.query_params.get("claim")
    index = ids.index(wanted) if wanted in ids else 0
    claim_id = st.selectbox("Claim", ids, index=index, key="cl_claim",
                            format_func=lambda c: f"{c} — {statements.get(c, '')}"[:160])
    row = registry[registry["claim_id"] == claim_id].iloc[0]
    st.caption(render.md_escape(row["description"]))
    if Path(path).resolve().parent != Path(ctx.settings.corpus_dir).resolve():
        st.caption(f"The corpus folder has no claims.csv; using the registry {render.md_escape(path)}.")

    contrast, sents = state.contrast(ctx.key, claim_id, ctx.analysis)
    if contrast.empty:
        st.info("This corpus has no prose segments to compare.")
        return
    covered = int(contrast["covered"].sum())
    st.markdown(f"**{covered} of {len(contrast)} stances** have sentences about this claim "
                f"({len(sents)} sentences).")
    colours, descriptions = state.categories_info(ctx.analysis.lexicon)
    matches = state.matches(ctx.key, ctx.analysis)
    # The legend lists only the categories that occur in this claim's sentences.
    in_claim = matches.merge(sents[["doc_id", "sent_idx"]].drop_duplicates(), on=["doc_id", "sent_idx"]) \
        if not matches.empty and not sents.empty else matches.iloc[0:0]
    state.html(render.legend_html(colours, descriptions, sorted(set(in_claim["category"]))))
    rows = contrast.to_dict("records")
    for i in range(0, len(rows), COLUMNS_PER_ROW):
        cols = st.columns(COLUMNS_PER_ROW, border=True)
        for col, r in zip(cols, rows[i:i + COLUMNS_PER_ROW]):
            with col:
                stance_column(r, sents, ctx, matches, colours, descriptions)

    st.subheader("Contrast table")
    state.table_with_download(contrast, f"contrast_{claim_id}")
    st.subheader("Sentences")
    state.table_with_download(sents, f"claim_sentences_{claim_id}")


if __name__ == "__main__":
    state.run_page(render_page)
