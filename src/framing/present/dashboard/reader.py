"""Document reader: the repaired text with loaded phrases highlighted and explained, segment by segment.

Spans (lexicon matches and the span model's spans) are coloured by category;
the outlet's own voice has a solid underline, quoted speech a dashed box and
a scare quote a dotted outline with a "scare" tag.  Clicking a span shows its
explanation (entry, rationale and source, guideline category, voice and
speaker, detector and the model's top features) in a CSS popover; the table
below explains a chosen match in full.  A toggle shows the original file text
instead (matches placed by their original offsets).  Under the text the
researcher corrects the detector (:mod:`framing.present.dashboard.correct`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing.analyze import corrections
from framing.present import render
from framing.present.dashboard import state
from framing.present.dashboard.correct import correct_panel

#: Characters drawn at once; longer documents are paged (see render.page_windows).
WINDOW_CHARS = 60_000
VOICES = {"both": "Own voice and quoted", "own": "Own voice only", "quoted": "Quoted speech only"}


def doc_label(p) -> str:
    """Return the selectbox label of a parsed document: id, stance(s) and title or outlet (plain text)."""
    stances = sorted({s.stance for s in p.segments}) or [p.doc.stance]
    title = p.doc.meta.get("title") or p.doc.outlet
    return f"{p.doc.doc_id} — {', '.join(stances)} — {title}"[:140]


def scare_spans(analysis, raw: bool = False, skip: frozenset[tuple[int, int]] | set = frozenset()
                ) -> list[render.Span]:
    """Return the scare quotes of a document analysis as spans (original-text offsets with ``raw``).

    ``skip`` holds repaired-text ``(start, end)`` pairs to leave out (scare quotes marked as false positives).
    """
    out = []
    for q in analysis.voice.quotes:
        if q.kind != "scare" or (q.start, q.end) in skip:
            continue
        start, end = (analysis.parsed.repaired.raw_span(q.start, q.end) if raw else (q.start, q.end))
        out.append(render.Span(start, end, "scare", speaker=q.speaker))
    return out


def filter_matches(m: pd.DataFrame, categories: list[str], voice: str) -> pd.DataFrame:
    """Return the matches in ``categories`` with the chosen voice (``both``, ``own`` or ``quoted``)."""
    out = m[m["category"].isin(categories)]
    if voice in ("own", "quoted"):
        out = out[out["voice"] == voice]
    return out


def explain_match(row: dict, text: str, descriptions: dict[str, str]) -> None:
    """Show one span in full: phrase, entry, rationale, source, guideline category, voice, speaker, detector, why."""
    lo = max(0, int(row["start"]) - 160)
    hi = min(len(text), int(row["end"]) + 160)
    cell = render._cell
    state.html(render.kv_table_html([
        ("phrase", row["text"]), ("entry", cell(row, "entry_id") or "— (no lexicon entry)"),
        ("category", row["category"]), ("category meaning", descriptions.get(row["category"], "")),
        ("guideline category", cell(row, "guideline_category")),
        ("technique (SemEval-2020)", cell(row, "technique")), ("weight", cell(row, "weight")),
        ("why it is flagged", cell(row, "rationale")), ("source of the entry", cell(row, "source")),
        ("neutral alternative", cell(row, "neutral_alternative")),
        ("voice", render.voice_label(cell(row, "voice"))),
        ("speaker", cell(row, "speaker")), ("scare quote", "yes" if row.get("scare_quote") else "no"),
        ("found by", render.DETECTOR_LABELS.get(cell(row, "detector"), cell(row, "detector"))),
        ("model's top features", cell(row, "why")),
        ("segment", f"{cell(row, 'seg_id')} ({cell(row, 'seg_kind')})"),
        ("offsets", f"{row['start']}–{row['end']} (original file {row['raw_start']}–{row['raw_end']})"),
    ]))
    colours, _ = state.categories_info(state.lexicon())
    span = render.spans_from_matches(pd.DataFrame([row]))
    state.html(render.sentence_html(text[lo:hi], lo, span, colours,
                                    "context", descriptions))


def added_rows(added: list[corrections.Correction], p) -> pd.DataFrame:
    """Return the added spans of a document as match-like rows, so they are drawn and listed like detected ones."""
    rows = [{"doc_id": c.doc_id, "start": c.start, "end": c.end, "raw_start": c.raw_start, "raw_end": c.raw_end,
             "text": c.text, "category": c.category, "guideline_category": c.category, "guideline_span": True,
             "voice": c.voice, "speaker": c.speaker, "detector": "correction", "entry_id": "",
             "scare_quote": False, "seg_id": "", "seg_kind": ""} for c in added]
    return pd.DataFrame(rows)


def render_page() -> None:
    """Draw the Document reader page."""
    st.title("Document reader")
    ctx = state.context()
    if not state.require_documents(ctx, "the document reader"):
        return
    a = ctx.analysis
    parsed = a.parsed
    ids = [p.doc.doc_id for p in parsed]
    labels = {p.doc.doc_id: doc_label(p) for p in parsed}
    doc_id = str(st.selectbox("Document", ids, format_func=lambda d: labels.get(d, d), key="rd_doc"))
    da = a.by_id[doc_id]
    p = da.parsed
    colours, descriptions = state.categories_info(a.lexicon)
    all_spans = state.spans(ctx.key, a)
    doc_spans = all_spans[all_spans["doc_id"] == doc_id]
    # Only corrections that still fit this text (a correction made on another corpus or an
    # edited file would land on the wrong words).
    mine = [c for c in state.corrections() if c.doc_id == doc_id and p.text[c.start:c.end] == c.text]
    rejected = {(c.start, c.end) for c in mine if c.action == "reject"}
    # Scare quotes are drawn from the voice analysis (their own mark); the rest are highlights.
    m = doc_spans[doc_spans["detector"] != "voice"]
    if rejected:
        m = m[[(int(s), int(e)) not in rejected for s, e in zip(m["start"], m["end"])]]
    added = [c for c in mine if c.action == "add"]
    if added:
        m = pd.concat([m, added_rows(added, p)], ignore_index=True).sort_values(["start", "end"], kind="stable")

    meta = p.doc.meta
    with st.expander("About this document", expanded=False):
        state.html(render.kv_table_html([
            ("id", doc_id), ("title", meta.get("title", "")), ("outlet", p.doc.outlet),
            ("stances", ", ".join(sorted({s.stance for s in p.segments}))), ("date", meta.get("date", "")),
            ("url", meta.get("url", "")), ("file", p.doc.path), ("sha256", p.doc.sha256[:16]),
            ("segments", len(p.segments)), ("sentences", len(p.sentences)), ("matches", len(m)),
            ("repair notes", "; ".join(p.repaired.notes)[:600]),
            ("lexicon version", a.lexicon_version),
        ]))

    c1, c2, c3 = st.columns([2, 1, 2])
    present = sorted(set(m["category"])) if not m.empty else []
    with c1:
        cats = st.multiselect("Categories", sorted(set(colours) | set(present)), default=present,
                              key=f"rd_cats_{doc_id}", help="Only these categories are highlighted.")
    with c2:
        voice = st.radio("Voice", list(VOICES), format_func=VOICES.get, key="rd_voice")
    kinds_present = list(dict.fromkeys(s.kind for s in p.segments))
    with c3:
        kinds = st.multiselect("Segment kinds", kinds_present, default=kinds_present,
                               format_func=lambda k: render.KIND_LABELS.get(k, k), key=f"rd_kinds_{doc_id}")
    t1, t2 = st.columns(2)
    original = t1.toggle("Show the original text", value=False, key="rd_original",
                         help="The file as it was read, before repair (mojibake, page breaks, footnote "
                              "markers); segments are labelled on the repaired text only.")
    mark_scare = t2.toggle("Mark scare quotes", value=True, key="rd_scare")

    shown = filter_matches(m, cats, voice)
    spans = render.spans_from_matches(shown, raw=original)
    if mark_scare:
        spans += scare_spans(da, raw=original, skip=rejected)
    state.html(render.legend_html(colours, descriptions, present))
    st.caption("Click a highlighted phrase (or Tab to it) to see why it is flagged: entry, rationale and source, "
               "guideline category, voice and speaker, and which detector found it. Click elsewhere to close.")

    text = p.doc.raw if original else p.text
    windows = render.page_windows(text, WINDOW_CHARS)
    window = windows[0]
    if len(windows) > 1:
        part = st.select_slider("Part of the document", options=list(range(1, len(windows) + 1)), value=1,
                                key=f"rd_part_{doc_id}_{original}")
        window = windows[part - 1]
        st.caption(f"Long document: showing characters {window[0]:,}–{window[1]:,} of {len(text):,}.")
    if original:
        state.html(render.plain_document_html(text, spans, colours, descriptions, window, popover=True))
    else:
        blocks = [render.Block(s.start, s.end, s.kind, s.stance, s.outlet, s.speaker, s.seg_id)
                  for s in p.segments if s.kind in kinds]
        if not blocks:
            st.info("No segments of the chosen kinds in this document.")
        else:
            state.html(render.segment_blocks_html(text, blocks, spans, colours, descriptions, window,
                                                  popover=True))

    st.subheader("Matches in this document")
    if shown.empty:
        st.info("No matches with the chosen categories and voice.")
    else:
        cols = ["text", "category", "guideline_category", "voice", "speaker", "detector", "scare_quote",
                "entry_id", "neutral_alternative", "rationale", "why", "seg_kind", "start", "end"]
        table = shown[[c for c in cols if c in shown.columns]].reset_index(drop=True)
        state.table_with_download(table, f"matches_{render.css_ident(doc_id)}", height=260)
        options = list(range(len(shown)))
        recs = shown.to_dict("records")
        pick = st.selectbox("Explain a match", options, key=f"rd_pick_{doc_id}",
                            format_func=lambda i: f"{recs[i]['text']} — {recs[i]['category']} ({recs[i]['voice']}) "
                                                  f"@ {recs[i]['start']}")
        explain_match(recs[pick], p.text, descriptions)
    correct_panel(ctx, p, doc_spans, all_spans)


if __name__ == "__main__":
    state.run_page(render_page)
