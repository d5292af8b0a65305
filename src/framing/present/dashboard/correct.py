"""The reader's corrections panel: mark detected spans as false positives, add missed spans, export for training.

Not a page: the Document reader calls :func:`correct_panel` under the text.
Corrections live in the session (:func:`state.corrections`), can be saved to
and loaded from a local CSV the researcher names, and download as training
data in the guideline format (:mod:`framing.analyze.corrections` builds it;
this module only draws widgets).  Buttons act in ``on_click`` callbacks, so
the text above already shows a correction on the run that records it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing.analyze import corrections as cx
from framing.core.errors import FramingError
from framing.detect.lexicon import GUIDELINE_CATEGORIES
from framing.present import render
from framing.present.dashboard import state

#: Session-state key of the last message of the panel (kind, text), shown once.
MESSAGE_KEY = "framing_corrections_message"


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _reject(row: dict) -> None:
    state.set_corrections(state.corrections() + [cx.reject(row)])
    _say("success", f"Marked {row['text']!r} as a false positive.")


def _add(p, sent_key: str, phrase_key: str, occ_key: str, cat_key: str, voice_key: str, speaker_key: str) -> None:
    ss = st.session_state
    sent = p.sentences[int(ss[sent_key])]
    try:
        c = cx.add_span(p, sent.start, sent.end, ss.get(phrase_key, ""), ss[cat_key], ss[voice_key],
                        ss.get(speaker_key, ""), int(ss.get(occ_key, 1)))
    except FramingError as exc:
        _say("error", str(exc))
        return
    state.set_corrections(state.corrections() + [c])
    ss[phrase_key] = ""
    _say("success", f"Added {c.text!r} as {c.category} ({c.voice}).")


def _remove(index_key: str) -> None:
    items = state.corrections()
    i = st.session_state.get(index_key)
    if i is not None and 0 <= int(i) < len(items):
        del items[int(i)]
        state.set_corrections(items)
        _say("success", "Removed the correction.")


def _save(path_key: str) -> None:
    path = str(st.session_state.get(path_key, "")).strip()
    if not path:
        _say("error", "Type the file to save the corrections to.")
        return
    try:
        cx.save_corrections(state.corrections(), path)
    except OSError as exc:
        _say("error", f"Could not write {path}: {exc.strerror or exc}. Choose a folder you can write to.")
        return
    _say("success", f"Saved {len(state.corrections())} correction(s) to {path}.")


def _load(path_key: str) -> None:
    path = str(st.session_state.get(path_key, "")).strip()
    try:
        loaded = cx.load_corrections(path)
    except (FramingError, OSError) as exc:
        _say("error", str(exc))
        return
    state.set_corrections(state.corrections() + loaded)
    _say("success", f"Loaded {len(loaded)} correction(s) from {path}.")


def sentence_label(p, i: int) -> str:
    """Return the selectbox label of sentence ``i`` of a parsed document (plain text)."""
    s = p.sentences[i]
    text = " ".join(s.text.split())
    return f"{i + 1}. {text[:110]}{'…' if len(text) > 110 else ''}"


def correct_panel(ctx: state.Context, p, doc_spans: pd.DataFrame, all_spans: pd.DataFrame) -> None:
    """Draw the corrections panel for document ``p`` (its detected spans ``doc_spans``) and the export."""
    doc_id = p.doc.doc_id
    st.subheader("Correct the detector")
    st.caption("Mark a detected span as a false positive or add a span the detectors missed; the corrections "
               "download as training data for `framing train` (guideline format: the accepted spans of each "
               "corrected document).")
    msg = st.session_state.pop(MESSAGE_KEY, None)
    if msg:
        (st.success if msg[0] == "success" else st.error)(render.md_escape(msg[1]))
    items = state.corrections()
    done = {(c.doc_id, c.start, c.end) for c in items}
    # A radio, not st.tabs: its choice is session state, so it survives the rerun a
    # correction causes (tabs with a changing label snap back to the first one).
    modes = {"fp": "Mark a false positive", "add": "Add a missed span",
             "out": f"Corrections ({len(items)}) and export"}
    mode = st.radio("Correction", list(modes), format_func=modes.get, key="cx_mode", horizontal=True,
                    label_visibility="collapsed")
    if mode == "fp":
        cand = doc_spans[doc_spans["guideline_category"].astype(bool) & doc_spans["guideline_span"].astype(bool)]
        recs = [r for r in cand.to_dict("records") if (doc_id, int(r["start"]), int(r["end"])) not in done]
        if not recs:
            st.info("No detected guideline span left to mark in this document.")
        else:
            i = st.selectbox("Detected span", list(range(len(recs))), key=f"cx_fp_{doc_id}",
                             format_func=lambda k: f"{recs[k]['text']} — {recs[k]['guideline_category']} "
                                                   f"({recs[k]['voice']}, {recs[k]['detector']}) @ {recs[k]['start']}")
            st.button("Mark as false positive", key=f"cx_fp_btn_{doc_id}", on_click=_reject, args=(recs[int(i)],),
                      icon=":material/block:")
    elif mode == "add":
        keys = {k: f"cx_{k}_{doc_id}" for k in ("sent", "phrase", "occ", "cat", "voice", "speaker")}
        st.selectbox("Sentence", list(range(len(p.sentences))), key=keys["sent"],
                     format_func=lambda k: sentence_label(p, k))
        a1, a2 = st.columns([3, 1])
        a1.text_input("Exact phrase (as it appears in the sentence)", key=keys["phrase"])
        a2.number_input("Occurrence", min_value=1, value=1, step=1, key=keys["occ"],
                        help="Which appearance in the sentence, when the phrase occurs more than once.")
        b1, b2, b3 = st.columns([2, 1, 2])
        b1.selectbox("Guideline category", list(GUIDELINE_CATEGORIES), key=keys["cat"])
        b2.radio("Voice", list(cx.VOICES), key=keys["voice"], horizontal=True)
        b3.text_input("Speaker (quoted speech)", key=keys["speaker"])
        st.button("Add span", key=f"cx_add_btn_{doc_id}", on_click=_add, icon=":material/add:",
                  args=(p, keys["sent"], keys["phrase"], keys["occ"], keys["cat"], keys["voice"], keys["speaker"]))
    else:
        _export(ctx, all_spans, items)


def _export(ctx: state.Context, all_spans: pd.DataFrame, items: list[cx.Correction]) -> None:
    parsed = list(ctx.analysis.parsed)
    old = cx.stale(items, parsed)
    if old:
        st.warning(f"{len(old)} correction(s) do not match the documents of this corpus (another folder or an "
                   "edited file); they are left out of the export.")
    live = [c for c in items if c not in old]
    if not items:
        st.info("No corrections yet.")
    else:
        frame = cx.corrections_frame(items)
        st.dataframe(frame[["doc_id", "action", "text", "category", "voice", "speaker", "start", "end"]],
                     hide_index=True, width="stretch", height=min(300, 40 + 35 * len(items)))
        r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
        r1.selectbox("Correction to remove", list(range(len(items))), key="cx_remove",
                     format_func=lambda k: f"{k + 1}. {items[k].action} {items[k].text!r} ({items[k].doc_id})")
        r2.button("Remove", key="cx_remove_btn", on_click=_remove, args=("cx_remove",), icon=":material/delete:")
    d1, d2 = st.columns(2)
    csv_text = cx.training_csv(all_spans, parsed, live)
    d1.download_button("Download training CSV (guideline format)", csv_text.encode("utf-8"),
                       file_name="corrected_spans.csv", mime="text/csv", key="cx_dl_csv",
                       icon=":material/download:", disabled=not live)
    d2.download_button("Download training bundle (.zip: spans.csv + articles/)",
                       cx.training_bundle(all_spans, parsed, live) if live else b"",
                       file_name="framing_corrections.zip", mime="application/zip", key="cx_dl_zip",
                       icon=":material/folder_zip:", disabled=not live)
    st.caption("Train on the bundle: unzip it, then `framing train --spans spans.csv --articles articles "
               "--format guideline --out my_model.json` and `framing spans NEWS --detector model --model "
               "my_model.json`.")
    f1, f2, f3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    f1.text_input("Corrections file (local CSV)", key="cx_path",
                  help="Save the session's corrections to keep them, and load them in a later session.")
    f2.button("Save", key="cx_save", on_click=_save, args=("cx_path",), icon=":material/save:")
    f3.button("Load", key="cx_load", on_click=_load, args=("cx_path",), icon=":material/upload:")
