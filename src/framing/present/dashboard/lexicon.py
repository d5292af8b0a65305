"""Lexicon explorer: browse and search the entries, try a passage, and see where an entry fires in the corpus.

The passage box runs the same compiled matcher as the analysis (inflections,
``word*`` prefixes and ``=ACRONYM`` exact words included), so what lights up
here is exactly what the corpus analysis would count.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing.present import render
from framing.present.dashboard import state

#: Characters of a pasted passage we match and draw (a page, not a book).
MAX_PASSAGE = 50_000


def search_entries(entries: pd.DataFrame, query: str, categories: list[str]) -> pd.DataFrame:
    """Return the entries in ``categories`` whose id, pattern, rationale or alternative contains ``query``."""
    out = entries[entries["category"].isin(categories)] if categories else entries
    q = query.strip().lower()
    if q:
        hay = (out["id"] + " " + out["pattern"] + " " + out["rationale"] + " " + out["neutral_alternative"]
               + " " + out["source"]).str.lower()
        out = out[hay.str.contains(q, regex=False)]
    return out


def try_passage(ctx: state.Context, colours: dict[str, str], descriptions: dict[str, str]) -> None:
    """Draw the "what fires and why" box: a passage highlighted with the matcher, and the hits explained."""
    st.subheader("Try a phrase or passage")
    text = st.text_area("Type a phrase or paste a passage", key="lx_passage", height=120,
                        placeholder="e.g. The so-called authorities waged a holy war against the occupiers.")
    if not text.strip():
        return
    if len(text) > MAX_PASSAGE:
        st.warning(f"Only the first {MAX_PASSAGE:,} characters are matched.")
        text = text[:MAX_PASSAGE]
    lex = state.lexicon(ctx.settings)
    hits = state.matcher(ctx.settings).match_text(text)
    spans = render.spans_from_hits(hits, lex.categories)
    state.html(render.sentence_html(text, 0, spans, colours, f"{len(hits)} match(es)", descriptions))
    if not hits:
        st.caption("Nothing fires: no entry's pattern occurs here (patterns match whole words and their "
                   "inflections; see lexicons/README.md).")
        return
    rows = [{"text": text[h.start:h.end], "entry_id": h.entry.id, "pattern": h.entry.pattern,
             "category": h.entry.category, "weight": h.entry.weight, "rationale": h.entry.rationale,
             "neutral_alternative": h.entry.neutral_alternative, "file": f"{h.entry.file}:{h.entry.line}",
             "start": h.start, "end": h.end} for h in hits]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def where_it_fires(ctx: state.Context, entries: pd.DataFrame, colours: dict[str, str],
                   descriptions: dict[str, str]) -> None:
    """Draw the corpus occurrences of one chosen entry, with their sentences highlighted."""
    st.subheader("Where an entry fires in the corpus")
    m = state.matches(ctx.key, ctx.analysis)
    if m.empty:
        st.info("No entry fires in this corpus.")
        return
    counts = m["entry_id"].value_counts()
    fired = [e for e in counts.index if e in set(entries["id"])] or list(counts.index)
    entry_id = st.selectbox("Entry", fired, key="lx_entry",
                            format_func=lambda e: f"{e} ({counts.get(e, 0)} matches)")
    hits = m[m["entry_id"] == entry_id]
    by = hits.groupby(["stance", "voice"]).size().reset_index(name="matches")
    st.dataframe(by, hide_index=True)
    texts = {p.doc.doc_id: p for p in ctx.analysis.parsed}
    for r in hits.head(25).to_dict("records"):
        p = texts.get(r["doc_id"])
        if p is None or r["sent_idx"] >= len(p.sentences):
            continue
        s = p.sentences[r["sent_idx"]]
        state.html(render.sentence_html(p.text[s.start:s.end], s.start, render.spans_from_matches([r]), colours,
                                        f"{r['doc_id']} · {r['stance']} · {r['voice']}"
                                        + (f" · speaker: {r['speaker']}" if r["speaker"] else ""), descriptions))
    if len(hits) > 25:
        st.caption(f"…and {len(hits) - 25} more (download the table on the Document reader page).")


def render_page() -> None:
    """Draw the Lexicon explorer page."""
    st.title("Lexicon explorer")
    ctx = state.context()
    state.show_notes(ctx)
    lex = state.lexicon(ctx.settings)
    colours, descriptions = state.categories_info(lex)
    st.caption(f"Lexicon {lex.version} in {render.md_escape(lex.directory)}: {len(lex.entries)} entries in "
               f"{len(lex.categories)} categories. Edit the CSV files and the dashboard picks the change up.")
    if lex.problems:
        with st.expander(f"{len(lex.problems)} problem(s) while loading the lexicon"):
            st.code("\n".join(str(p) for p in lex.problems[:200]), language=None)
    entries = state.entries(state.lexicon_key(ctx.settings.lexicon_dir), lex)

    st.subheader("Browse and search")
    cats = sorted(lex.categories)
    c1, c2 = st.columns([2, 3])
    query = c1.text_input("Search id, pattern, rationale or alternative", key="lx_query")
    chosen = c2.multiselect("Categories", cats, default=[], key="lx_cats", placeholder="all categories")
    state.html(render.legend_html(colours, descriptions, chosen or cats, voices=False))
    found = search_entries(entries, query, chosen)
    state.table_with_download(found, "lexicon_entries", f"{len(found)} of {len(entries)} entries", height=300)
    cat_table = pd.DataFrame([{"category": c.name, "family": c.family, "loaded": c.loaded,
                               "description": c.description, "SemEval-2020": c.semeval2020,
                               "SemEval-2023": c.semeval2023, "colour": c.colour}
                              for c in lex.categories.values()])
    with st.expander("Categories"):
        st.dataframe(cat_table, hide_index=True, width="stretch")

    try_passage(ctx, colours, descriptions)
    if ctx.empty:
        st.info("The corpus has no documents, so no entry fires anywhere yet.")
        return
    where_it_fires(ctx, found if not found.empty else entries, colours, descriptions)


if __name__ == "__main__":
    state.run_page(render_page)
