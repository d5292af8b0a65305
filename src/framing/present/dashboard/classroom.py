"""Classroom page: media-literacy exercises a student answers on screen, with instant feedback.

The teacher picks the kind, level and seed (and optionally claims and
stances); the student answers with the widget that fits the kind (phrases to
mark, a choice per phrase, a stance, a rewrite, sentence checkboxes) and gets a
score with the explanation behind every item, taken from the answer key.  A
teacher toggle shows the whole key, and the worksheet and key download as
printable HTML or Markdown.  Exercises come from :mod:`framing.present.exercises`;
every HTML fragment shown here is built by :mod:`framing.present.worksheet`, which
escapes all corpus text with :func:`framing.core.escape.html_escape`.
"""

from __future__ import annotations

from framing.core.escape import html_escape
import warnings
from typing import TYPE_CHECKING

import streamlit as st

from framing.present.dashboard import state
from framing.core.errors import FramingError
from framing.present.exercises import (KIND_TITLES, KINDS, LEVELS, Exercise, Feedback, ShortfallWarning, check_answer,
                               generate)
from framing.present.worksheet import exercise_html, md_escape, passage_html, render_html, render_markdown

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

#: Exercises generated per setting; the student steps through them.
PAGE_COUNT = 5

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


def _show(fragment: str) -> None:
    """Show a worksheet fragment (all corpus text in it is html-escaped by framing.present.worksheet)."""
    state.html(f'{FRAGMENT_CSS}<div class="fr-ws">{fragment}</div>')


@st.cache_data(max_entries=64, show_spinner="Making exercises…")
def _exercises(key: str, kind: str, level: str, seed: int, claims: tuple[str, ...], stances: tuple[str, ...],
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


def _controls(ctx: state.Context) -> tuple[str, str, int, tuple[str, ...], tuple[str, ...], bool]:
    """Draw the teacher's controls; return kind, level, seed, claims, stances and the teacher-view flag."""
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    kind = c1.selectbox("Exercise", KINDS, format_func=lambda k: KIND_TITLES[k], key="cr_kind")
    level = c2.selectbox("Level", list(LEVELS), index=1, key="cr_level")
    seed = int(c3.number_input("Seed", min_value=0, max_value=10**6, value=0, step=1, key="cr_seed",
                               help="The same seed always gives the same exercises."))
    teacher = c4.toggle("Teacher view", key="cr_teacher", help="Show the answer key under each exercise.")
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
        claims = tuple(st.multiselect("Only passages about these claims", claim_ids, key="cr_claims"))
        stances = tuple(st.multiselect("Only passages from these stances", stance_ids, key="cr_stances",
                                       format_func=lambda s: state.stance_label(s, corpus)))
    return kind, level, seed, claims, stances, teacher


def _student_form(ex: Exercise, sig: str) -> tuple[bool, object]:
    """Draw the exercise for the student; return ``(submitted, response)``."""
    k = ex.kind
    if k == "frames":
        _show(f'<p class="claim"><strong>Claim:</strong> {html_escape(ex.claim_statement)}</p>'
              + "".join(passage_html(p) for p in ex.passages))
    else:
        _show(passage_html(ex.passage, show_source=(k != "source"), numbered=(k == "sourcing")))
    with st.form(f"cr_form_{sig}"):
        response: object
        if k == "spot":
            response = st.multiselect("Mark the loaded words and phrases", list(ex.questions[0].choices),
                                      key=f"cr_spot_{sig}")
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
    """Show the score and one line per item, right ones first."""
    st.metric("Score", f"{round(fb.score * 100)} %")
    if fb.correct:
        st.success("Right: " + md_escape(", ".join(fb.correct), inline=True))
    if fb.missed:
        st.warning("Missed: " + md_escape(", ".join(fb.missed), inline=True))
    if fb.wrong:
        st.error("Not right: " + md_escape(", ".join(fb.wrong), inline=True))
    with st.container(border=True):
        st.markdown("**Why**")
        for line in fb.explanations:
            st.markdown("- " + md_escape(line, inline=True))


def render_page() -> None:
    """Draw the Classroom page."""
    st.title("Classroom")
    st.caption("Media-literacy exercises from the analysed corpus: spot loaded words, tell whose voice it is, "
               "compare frames, guess the source, rewrite neutrally and check the sourcing. Every answer "
               "is explained from the lexicon, the voice analysis and the claim contrasts.")
    ctx = state.context()
    if not state.require_documents(ctx, "the classroom"):
        return
    kind, level, seed, claims, stances, teacher = _controls(ctx)
    exercises, shortfall, error = _exercises(ctx.key, kind, level, seed, claims, stances, ctx.analysis.data)
    if error:
        st.warning(md_escape(error, inline=True), icon=":material/info:")
        return
    for note in shortfall:
        st.info(md_escape(note, inline=True))
    title = f"Media literacy: {KIND_TITLES[kind].lower()}"
    d1, d2, d3 = st.columns(3)
    d1.download_button("Worksheet (HTML)", render_html(exercises, title=title), file_name=f"{kind}.html",
                       mime="text/html", key="cr_dl_sheet", icon=":material/download:")
    d2.download_button("Answer key (HTML)", render_html(exercises, key=True, title=title),
                       file_name=f"{kind}.key.html", mime="text/html", key="cr_dl_key", icon=":material/download:")
    d3.download_button("Worksheet and key (Markdown)",
                       render_markdown(exercises, title=title) + "\n\n" + render_markdown(exercises, True, title),
                       file_name=f"{kind}.md", mime="text/markdown", key="cr_dl_md", icon=":material/download:")
    labels = [ex.title for ex in exercises]
    pick = st.radio("Exercise", range(len(exercises)), format_func=lambda i: labels[i], horizontal=True,
                    key=f"cr_pick_{kind}_{level}_{seed}")
    ex = exercises[pick or 0]
    st.subheader(ex.title)
    st.markdown(f"*{md_escape(ex.instructions, inline=True)}*")
    sig = f"{kind}_{level}_{seed}_{ex.number}"
    submitted, response = _student_form(ex, sig)
    if submitted:
        if ex.kind == "source" and not response:
            st.info("Choose the kind of source you think published the passage first.")
        else:
            _feedback(check_answer(ex, response))
    if teacher:
        st.divider()
        st.markdown("#### Answer key")
        _show(exercise_html(ex, key=True, heading_level=5))


#: The router runs this file as a script; ``page`` is the same function for callers that import it.
page = render_page

if __name__ == "__main__":
    state.run_page(render_page)
