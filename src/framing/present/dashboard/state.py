"""Shared dashboard state: sidebar settings, content-hash cache keys, cached analyses and small UI helpers.

Caching (why it is keyed this way):

* The corpus key is a sha256 over the *content* of every document file, the
  catalogs and the claim registry in the corpus folder (file digests are
  memoised by path, size and mtime, so an unchanged 60 MB corpus is not
  re-read on every click).  The lexicon key is a sha256 over the lexicon
  CSVs.  Editing a lexicon or catalog file therefore changes the key and the
  next interaction shows new results; anything else hits the cache.
* The :class:`~framing.api.Analysis` itself is kept with ``st.cache_resource``
  (it holds frozen records and read-only mappings that cannot be pickled,
  and every page only reads it); the DataFrames derived from it are kept with
  ``st.cache_data`` keyed by the analysis key, so pages get their own copies.
* Articles added in the session live in ``st.session_state`` (never on
  disk); their content hashes are part of the analysis key, so two sessions
  with the same added text share one cached analysis and sessions never see
  each other's additions.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import streamlit as st

from framing.core import config
from framing.present import render
from framing.api import Analysis

#: Session-state key of the list of :class:`AddedArticle`.
ADDED_KEY = "framing_added_articles"
#: Session-state key of the current :class:`Settings`.
SETTINGS_KEY = "framing_settings"
#: Cached analyses kept at once (each seed-sized analysis is a few MB).
MAX_ANALYSES = 6
#: Cached derived frames kept per function.
MAX_FRAMES = 32

_DIGESTS: dict[tuple[str, int, int], str] = {}
_DIGEST_LOCK = threading.Lock()


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class AddedArticle:
    """An article added in this session (uploaded or pasted): text and catalog-like metadata."""

    doc_id: str
    name: str
    text: str
    outlet: str = ""
    stance: str = ""
    title: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Settings:
    """Where the dashboard reads from: corpus folder, lexicon folder, optional store file."""

    corpus_dir: str
    lexicon_dir: str
    store_path: str = ""
    use_store: bool = False


@dataclass
class Context:
    """What a page needs: the analysis, its cache key, the settings and the notes to show."""

    analysis: Analysis
    key: str
    settings: Settings
    source: str
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Return True when the analysis has no documents."""
        return not self.analysis.parsed


def default_settings() -> Settings:
    """Return the settings from the environment: ``FRAMING_SEEDS``, ``FRAMING_LEXICONS``, ``FRAMING_STORE``."""
    store = os.environ.get("FRAMING_STORE", "")
    return Settings(str(config.seeds_dir()), str(config.lexicons_dir()), store, bool(store))


def sidebar() -> Settings:
    """Draw the shared sidebar controls (corpus folder, store file) and return the chosen :class:`Settings`.

    Called by ``app.py`` on every run, before the page, so the controls keep
    their values across pages.
    """
    env = default_settings()
    with st.sidebar:
        st.markdown("### Data")
        corpus_dir = st.text_input(
            "Corpus folder", value=env.corpus_dir, key="framing_corpus_dir",
            help="A folder of .txt/.md/.html/.jsonl articles with an optional catalog.csv "
                 "(default: FRAMING_SEEDS or the bundled seeds).").strip()
        use_store = st.checkbox(
            "Read a scored store file instead", value=env.use_store, key="framing_use_store",
            help="Show results written by `framing score --store FILE` without re-analysing.")
        store_path = ""
        if use_store:
            store_path = st.text_input("Store file", value=env.store_path or str(config.store_path()),
                                       key="framing_store_path").strip()
    settings = Settings(corpus_dir or env.corpus_dir, env.lexicon_dir, store_path, use_store and bool(store_path))
    st.session_state[SETTINGS_KEY] = settings
    return settings


def current_settings() -> Settings:
    """Return the settings chosen in the sidebar on this run (environment defaults if none yet)."""
    return st.session_state.get(SETTINGS_KEY) or default_settings()


def added_articles() -> list[AddedArticle]:
    """Return the articles added in this session, in the order they were added."""
    return list(st.session_state.get(ADDED_KEY, []))


def add_article(article: AddedArticle) -> bool:
    """Add ``article`` to the session (replacing one with the same id); return False if the same text is there."""
    items = added_articles()
    if any(a.sha256 == article.sha256 for a in items):
        return False
    items = [a for a in items if a.doc_id != article.doc_id] + [article]
    st.session_state[ADDED_KEY] = items
    return True


def remove_article(doc_id: str) -> None:
    """Remove the added article ``doc_id`` from the session."""
    st.session_state[ADDED_KEY] = [a for a in added_articles() if a.doc_id != doc_id]


# ------------------------------------------------------------------ keys


def file_digest(path: Path) -> str:
    """Return the sha256 hex digest of ``path``'s bytes, memoised by (path, size, mtime_ns)."""
    st_ = path.stat()
    k = (str(path.resolve()), st_.st_size, st_.st_mtime_ns)
    with _DIGEST_LOCK:
        d = _DIGESTS.get(k)
    if d is None:
        d = hashlib.sha256(path.read_bytes()).hexdigest()
        with _DIGEST_LOCK:
            if len(_DIGESTS) > 200_000:  # bound memory on huge, changing corpora
                _DIGESTS.clear()
            _DIGESTS[k] = d
    return d


def corpus_key(folder: str) -> str:
    """Return a sha256 over the content of the corpus folder's documents, catalogs and claim registry.

    A missing folder gets a key of its own (the analysis then reports it).
    """
    from framing.text.corpus import expand_paths

    p = Path(folder)
    if not p.exists():
        return "missing:" + hashlib.sha256(folder.encode()).hexdigest()[:16]
    files, _ = expand_paths([p])
    extra = sorted(p.rglob("catalog.csv")) + ([p / "claims.csv"] if (p / "claims.csv").is_file() else []) \
        if p.is_dir() else []
    h = hashlib.sha256()
    for f in sorted(set(files) | set(extra)):
        try:
            h.update(f"{f}\0{file_digest(f)}\n".encode())
        except OSError:
            h.update(f"{f}\0unreadable\n".encode())
    return h.hexdigest()


def lexicon_key(folder: str) -> str:
    """Return the result key of the lexicon folder: its content (sub-folders included), the code and the libraries.

    The same fingerprint the store uses (:func:`framing.core.fingerprint.result_key`),
    so editing ``lexicons/sources/officials.csv`` refreshes the credibility pages too.
    """
    from framing.core.fingerprint import lexicon_digest, result_key
    p = Path(folder)
    return result_key(lexicon_digest(p) if p.is_dir() else "missing:" + folder)


def added_key(items: list[AddedArticle]) -> str:
    """Return a sha256 over the added articles' ids, metadata and text hashes."""
    h = hashlib.sha256()
    for a in items:
        h.update("\0".join((a.doc_id, a.outlet, a.stance, a.title, a.sha256)).encode() + b"\n")
    return h.hexdigest()


def claims_path(corpus_dir: str) -> str | None:
    """Return the claim registry for the corpus: its folder's ``claims.csv``, else the default one, else None.

    The default is ``FRAMING_SEEDS/claims.csv``, then the bundled seeds'
    registry: a folder of new articles on the same topic (or with no catalog
    at all) can still be compared claim by claim; the Claims page says which
    registry it uses.
    """
    own = Path(corpus_dir) / "claims.csv"
    if own.is_file():
        return str(own)
    from framing.analyze.claims import default_claims_path
    candidates = [default_claims_path()]
    bundled = getattr(config, "_bundled", None)  # the one definition of "the bundled seeds folder"
    if bundled is not None:
        candidates.append(bundled("seeds") / "claims.csv")
    return next((str(c) for c in candidates if c.is_file()), None)


# ------------------------------------------------------------------ cached resources


@st.cache_resource(max_entries=4, show_spinner=False)
def _lexicon(lexicon_dir: str, key: str):
    from framing.detect.lexicon import load_lexicon
    return load_lexicon(lexicon_dir)


@st.cache_resource(max_entries=4, show_spinner=False)
def _matcher(lexicon_dir: str, key: str):
    from framing.detect.matcher import compile_matcher
    return compile_matcher(_lexicon(lexicon_dir, key))


def lexicon(settings: Settings | None = None):
    """Return the loaded :class:`~framing.detect.lexicon.Lexicon` for the settings (cached by its files' content)."""
    s = settings or current_settings()
    return _lexicon(s.lexicon_dir, lexicon_key(s.lexicon_dir))


def matcher(settings: Settings | None = None):
    """Return the compiled matcher of the lexicon in use (cached by the lexicon files' content)."""
    s = settings or current_settings()
    return _matcher(s.lexicon_dir, lexicon_key(s.lexicon_dir))


@st.cache_resource(max_entries=MAX_ANALYSES, show_spinner="Analysing the corpus…")
def _analysis(corpus_dir: str, lexicon_dir: str, claims: str | None, key: str,
              _added: tuple[AddedArticle, ...], detector: str = "both", model: str | None = None) -> Analysis:
    from framing.api import Analysis
    from framing.orchestrator import analyze_corpus, build, detect_one
    from framing.text.corpus import document_from_text

    lex = _lexicon(lexicon_dir, lexicon_key(lexicon_dir))
    m = _matcher(lexicon_dir, lexicon_key(lexicon_dir))
    base = analyze_corpus([corpus_dir], lexicons=lex, claims=claims, matcher=m, detector=detector, model=model)
    if not _added:
        return Analysis(base)
    taken = {d.doc_id for d in base.documents}
    detected = list(base.documents)
    for art in _added:
        if art.doc_id in taken:
            continue
        meta = {"outlet": art.outlet, "stance": art.stance, "title": art.title}
        detected.append(detect_one(document_from_text(art.text, art.doc_id, f"session:{art.name}", meta), lex, m))
    return Analysis(build(detected, lex, base.claims, base.problems, detector=detector, model=model))


@st.cache_resource(max_entries=MAX_ANALYSES, show_spinner="Reading the store…")
def _store_analysis(store_path: str, lexicon_dir: str, claims: str | None, key: str) -> Analysis:
    from framing import api
    return api.analyze_from_store(store_path, lexicons=lexicon_dir, claims=claims)


def context() -> Context:
    """Return the page :class:`Context`: the (cached) analysis of the corpus plus this session's added articles.

    When the store option is on and :func:`framing.api.analyze_from_store`
    exists, the store is read instead of the corpus folder.  Problems (a
    missing folder, an unreadable store) become notes, never exceptions.
    """
    s = current_settings()
    added = tuple(added_articles())
    notes: list[str] = []
    lkey = lexicon_key(s.lexicon_dir)
    claims = claims_path(s.corpus_dir)
    if s.use_store:
        from framing import api
        if not hasattr(api, "analyze_from_store"):
            notes.append("Reading a store is not available yet in this version of framing; "
                         "showing the corpus folder instead.")
        elif not Path(s.store_path).is_file():
            notes.append(f"Store file {s.store_path!r} does not exist; showing the corpus folder instead. "
                         "Create it with `framing score PATHS --store FILE`.")
        else:
            st_ = Path(s.store_path).stat()
            skey = hashlib.sha256(f"{s.store_path}\0{st_.st_size}\0{st_.st_mtime_ns}\0{lkey}".encode()).hexdigest()
            try:
                a = _store_analysis(s.store_path, s.lexicon_dir, claims, skey)
                if added:
                    notes.append("Added articles are not shown while reading a store.")
                return Context(a, "store:" + skey, s, f"store {s.store_path}", notes)
            except Exception as exc:  # noqa: BLE001 - a bad store must not break the page
                notes.append(f"Could not read the store: {exc}. Showing the corpus folder instead.")
    if not Path(s.corpus_dir).is_dir():
        notes.append(f"Corpus folder {s.corpus_dir!r} does not exist or is not a folder; "
                     "choose another one in the sidebar (or set FRAMING_SEEDS).")
    # `framing dashboard --detector/--model` reach the script through the environment;
    # they are part of the key because the frames cached per analysis differ with them.
    det, model = config.detector(), config.span_model_path()
    if model is not None and not model.is_file():
        notes.append(f"Span model {str(model)!r} (FRAMING_MODEL) is not a file; using the bundled model. "
                     "Train one with `framing train`.")
        model = None
    ckey = corpus_key(s.corpus_dir)
    key = hashlib.sha256("\0".join((s.corpus_dir, ckey, s.lexicon_dir, lkey, claims or "",
                                    added_key(list(added)), det, str(model or ""))).encode()).hexdigest()
    a = _analysis(s.corpus_dir, s.lexicon_dir, claims, key, added, det, str(model) if model else None)
    return Context(a, key, s, f"folder {s.corpus_dir}", notes)


# ------------------------------------------------------------------ cached frames


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def matches(key: str, _a: Analysis) -> pd.DataFrame:
    """Return the lexicon matches of ``Analysis.matches()`` (with rationale and neutral alternative), cached by key.

    The dashboard highlights lexicon matches (scare quotes come from the voice
    analysis it draws separately); span-model rows are listed by ``framing spans``.
    """
    df = _a.matches(detector="lexicon")
    return df[df["detector"] == "lexicon"].reset_index(drop=True)


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def spans(key: str, _a: Analysis) -> pd.DataFrame:
    """Return every detected span of ``Analysis.matches()`` (lexicon, span model, scare quotes), cached by key.

    The reader draws and explains these (guideline category, detector, the
    model's top features) and the corrections start from them.
    """
    return _a.matches()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def documents(key: str, _a: Analysis) -> pd.DataFrame:
    """Return ``Analysis.document_summary()`` (tokens and loaded matches by voice per document), cached by key."""
    return _a.document_summary()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def search(key: str, query: str, stances: tuple[str, ...] | None, whole_word: bool, _a: Analysis) -> pd.DataFrame:
    """Return ``Analysis.search(query, stances, whole_word)`` (one row per hit), cached by key and query."""
    return _a.search(query, stances, whole_word)


#: Session-state key of the researcher's corrections (a list of framing.analyze.corrections.Correction).
CORRECTIONS_KEY = "framing_corrections"


def corrections() -> list:
    """Return the corrections made in this session, oldest first."""
    return list(st.session_state.get(CORRECTIONS_KEY, []))


def set_corrections(items: list) -> None:
    """Replace the session's corrections with ``items`` (duplicates dropped, order kept)."""
    st.session_state[CORRECTIONS_KEY] = list(dict.fromkeys(items))


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def scores(key: str, by: str, _a: Analysis) -> pd.DataFrame:
    """Return ``Analysis.scores(by)`` (signals per segment/document/stance/outlet), cached by key."""
    return _a.scores(by=by)


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def corpus(key: str, _a: Analysis) -> pd.DataFrame:
    """Return ``Analysis.corpus()`` (one row per segment), cached by key."""
    return _a.corpus()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def entries(key: str, _lex: Any) -> pd.DataFrame:
    """Return the lexicon's entries as a DataFrame (``Lexicon.entries_frame()``), cached by lexicon key."""
    return _lex.entries_frame()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner="Assigning sentences to claims…")
def assignments(key: str, _a: Analysis) -> pd.DataFrame:
    """Return the sentence -> claim assignments (``Analysis.assignments()``), cached by key."""
    return _a.assignments()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner=False)
def claim_registry(path: str, digest: str) -> pd.DataFrame:
    """Return the claim registry at ``path`` as a DataFrame (claim_id, statement, ...), cached by content."""
    from framing.analyze.claims import load_claims
    return load_claims(path).frame()


@st.cache_data(max_entries=MAX_FRAMES, show_spinner="Comparing stances…")
def contrast(key: str, claim_id: str, _a: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(contrast per stance, sentences behind it)`` for ``claim_id``, cached by key."""
    return _a.contrast(claim_id), _a.contrast_sentences(claim_id)


@st.cache_data(max_entries=MAX_FRAMES, show_spinner="Scoring terms…")
def distinctive(key: str, by: str, claim_id: str | None, _a: Analysis) -> pd.DataFrame:
    """Return the distinctive terms per group (log-odds z, lexicon candidates), cached by key."""
    return _a.distinctive(by=by, claim_id=claim_id)


# ------------------------------------------------------------------ helpers


def show_notes(ctx: Context) -> None:
    """Show the context's notes (missing folder, store fallback) as warnings."""
    for n in ctx.notes:
        st.warning(render.md_escape(n))


def require_documents(ctx: Context, what: str = "this page") -> bool:
    """Return True when the corpus has documents; otherwise show how to add some and return False."""
    show_notes(ctx)
    if not ctx.empty:
        return True
    st.info(f"No documents to show on {what}. The corpus folder {render.md_escape(ctx.settings.corpus_dir)} has no readable "
            ".txt/.md/.html/.jsonl files. Choose another folder in the sidebar, set FRAMING_SEEDS, "
            "or add articles on the **Add articles** page.", icon=":material/folder_open:")
    return False


def html(fragment: str) -> None:
    """Show HTML built by :mod:`framing.present.render` (escaped fragments only) with ``st.markdown``.

    The one place the dashboard passes ``unsafe_allow_html=True``: callers
    give only render-module output, never raw article or catalog text.
    """
    st.markdown(fragment, unsafe_allow_html=True)


def download(df: pd.DataFrame, name: str, label: str = "Download CSV", key: str | None = None) -> None:
    """Show a CSV download button for ``df`` (spreadsheet formulas neutralized)."""
    st.download_button(label, render.csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
                       key=key or f"dl_{name}", icon=":material/download:")


def table_with_download(df: pd.DataFrame, name: str, caption: str = "", height: int | None = None) -> None:
    """Show ``df`` as a table with a caption and a CSV download under it."""
    if caption:
        st.caption(caption)
    if height:
        st.dataframe(df, hide_index=True, width="stretch", height=height)
    else:
        st.dataframe(df, hide_index=True, width="stretch")
    download(df, name)


def categories_info(lex: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Return ``(category -> colour, category -> description)`` of the lexicon in use."""
    cats = getattr(lex, "categories", {}) or {}
    return ({n: render.safe_colour(c.colour) for n, c in cats.items()},
            {n: c.description for n, c in cats.items()})


def stance_label(stance: str, corpus_df: pd.DataFrame | None = None) -> str:
    """Return ``stance`` with its outlets in brackets, for selectboxes (plain text, never HTML)."""
    if corpus_df is None or corpus_df.empty:
        return stance
    outs = sorted(set(corpus_df.loc[corpus_df["stance"] == stance, "outlet"]))
    return f"{stance} ({', '.join(outs)[:60]})" if outs else stance


def slug(text: str) -> str:
    """Return ``text`` reduced to ``[a-z0-9_-]`` for document ids and file names."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")[:40] or "article"


def run_page(fn: Callable[[], None]) -> None:
    """Run a page's ``render`` and turn an unexpected error into a readable message instead of a traceback.

    Errors from user input (:class:`~framing.core.errors.FramingError`) already
    name the file, line and fix, so they are shown as one line; anything else
    is a bug and is left to Streamlit (and the tests) to report.
    """
    from framing.core.errors import FramingError
    try:
        fn()
    except FramingError as exc:
        st.error(render.md_escape(str(exc)), icon=":material/error:")
