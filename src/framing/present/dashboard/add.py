"""Add articles: upload .txt/.md/.html files or paste text, tag outlet and stance, analyse alongside the corpus.

Added articles are kept in this browser session only (``st.session_state``),
never written to disk: closing the tab forgets them.  Every upload is checked
on the server, whatever the browser let through: allowed type, size limit
(:func:`framing.core.config.max_bytes`, ``FRAMING_MAX_BYTES``), not empty, not
binary; HTML is reduced to its main text (scripts and styles dropped).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import PurePath

import streamlit as st

from framing.core import config
from framing.core.errors import printable
from framing.present import render
from framing.present.dashboard import state

#: File types the uploader accepts (the same text formats the corpus reader reads).
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Longest outlet/stance/title label kept (labels show up in every chart legend).
MAX_LABEL = 80


@dataclass(frozen=True)
class UploadCheck:
    """The result of checking one upload: the article text, or an error message saying why and what to do."""

    text: str | None
    error: str | None = None
    encoding: str = ""

    @property
    def ok(self) -> bool:
        """Return True when the upload can be added."""
        return self.error is None


def validate_upload(name: str, data: bytes, limit: int | None = None) -> UploadCheck:
    """Return the text of an uploaded file, or an error naming the file, the reason and the fix.

    Checks, in order: the file type (``.txt``, ``.md``, ``.html``, ``.htm``),
    the size against ``limit`` (default :func:`framing.core.config.max_bytes`),
    emptiness and binary content; then decodes it (UTF-32 or UTF-16 by BOM,
    else UTF-8, else Windows-1252), refuses text that shows nothing (only
    spaces or zero-width characters) and reduces HTML to its main text.
    """
    # the corpus reader's own rules, so an upload and a file on disk are judged alike
    from framing.text.corpus import _decode, _looks_binary, is_blank

    limit = config.max_bytes() if limit is None else limit
    label = printable(name)  # a control character in a file name must not reach the page raw
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "no extension"
        return UploadCheck(None, f"{label}: {shown} files cannot be added; only .txt, .md and .html are "
                                 "accepted. Save the article as plain text or HTML and upload that.")
    if len(data) > limit:
        return UploadCheck(None, f"{label}: the file is {len(data) / 1e6:.1f} MB, over the "
                                 f"{limit / 1e6:.1f} MB limit. Split it or raise FRAMING_MAX_BYTES.")
    if not data.strip():
        return UploadCheck(None, f"{label}: the file is empty.")
    if _looks_binary(data):
        return UploadCheck(None, f"{label}: the file is binary, not text (a PDF or Word file renamed?). "
                                 "Export the article as .txt or .html.")
    text, encoding = _decode(data, PurePath(name))
    if is_blank(text):
        return UploadCheck(None, f"{label}: the file is empty (only spaces or invisible characters).")
    if suffix in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        from framing.text.html_text import html_to_text
        text = html_to_text(text)
        if is_blank(text):
            return UploadCheck(None, f"{label}: the HTML page has no readable text; save the article page itself.")
    return UploadCheck(text, None, encoding)


def validate_paste(text: str, limit: int | None = None) -> UploadCheck:
    """Return the pasted text, or an error when it is empty or over the size limit."""
    limit = config.max_bytes() if limit is None else limit
    from framing.text.corpus import is_blank
    if not text or is_blank(text):
        return UploadCheck(None, "Paste the article text first.")
    size = len(text.encode("utf-8"))
    if size > limit:
        return UploadCheck(None, f"The pasted text is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit.")
    return UploadCheck(text.replace("\r\n", "\n"), None, "utf-8")


def make_article(name: str, text: str, outlet: str, stance: str, title: str) -> state.AddedArticle:
    """Return an :class:`~framing.present.dashboard.state.AddedArticle` with a content-derived id (``added-<name>-<sha8>``)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stem = state.slug(PurePath(name).stem or "pasted")
    clean = [" ".join(v.split())[:MAX_LABEL] for v in (outlet, stance, title)]
    return state.AddedArticle(f"added-{stem}-{digest[:8]}", name, text, clean[0], clean[1], clean[2], digest)


def _labels(prefix: str, known_stances: list[str]) -> tuple[str, str, str]:
    c1, c2, c3 = st.columns(3)
    outlet = c1.text_input("Outlet", key=f"{prefix}_outlet", placeholder="unknown")
    stance = c2.text_input("Stance", key=f"{prefix}_stance", placeholder="unknown",
                           help="Leave empty for 'unknown'. Stances in the corpus: " + ", ".join(known_stances))
    title = c3.text_input("Title (optional)", key=f"{prefix}_title")
    return outlet, stance, title


def upload_section(known: list[str]) -> None:
    """Draw the uploader; checked files are added to the session with the given outlet and stance."""
    st.subheader("Upload files")
    limit = config.max_bytes()
    files = st.file_uploader("Articles (.txt, .md, .html)", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES],
                             accept_multiple_files=True, key="add_files",
                             max_upload_size=max(1, math.ceil(limit / (1024 * 1024))),
                             help=f"At most {limit / 1e6:.1f} MB per file (FRAMING_MAX_BYTES).")
    outlet, stance, title = _labels("up", known)
    if st.button("Add uploaded files", key="add_upload_btn", disabled=not files, type="primary"):
        for f in files or []:
            check = validate_upload(f.name, f.getvalue(), limit)
            if not check.ok:
                st.error(render.md_escape(check.error), icon=":material/block:")
                continue
            art = make_article(f.name, check.text or "", outlet, stance, title)
            if state.add_article(art):
                st.success(f"Added {render.md_escape(art.doc_id)}.")
            else:
                st.info(f"{render.md_escape(f.name)} is already added.")


def paste_section(known: list[str]) -> None:
    """Draw the paste form; the text is added to the session with the given outlet and stance."""
    st.subheader("Paste text")
    with st.form("add_paste_form", clear_on_submit=False):
        name = st.text_input("Name", value="pasted", key="paste_name")
        text = st.text_area("Article text", key="paste_text", height=200)
        outlet, stance, title = _labels("paste", known)
        submitted = st.form_submit_button("Add pasted text", type="primary")
    if submitted:
        check = validate_paste(text)
        if not check.ok:
            st.error(render.md_escape(check.error), icon=":material/block:")
            return
        art = make_article(name or "pasted", check.text or "", outlet, stance, title)
        if state.add_article(art):
            st.success(f"Added {render.md_escape(art.doc_id)}. Open it on the Document reader page.")
        else:
            st.info("This text is already added.")


def added_section(ctx: state.Context) -> None:
    """List the articles added in this session with their match counts and a remove button each."""
    items = state.added_articles()
    st.subheader(f"Added in this session ({len(items)})")
    if not items:
        st.caption("Nothing added yet. Added articles stay in this browser session only and are never saved.")
        return
    m = state.matches(ctx.key, ctx.analysis)
    for art in items:
        c1, c2 = st.columns([5, 1])
        n = int((m["doc_id"] == art.doc_id).sum()) if not m.empty else 0
        c1.markdown(f"**{render.md_escape(art.doc_id)}** — stance **{render.md_escape(art.stance or 'unknown')}**, "
                    f"outlet {render.md_escape(art.outlet or 'unknown')}, {len(art.text):,} characters, "
                    f"{n} lexicon match{'es' if n != 1 else ''}")
        if c2.button("Remove", key=f"rm_{art.doc_id}"):
            state.remove_article(art.doc_id)
            st.rerun()


def render_page() -> None:
    """Draw the Add articles page."""
    st.title("Add articles")
    st.caption("Analyse new articles alongside the corpus. They are kept in this session only, never written "
               "to disk, and shown on every page (stance 'unknown' when left empty).")
    ctx = state.context()
    state.show_notes(ctx)
    corpus = state.corpus(ctx.key, ctx.analysis)
    known = sorted(set(corpus["stance"])) if not corpus.empty else []
    upload_section(known)
    paste_section(known)
    # Re-read the context: an article added above must appear in the list right away.
    added_section(state.context())


if __name__ == "__main__":
    state.run_page(render_page)
