"""Claims page: pick a claim and read, one column per stance, how each stance frames it.

The researcher picks the stances to compare and their order (the
multiselect's order is the column order; default: the covered stances with
the most and the least loaded language per sentence), side by side, at most
three to a row so sentences stay readable at 1280 px.  A stance with no
sentence about the claim says so ("no sentences about this claim"): what an
outlet leaves out is part of its framing.  Scare quotes are marked in the
sentences as the legend says; category and technique filters narrow the
highlights.  A column shows the contrast measures (own-voice and
quoted loaded language, cited and vague sources, hedges, sentiment,
distinctive terms) and then the sentences themselves with their matches
highlighted.  The numbers come from :func:`framing.analyze.contrast.contrast_frame`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from framing.present import palette, render
from framing.present.dashboard import charts, state

#: Stance columns per row: more than three makes sentences too narrow to read at 1280 px.
COLUMNS_PER_ROW = 3
#: Sentences drawn per stance; the table below the columns has all of them.
MAX_SENTENCES = 12
#: Columns of the compact contrast table (counts first; the phrase lists are in the stance cards and the CSV).
CONTRAST_COLUMNS = ["stance", "sentences", "documents", "own_k", "quoted_k", "scare_quotes", "cited_k",
                    "vague_k", "hedges"]


def _count(listing: object) -> int:
    """Return how many items a contrast list cell has ("a (x); b (y)" -> 2; empty -> 0)."""
    text = "" if listing is None or listing != listing else str(listing)
    return len([p for p in text.split(";") if p.strip()])


def scare_spans(ctx: state.Context, doc_id: str, start: int, end: int) -> list[render.Span]:
    """Return the scare quotes inside ``start:end`` of a document as spans (the legend's "scare-quoted" mark)."""
    det = ctx.analysis.by_id.get(doc_id)
    if det is None:
        return []
    return [render.Span(q.start, q.end, "scare", speaker=q.speaker) for q in det.voice.quotes
            if q.kind == "scare" and q.start >= start and q.end <= end]


def default_stances(contrast: pd.DataFrame) -> list[str]:
    """Return the two stances to compare first: the covered ones most and least loaded per sentence.

    "Loaded" is the summed weight of loaded phrases (own voice + quoted) per
    sentence about the claim; ties go alphabetically.  With one covered stance
    it is that one; with none, the first two stances.
    """
    cov = contrast[contrast["covered"]].copy()
    if len(cov) < 2:
        names = cov["stance"].tolist() or contrast["stance"].head(2).tolist()
        return names
    cov["per_sentence"] = (cov["loaded_own_weight"].astype(float) + cov["loaded_quoted_weight"].astype(float)) \
        / cov["sentences"].clip(lower=1)
    cov = cov.sort_values(["per_sentence", "stance"], ascending=[False, True], kind="stable")
    most, least = cov.iloc[0]["stance"], cov.iloc[-1]["stance"]
    return [most, least] if most != least else cov["stance"].head(2).tolist()


def stance_column(row: dict, sents: pd.DataFrame, ctx: state.Context, matches: pd.DataFrame,
                  colours: dict[str, str], descriptions: dict[str, str], stance_colour: str) -> None:
    """Draw one stance's column: heading, contrast measures, then its sentences with highlights and scare quotes."""
    # A bar in the stance's stable palette colour (a validated #rrggbb, no text) ties the column to the charts.
    state.html(f'<div style="height:6px;border-radius:3px;background:{render.safe_colour(stance_colour)}"></div>')
    state.html(render.heading_html(row["stance"], row.get("outlets") or ""))
    if not row["covered"]:
        state.html(render.empty_html("no sentences about this claim"))
        return
    mine = sents[sents["stance"] == row["stance"]]
    scare = sum(len(scare_spans(ctx, r["doc_id"], int(r["start"]), int(r["end"])))
                for r in mine.to_dict("records"))
    state.html(render.kv_table_html([
        ("sentences", f"{row['sentences']} in {row['documents']} document(s)"),
        ("loaded, own voice", f"{row['loaded_own'] or '—'} (weight {row['loaded_own_weight']})"),
        ("loaded, quoted", f"{row['loaded_quoted'] or '—'} (weight {row['loaded_quoted_weight']})"),
        ("scare quotes", scare),
        ("cited sources", row["cited_sources"]), ("vague sources", row["vague_sources"]),
        ("hedges / boosters", f"{row['hedges']} / {row['boosters']}"),
        ("sentiment (mean, min)", _sentiment(row)),
        ("distinctive terms", row["distinctive_terms"]),
    ]))
    texts = {p.doc.doc_id: p.text for p in ctx.analysis.parsed}
    for r in mine.head(MAX_SENTENCES).to_dict("records"):
        text = texts.get(r["doc_id"], "")
        start, end = int(r["start"]), int(r["end"])
        ms = matches[(matches["doc_id"] == r["doc_id"]) & (matches["start"] >= start) & (matches["end"] <= end)]
        meta = f"{r['doc_id']} · {r['seg_kind']} · confidence {r['confidence']:.2f}"
        if r.get("sources"):
            meta += f" · sources: {r['sources']}"
        spans = render.spans_from_matches(ms) + scare_spans(ctx, r["doc_id"], start, end)
        state.html(render.sentence_html(text[start:end], start, spans, colours, meta, descriptions))
    if len(mine) > MAX_SENTENCES:
        st.caption(f"…and {len(mine) - MAX_SENTENCES} more in the table below.")


def _n_sentences(n: int | None) -> str:
    k = int(n or 0)
    return "no sentences" if k == 0 else f"{k} sentence" + ("" if k == 1 else "s")


def _sentiment(row: dict) -> str:
    mean, low = row.get("sentiment_mean"), row.get("sentiment_min")
    if mean is None or mean != mean:
        return "—"
    return f"{mean:+.2f}, {low:+.2f}"


def compact_contrast(contrast: pd.DataFrame, sents: pd.DataFrame, ctx: state.Context) -> pd.DataFrame:
    """Return the contrast as counts only (phrases counted, not listed), so it fits a 1280 px screen."""
    out = contrast.copy()
    out["own_k"] = out["loaded_own"].map(_count)
    out["quoted_k"] = out["loaded_quoted"].map(_count)
    out["cited_k"] = out["cited_sources"].map(_count)
    out["vague_k"] = out["vague_sources"].map(_count)
    out["scare_quotes"] = [sum(len(scare_spans(ctx, r["doc_id"], int(r["start"]), int(r["end"])))
                               for r in sents[sents["stance"] == st_].to_dict("records"))
                           for st_ in out["stance"]]
    return out[CONTRAST_COLUMNS]


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
    # Covered stances first in the picker, so the ones with something to compare are at hand.
    options = contrast.sort_values(["covered", "stance"], ascending=[False, True])["stance"].tolist()
    sentences_of = dict(zip(contrast["stance"], contrast["sentences"]))
    # ?stances=a,b in the URL preselects (and orders) the stances, so a comparison can be shared as a link.
    wanted_stances = [s for s in str(st.query_params.get("stances", "")).split(",") if s in options]
    chosen = st.multiselect(
        "Stances to compare, in column order", options, default=wanted_stances or default_stances(contrast),
        key=f"cl_stances_{claim_id}",
        format_func=lambda s: f"{s} ({_n_sentences(sentences_of.get(s, 0))})",
        help="The columns follow the order you pick them in (remove and re-add one to move it). "
             "Default: the covered stances with the most and the least loaded language per sentence.")
    cats, tech = charts.category_filters(ctx, "cl")
    keep = charts.allowed_categories(ctx, cats, tech)
    colours, descriptions = state.categories_info(ctx.analysis.lexicon)
    matches = state.matches(ctx.key, ctx.analysis)
    if keep is not None:
        matches = matches[matches["category"].isin(keep)]
    # The legend lists only the categories that occur in this claim's sentences.
    in_claim = matches.merge(sents[["doc_id", "sent_idx"]].drop_duplicates(), on=["doc_id", "sent_idx"]) \
        if not matches.empty and not sents.empty else matches.iloc[0:0]
    state.html(render.legend_html(colours, descriptions, sorted(set(in_claim["category"]))))
    left_out = [s for s in options if s not in chosen]
    if left_out:
        st.caption("Not shown: " + ", ".join(
            f"{render.md_escape(s)} ({_n_sentences(sentences_of.get(s, 0))})"
            for s in left_out) + ". Add them above.")
    if not chosen:
        st.info("Pick at least one stance to compare.")
    fixed = charts.fixed_colours(ctx)
    rows = {r["stance"]: r for r in contrast.to_dict("records")}
    for i in range(0, len(chosen), COLUMNS_PER_ROW):
        chunk = chosen[i:i + COLUMNS_PER_ROW]
        cols = st.columns(max(2, len(chunk)), border=True)
        for col, stance in zip(cols, chunk):
            with col:
                stance_column(rows[stance], sents, ctx, matches, colours, descriptions,
                              palette.colour_of(stance, fixed))

    st.subheader("Contrast table")
    st.caption("Counts per stance: loaded phrases in own voice (own_k) and quoted (quoted_k), scare quotes, "
               "named (cited_k) and vague sources, hedges. The phrases themselves are in the columns above "
               "and in the CSV.")
    st.dataframe(compact_contrast(contrast, sents, ctx), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(c, width="small") for c in CONTRAST_COLUMNS[1:]})
    state.download(contrast, f"contrast_{claim_id}")
    st.subheader("Sentences")
    sent_cols = [c for c in ("stance", "text", "own_matches", "quoted_matches", "sources", "confidence", "doc_id")
                 if c in sents.columns]
    st.dataframe(sents[sent_cols], hide_index=True, width="stretch", column_config={
        "stance": st.column_config.TextColumn("stance", width=100),
        "text": st.column_config.TextColumn("text", width="medium"),
        "own_matches": st.column_config.TextColumn("own", width="small"),
        "quoted_matches": st.column_config.TextColumn("quoted", width="small"),
        "sources": st.column_config.TextColumn("sources", width="small"),
        "doc_id": st.column_config.TextColumn("doc", width="small"),
        "confidence": st.column_config.NumberColumn("conf.", format="%.2f", width="small")})
    state.download(sents, f"claim_sentences_{claim_id}")


if __name__ == "__main__":
    state.run_page(render_page)
