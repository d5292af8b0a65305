"""Search: every sentence in the corpus with a word or phrase, the hit highlighted, counted per document.

The search itself is :meth:`framing.api.Analysis.search`
(:func:`framing.analyze.search.search_sentences`); this page only asks for
the query and draws the escaped results.
"""

from __future__ import annotations

import streamlit as st

from framing.analyze.search import search_counts
from framing.present import render
from framing.present.dashboard import state

#: Sentences drawn at most (the table and its CSV download have every hit).
MAX_SHOWN = 200


def render_page() -> None:
    """Draw the Search page."""
    st.title("Search")
    ctx = state.context()
    if not state.require_documents(ctx, "the search page"):
        return
    a = ctx.analysis
    corpus = state.corpus(ctx.key, a)
    all_stances = sorted(set(corpus["stance"])) if not corpus.empty else []
    c1, c2, c3 = st.columns([3, 2, 1])
    query = c1.text_input("Word or phrase", key="sr_query", placeholder="e.g. regime, holy war, so-called",
                          help="Case-insensitive; spaces match any spaces or line breaks.")
    stances = c2.multiselect("Stances", all_stances, default=[], key="sr_stances",
                             format_func=lambda s: state.stance_label(s, corpus),
                             help="Only sentences in these stances (none chosen: every stance).")
    whole = c3.toggle("Whole words", value=True, key="sr_whole",
                      help="Off: also match inside longer words (war in warmonger).")
    if not query.strip():
        st.info("Type a word or phrase to find every sentence that has it, in every document.")
        return
    hits = state.search(ctx.key, query, tuple(stances) if stances else None, whole, a)
    if hits.empty:
        st.info(f"No sentence has {render.md_escape(query.strip())!s}"
                + (f" in the stances {render.md_escape(', '.join(stances))}." if stances else "."))
        return
    counts = search_counts(hits)
    st.markdown(f"**{len(hits)}** hit(s) in **{hits.groupby(['doc_id', 'sent_start']).ngroups}** sentence(s) "
                f"of **{hits['doc_id'].nunique()}** document(s).")
    state.table_with_download(counts, "search_counts", caption="Hits per document")
    titles = {p.doc.doc_id: p.doc.meta.get("title", "") or p.doc.outlet for p in a.parsed}
    shown = 0
    for doc_id, group in hits.groupby("doc_id", sort=False):
        first = group.iloc[0]
        state.html(render.heading_html(str(doc_id), f"{first['stance']} · {first['outlet']} · "
                                       f"{titles.get(str(doc_id), '')} · {len(group)} hit(s)"))
        for (sent_start, _), sent in group.groupby(["sent_start", "sent_end"], sort=False):
            if shown >= MAX_SHOWN:
                break
            r = sent.iloc[0]
            state.html(render.hits_html(str(r["sentence"]), int(sent_start),
                                        list(zip(sent["start"].astype(int), sent["end"].astype(int))),
                                        f"sentence {int(r['sent_idx']) + 1} of segment {r['seg_id']} "
                                        f"({r['seg_kind']}, {r['stance']})"))
            shown += 1
    if shown >= MAX_SHOWN:
        st.caption(f"Showing the first {MAX_SHOWN} sentences; the table below has every hit.")
    table = hits[["doc_id", "stance", "outlet", "sent_idx", "sentence", "start", "end", "hit"]]
    state.table_with_download(table, "search_hits", caption="Every hit", height=260)


if __name__ == "__main__":
    state.run_page(render_page)
