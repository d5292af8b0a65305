"""Classroom page (teacher): the answer keys, printable sheets and keys, LMS exports, class sets and the class summary.

A separate page from the student's, so a projector or a student's screen on
the Classroom page never shows the key.  The teacher makes a sheet (kind,
level, seed, filters), reads every exercise with its key, downloads the
worksheet, the key, Markdown, Moodle GIFT and QTI 2.1, and saves the sheet
with a class list in a class folder (``classroom.sqlite``): each student
then opens their own version on the Classroom page, and their marked answers
appear in the summary here.
"""

from __future__ import annotations

import os

import streamlit as st

from framing.core.errors import FramingError
from framing.present.dashboard import state
from framing.present.dashboard.classroom import CLASS_DIR_ENV, chosen_exercises, show_fragment
from framing.present.worksheet import exercise_html, md_escape, render_html, render_markdown


def _downloads(exercises, kind: str, title: str) -> None:
    from framing.present.exercises.lms import to_gift, to_qti_zip
    d1, d2, d3, d4, d5 = st.columns(5)
    d1.download_button("Worksheet (HTML)", render_html(exercises, title=title), file_name=f"{kind}.html",
                       mime="text/html", key="ct_dl_sheet", icon=":material/download:")
    d2.download_button("Answer key (HTML)", render_html(exercises, key=True, title=title),
                       file_name=f"{kind}.key.html", mime="text/html", key="ct_dl_key", icon=":material/download:")
    d3.download_button("Sheet and key (Markdown)",
                       render_markdown(exercises, title=title) + "\n\n" + render_markdown(exercises, True, title),
                       file_name=f"{kind}.md", mime="text/markdown", key="ct_dl_md", icon=":material/download:")
    d4.download_button("Moodle (GIFT)", to_gift(exercises, category=title), file_name=f"{kind}.gift.txt",
                       mime="text/plain", key="ct_dl_gift", icon=":material/download:")
    d5.download_button("QTI 2.1 (zip)", to_qti_zip(exercises, title), file_name=f"{kind}.qti.zip",
                       mime="application/zip", key="ct_dl_qti", icon=":material/download:")


def _class_folder(exercises, kind: str, seed: int, title: str) -> None:
    """Save the sheet with a class list, and show the summary of a saved sheet."""
    from framing.present.exercises.classset import class_set
    from framing.present.exercises.classstore import ClassStore
    st.subheader("Class set and answers")
    folder = st.text_input("Class folder (created if missing; holds classroom.sqlite)",
                           value=os.environ.get(CLASS_DIR_ENV, ""), key="ct_folder").strip()
    if not folder:
        st.caption("Choose a folder on this computer or a shared drive: sheets, answers and marks stay in it.")
        return
    try:
        store = ClassStore(folder)
    except FramingError as exc:
        st.warning(md_escape(str(exc), inline=True))
        return
    with st.form("ct_save"):
        sheet = st.text_input("Sheet name", value=f"{kind}-seed{seed}", key="ct_sheet_name")
        names = st.text_area("Class list (one name a line)", key="ct_names")
        if st.form_submit_button("Save the sheet for the class"):
            try:
                versions = class_set(exercises, names.splitlines(), seed=seed) if names.strip() else []
                store.save_sheet(sheet, exercises, title, seed, versions)
                st.success(f"Saved {md_escape(sheet, inline=True)} for {len(versions)} student(s).")
            except FramingError as exc:
                st.warning(md_escape(str(exc), inline=True))
    sheets = store.sheets()
    if sheets:
        pick = st.selectbox("Summary of sheet", sheets, key="ct_summary_sheet")
        st.dataframe(store.summary(pick), hide_index=True, key="ct_summary")


def render_page() -> None:
    """Draw the teacher's Classroom page: keys, downloads, class sets and summaries."""
    st.title("Classroom: teacher")
    st.caption("The answer keys of the Classroom exercises, for the teacher only: items the detectors are "
               "unsure about are left out of the key and listed under the notes.")
    ctx = state.context()
    if not state.require_documents(ctx, "the classroom"):
        return
    got = chosen_exercises(ctx, "ct")
    if got is None:
        return
    kind, seed, exercises, title = got
    _downloads(exercises, kind, title)
    for ex in exercises:
        with st.expander(ex.title, expanded=ex is exercises[0]):
            show_fragment(exercise_html(ex, key=True, heading_level=5))
    _class_folder(exercises, kind, seed, title)


page = render_page

if __name__ == "__main__":
    state.run_page(render_page)
