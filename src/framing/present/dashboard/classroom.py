"""Classroom page (student): answer media-literacy exercises on screen; nothing here shows the answer key.

Two ways in: **practice** (choose the kind, level and seed the teacher gives;
the same seed gives everyone the same exercises) or **a class sheet** the
teacher saved in a class folder (``framing exercises --class-dir``, or the
teacher page), where the student types their name, gets their own version
(order shuffled for them) and every answer is marked and saved in the
folder's ``classroom.sqlite``.  Feedback after an answer gives the score and
explains what the student answered (:func:`student_feedback`); what they
missed is counted, never named.  The key, downloads of it and the class
summary are on the separate teacher page (``classroom_teacher.py``).

Every HTML fragment shown here is built by :mod:`framing.present.worksheet`,
which escapes all corpus text with :func:`framing.core.escape.html_escape`.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

import streamlit as st

from framing.core.errors import FramingError
from framing.core.escape import html_escape
from framing.present.dashboard import state
from framing.present.exercises import (KIND_TITLES, KINDS, LEVELS, Exercise, Feedback, ShortfallWarning, check_answer,
                                       generate, student_feedback)
from framing.present.worksheet import md_escape, passage_html, render_html

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

#: Exercises generated per practice setting; the student steps through them.
PAGE_COUNT = 5
#: Environment variable naming the class folder the page opens with.
CLASS_DIR_ENV = "FRAMING_CLASS_DIR"

#: Minimal styling for worksheet fragments inside the page (light, like the print CSS).
FRAGMENT_CSS = """<style>
.fr-ws .passage { border: 1px solid #bbb; border-radius: 4px; padding: .5rem 1rem; margin: .5rem 0; }
.fr-ws .passage .label { font-weight: bold; margin: 0; }
.fr-ws .passage .source { font-size: .85rem; color: #555; margin: 0 0 .25rem; }
.fr-ws mark { color: #111; border-bottom: 2px solid #333; padding: 0 .1em; }
.fr-ws sup.n { font-weight: bold; }
.fr-ws table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.fr-ws th, .fr-ws td { border: 1px solid #bbb; padding: .25rem .4rem; vertical-align: top; text-align: left; }
.fr-ws .claim { border-left: 4px solid #888; padding: .25rem .75rem; }
</style>"""


def show_fragment(fragment: str) -> None:
    """Show a worksheet fragment (all corpus text in it is html-escaped by framing.present.worksheet)."""
    state.html(f'{FRAGMENT_CSS}<div class="fr-ws">{fragment}</div>')


@st.cache_data(max_entries=64, show_spinner="Making exercises…")
def practice_exercises(key: str, kind: str, level: str, seed: int, claims: tuple[str, ...], stances: tuple[str, ...],
                       _a: CorpusAnalysis) -> tuple[list[Exercise], list[str], str]:
    """Return ``(exercises, shortfall notes, error)`` for one setting, cached by the analysis key."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShortfallWarning)
        try:
            out = generate(_a, kind, count=PAGE_COUNT, seed=seed, level=level,
                           claims=list(claims) or None, stances=list(stances) or None)
        except FramingError as exc:
            return [], [], str(exc)
    return out, [str(w.message) for w in caught if issubclass(w.category, ShortfallWarning)], ""


def setting_controls(ctx: state.Context, prefix: str) -> tuple[str, str, int, tuple[str, ...], tuple[str, ...]]:
    """Draw kind, level, seed and the claim/stance filters; return them (shared with the teacher page)."""
    c1, c2, c3 = st.columns([3, 2, 2])
    kind = c1.selectbox("Exercise", KINDS, format_func=lambda k: KIND_TITLES[k], key=f"{prefix}_kind")
    level = c2.selectbox("Level", list(LEVELS), index=1, key=f"{prefix}_level")
    seed = int(c3.number_input("Seed", min_value=0, max_value=10**6, value=0, step=1, key=f"{prefix}_seed",
                               help="The same seed always gives the same exercises."))
    claims: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    with st.expander("Choose claims and stances"):
        try:
            reg = state.assignments(ctx.key, ctx.analysis)
            claim_ids = sorted(set(reg["claim_id"])) if not reg.empty else []
        except FramingError:
            claim_ids = []
        corpus = state.corpus(ctx.key, ctx.analysis)
        stance_ids = sorted(set(corpus["stance"])) if not corpus.empty else []
        claims = tuple(st.multiselect("Only passages about these claims", claim_ids, key=f"{prefix}_claims"))
        stances = tuple(st.multiselect("Only passages from these stances", stance_ids, key=f"{prefix}_stances",
                                       format_func=lambda s: state.stance_label(s, corpus)))
    return kind, level, seed, claims, stances


def chosen_exercises(ctx: state.Context, prefix: str) -> tuple[str, int, list[Exercise], str] | None:
    """Draw the setting controls; return ``(kind, seed, exercises, title)``, or None after showing why there are none.

    Shared by the student and the teacher page, so both build the same sheet
    from the same settings.
    """
    kind, level, seed, claims, stances = setting_controls(ctx, prefix)
    exercises, shortfall, error = practice_exercises(ctx.key, kind, level, seed, claims, stances, ctx.analysis.data)
    if error:
        st.warning(md_escape(error, inline=True), icon=":material/info:")
        return None
    for note in shortfall:
        st.info(md_escape(note, inline=True))
    return kind, seed, exercises, f"Media literacy: {KIND_TITLES[kind].lower()}"


def _student_form(ex: Exercise, sig: str) -> tuple[bool, object]:
    """Draw the exercise for the student; return ``(submitted, response)``."""
    k = ex.kind
    if k == "frames":
        show_fragment(f'<p class="claim"><strong>Claim:</strong> {html_escape(ex.claim_statement)}</p>'
                      + "".join(passage_html(p) for p in ex.passages))
    else:
        show_fragment(passage_html(ex.passage, show_source=(k != "source"), numbered=(k == "sourcing")))
    with st.form(f"cr_form_{sig}"):
        response: object
        if k == "spot":
            response = st.multiselect(ex.questions[0].prompt, list(ex.questions[0].choices), key=f"cr_spot_{sig}")
        elif k == "voice":
            picked: dict[str, str | None] = {}
            response = picked
            for q in ex.questions:
                picked[q.id] = st.radio(q.prompt, list(q.choices), index=None, key=f"cr_v_{sig}_{q.id}")
        elif k == "source":
            response = st.radio(ex.questions[0].prompt, list(ex.questions[0].choices), index=None,
                                key=f"cr_src_{sig}", horizontal=True)
            st.text_area(ex.questions[1].prompt, key=f"cr_srcwhy_{sig}")
        elif k == "rewrite":
            response = st.text_area(ex.questions[0].prompt, height=200, key=f"cr_rw_{sig}",
                                    placeholder="Rewrite the passage here in neutral words…")
        elif k == "sourcing":
            response = {i: st.checkbox(f"Sentence {i} names its source", key=f"cr_s_{sig}_{i}")
                        for i in range(1, len(ex.questions) + 1)}
        else:  # frames
            response = {q.id: st.text_area(q.prompt, key=f"cr_f_{sig}_{q.id}") for q in ex.questions}
        submitted = st.form_submit_button("Check my answer", type="primary")
    return submitted, response


def _feedback(fb: Feedback) -> None:
    """Show the score and what the student answered, right ones first (missed items are counted, not named)."""
    st.metric("Score", f"{round(fb.score * 100)} %")
    if fb.correct:
        st.success("Right: " + md_escape(", ".join(fb.correct), inline=True))
    if fb.wrong:
        st.error("Not right: " + md_escape(", ".join(fb.wrong), inline=True))
    with st.container(border=True):
        st.markdown("**Why**")
        for line in fb.explanations:
            st.markdown("- " + md_escape(line, inline=True))


def _class_sheet(folder: str) -> tuple[str, str, list[Exercise], list[int]] | None:
    """Let the student open a saved class sheet; return ``(sheet, name, exercises in their order, numbers)``."""
    from framing.present.exercises.classset import class_set
    from framing.present.exercises.classstore import ClassStore
    try:
        store = ClassStore(folder)
        sheets = store.sheets()
    except FramingError as exc:
        st.warning(md_escape(str(exc), inline=True))
        return None
    if not sheets:
        st.info("This class folder has no sheet yet: your teacher saves one on the teacher page.")
        return None
    c1, c2 = st.columns(2)
    sheet = c1.selectbox("Sheet", sheets, key="cr_sheet")
    name = c2.text_input("Your name", key="cr_name").strip()
    if not name:
        st.info("Type your name to start: your answers are saved under it.")
        return None
    title, exercises = store.sheet(sheet)
    version = class_set(exercises, [name], seed=exercises[0].seed if exercises else 0)[0]
    st.caption(f"{md_escape(title, inline=True)} — your version, {len(exercises)} exercise(s).")
    return sheet, name, list(version.exercises), list(version.order)


def render_page() -> None:
    """Draw the Classroom page (student view: no answer key)."""
    st.title("Classroom")
    st.caption("Media-literacy exercises from the analysed corpus: spot loaded words, tell whose voice it is, "
               "compare frames, guess the source, rewrite neutrally and check the sourcing. After each answer "
               "you get your score and why.")
    ctx = state.context()
    if not state.require_documents(ctx, "the classroom"):
        return
    mode = st.radio("Work on", ["Practice", "A class sheet"], horizontal=True, key="cr_mode")
    numbers: list[int] = []
    sheet = name = ""
    folder = ""
    if mode == "A class sheet":
        folder = st.text_input("Class folder", value=os.environ.get(CLASS_DIR_ENV, ""), key="cr_folder",
                               help="The folder your teacher gave you (it holds classroom.sqlite).").strip()
        if not folder:
            st.info("Type the class folder your teacher gave you.")
            return
        got = _class_sheet(folder)
        if got is None:
            return
        sheet, name, exercises, numbers = got
        kind = "sheet"
    else:
        chosen = chosen_exercises(ctx, "cr")
        if chosen is None:
            return
        kind, _seed, exercises, title = chosen
        st.download_button("Print this worksheet (HTML)", render_html(exercises, title=title),
                           file_name=f"{kind}.html", mime="text/html", key="cr_dl_sheet", icon=":material/print:")
    if not exercises:
        return
    labels = [ex.title for ex in exercises]
    pick = st.radio("Exercise", range(len(exercises)), format_func=lambda i: labels[i], horizontal=True,
                    key=f"cr_pick_{kind}_{sheet}_{name}")
    i = pick or 0
    ex = exercises[i]
    st.subheader(ex.title)
    st.markdown(f"*{md_escape(ex.instructions, inline=True)}*")
    sig = f"{kind}_{sheet}_{ex.number}_{ex.level}_{ex.seed}_{i}"
    submitted, response = _student_form(ex, sig)
    if submitted:
        if ex.kind == "source" and not response:
            st.info("Choose the kind of source you think published the passage first.")
            return
        if sheet:
            from framing.present.exercises.classstore import ClassStore
            fb = ClassStore(folder).record(sheet, name, numbers[i], response)
            st.caption("Saved.")
        else:
            fb = check_answer(ex, response)
        _feedback(student_feedback(fb))


#: The router runs this file as a script; ``page`` is the same function for callers that import it.
page = render_page

if __name__ == "__main__":
    state.run_page(render_page)
