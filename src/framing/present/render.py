"""Presentation helpers for the dashboard, with no Streamlit import.

Two kinds of helpers live here:

* **Escaped HTML**: article text is untrusted (pasted, uploaded, scraped), so
  every fragment of it goes through :func:`framing.core.escape.html_escape` (quotes included)
  before it is wrapped in markup, and every attribute value we write is built
  from escaped text or from values we validated (hex colours, identifiers).
  The page modules pass *only* the output of these functions to
  ``st.markdown(..., unsafe_allow_html=True)``.
* **Tidy frames for charts**: long-format DataFrames that Altair plots and
  the pages show next to each chart as a table with a CSV download.

The HTML is returned on one line (newlines become ``&#10;`` inside an element
with ``white-space: pre-wrap``): Streamlit's Markdown renderer treats a
block that starts with ``<div`` as raw HTML up to the first blank line, so a
single-line block can never fall back into Markdown parsing, however the
article text looks (``# headings``, ``*stars*``, indented code, ``$maths$``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

import pandas as pd

# One HTML and one Markdown escaper for all of framing (framing.core.escape);
# the pages call them as render.esc and render.md_escape.
from framing.core.escape import html_escape as esc
from framing.core.escape import md_escape  # noqa: F401 -- re-exported for the pages

T = TypeVar("T")

#: CSS class of every highlighted lexicon match (tests and the browser test look for it).
HIGHLIGHT_CLASS = "fr-hl"
#: CSS class of a scare-quoted span (the outlet distancing itself from a word).
SCARE_CLASS = "fr-scare"
#: CSS class of a highlight that explains itself when clicked (focusable, ``data-tip``).
POPOVER_CLASS = "fr-pop"
#: CSS class of a search hit.
HIT_CLASS = "fr-hit"
#: CSS class of a segment block in the document reader.
SEGMENT_CLASS = "fr-seg"

#: Human labels of the segment kinds (``framing.core.types.SEGMENT_KINDS``).
KIND_LABELS = {
    "title": "Title", "body": "Body", "quoted_article": "Quoted article", "comment": "Comment",
    "pull_quote": "Pull quote", "summary": "Summary", "boilerplate": "Boilerplate",
    "references": "References",
}
#: Left-border colour of each segment kind: quoted material and comments stand
#: out from the outlet's body text; non-prose kinds are grey.
KIND_COLOURS = {
    "title": "#1f3b73", "body": "#8a94a6", "quoted_article": "#b4441f", "comment": "#2e7d32",
    "pull_quote": "#7b5ea7", "summary": "#00838f", "boilerplate": "#b0b0b0", "references": "#b0b0b0",
}
#: Background for a category whose colour is missing or invalid.
DEFAULT_COLOUR = "#e8e8e8"
#: Kinds shown dimmed: the analysis does not read them as the outlet's framing.
DIM_KINDS = frozenset({"boilerplate", "references", "pull_quote", "summary"})

_HEX_RE = re.compile(r"#[0-9a-fA-F]{6}")
_IDENT_RE = re.compile(r"[^a-z0-9_-]+")

#: One stylesheet for the generic classes; per-category colours are inline
#: styles so a lexicon edit needs no CSS change.  Pseudo-elements (the scare
#: quote marker) can only be written here, which also keeps the marker out of
#: the element's text, so copying a passage copies only the article's words.
STYLESHEET = (
    "<style>"
    f".{SEGMENT_CLASS}{{margin:0 0 .8rem 0;padding:.35rem .7rem;border-left:4px solid #8a94a6;"
    "background:#fafbfc;border-radius:0 4px 4px 0}"
    f".{SEGMENT_CLASS}.fr-dim{{opacity:.72}}"
    ".fr-seg-label{display:inline-block;font:600 .72rem/1.4 sans-serif;letter-spacing:.03em;"
    "text-transform:uppercase;color:#fff;border-radius:3px;padding:0 .4rem;margin-bottom:.25rem}"
    ".fr-seg-meta{font:.75rem sans-serif;color:#555;margin-left:.5rem}"
    ".fr-text{white-space:pre-wrap;line-height:1.75;font-size:1rem;overflow-wrap:anywhere}"
    f".{HIGHLIGHT_CLASS}{{padding:0 1px;border-radius:2px;color:#111;cursor:help}}"
    f".{HIGHLIGHT_CLASS}:hover{{filter:brightness(.93)}}"
    f".{SCARE_CLASS}{{outline:1px dotted #444;outline-offset:1px}}"
    f".fr-scare-end::after{{content:'scare';font:600 .6rem sans-serif;vertical-align:super;"
    "color:#444;margin-left:1px}"
    ".fr-legend{display:flex;flex-wrap:wrap;gap:.35rem .9rem;font-size:.85rem;margin:.2rem 0 .6rem}"
    ".fr-legend span.fr-chip{padding:0 .35rem;border-radius:2px;color:#111}"
    ".fr-kv{font-size:.85rem;border-collapse:collapse;width:100%}"
    ".fr-kv th{text-align:left;color:#555;font-weight:600;padding:.1rem .4rem .1rem 0;"
    "vertical-align:top;white-space:nowrap}"
    ".fr-kv td{padding:.1rem 0;vertical-align:top}"
    ".fr-sent{margin:.2rem 0 .7rem 0;padding:.3rem .5rem;background:#fafbfc;border-radius:4px}"
    ".fr-sent-meta{font:.72rem sans-serif;color:#666;margin-top:.15rem}"
    ".fr-empty{color:#666;font-style:italic;padding:.5rem;border:1px dashed #bbb;border-radius:4px}"
    # Click-to-explain: a focusable highlight shows its explanation (the data-tip
    # attribute, escaped text) in a CSS box while focused, so no script and no
    # server round trip is needed, and the box's words are never part of the
    # article text (copying a passage copies only the article).  ::before, as
    # ::after already draws the scare-quote marker.
    f".{POPOVER_CLASS}{{cursor:pointer;position:relative}}"
    # The focused highlight is lifted above the later ones, which would otherwise paint over its box.
    f".{POPOVER_CLASS}:focus{{outline:2px solid #1a56db;outline-offset:1px;z-index:1000}}"
    f".{POPOVER_CLASS}:focus::before{{content:attr(data-tip);position:absolute;left:0;top:calc(100% + 6px);"
    "z-index:1000;display:block;width:max-content;max-width:min(30rem,85vw);white-space:pre-wrap;"
    "background:#fff;color:#111;border:1px solid #5b6b82;border-left:4px solid #1a56db;border-radius:4px;"
    "box-shadow:0 4px 14px rgba(0,0,0,.2);padding:.45rem .6rem;font:400 .82rem/1.45 sans-serif;"
    "text-align:left;text-transform:none;letter-spacing:normal;pointer-events:none}"
    ".fr-hit{background:#ffe066;border-bottom:2px solid #8a6d00;padding:0 1px;color:#111}"
    "</style>"
)


# ------------------------------------------------------------------ safe CSS values


def safe_colour(colour: object, default: str = DEFAULT_COLOUR) -> str:
    """Return ``colour`` when it is a ``#rrggbb`` hex colour, else ``default`` (never user text in CSS)."""
    return colour.lower() if isinstance(colour, str) and _HEX_RE.fullmatch(colour) else default


def darken(colour: str, factor: float = 0.55) -> str:
    """Return ``colour`` (``#rrggbb``) scaled towards black by ``factor`` (0 = black, 1 = unchanged).

    Underlines and borders use the darkened category colour, so own/quoted
    marks stay visible on the pastel background.
    """
    c = safe_colour(colour)
    r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, int(v * factor))) for v in (r, g, b)))


def css_ident(value: object) -> str:
    """Return ``value`` reduced to ``[a-z0-9_-]`` for use in a class name (empty input -> ``x``)."""
    return _IDENT_RE.sub("-", str(value or "").lower()).strip("-") or "x"


# ------------------------------------------------------------------ spans


@dataclass(frozen=True)
class Span:
    """A stretch of document text to mark: a lexicon match (``kind="match"``) or a scare quote (``"scare"``).

    ``start``/``end`` are offsets into the full document text (end exclusive);
    the rest is what the tooltip explains.
    """

    start: int
    end: int
    kind: str = "match"
    category: str = ""
    voice: str = ""
    entry_id: str = ""
    rationale: str = ""
    neutral_alternative: str = ""
    speaker: str = ""
    technique: str = ""
    scare_quote: bool = False
    text: str = ""
    guideline_category: str = ""
    detector: str = ""
    why: str = ""
    source: str = ""


def _cell(row: Mapping, key: str) -> str:
    v = row.get(key, "")
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def spans_from_matches(matches: pd.DataFrame | Iterable[Mapping], raw: bool = False) -> list[Span]:
    """Return one :class:`Span` per match row (``Analysis.matches()`` columns).

    With ``raw=True`` the spans use ``raw_start``/``raw_end`` (offsets into
    the original file) instead of the repaired-text offsets.
    """
    rows = matches.to_dict("records") if isinstance(matches, pd.DataFrame) else list(matches)
    s_key, e_key = ("raw_start", "raw_end") if raw else ("start", "end")
    out = []
    for r in rows:
        out.append(Span(int(r[s_key]), int(r[e_key]), "match", _cell(r, "category"), _cell(r, "voice"),
                        _cell(r, "entry_id"), _cell(r, "rationale"), _cell(r, "neutral_alternative"),
                        _cell(r, "speaker"), _cell(r, "technique"), bool(r.get("scare_quote", False)),
                        _cell(r, "text"), _cell(r, "guideline_category"), _cell(r, "detector"), _cell(r, "why"),
                        _cell(r, "source")))
    return out


def spans_from_hits(hits: Iterable, categories: Mapping[str, object] | None = None) -> list[Span]:
    """Return one :class:`Span` per matcher ``Hit`` (``compile_matcher(lex).match_text(text)``).

    Passages typed into the lexicon explorer have no voice analysis, so the
    voice is left empty (drawn like own voice).
    """
    cats = categories or {}
    out = []
    for h in hits:
        e = h.entry
        cat = cats.get(e.category)
        out.append(Span(h.start, h.end, "match", e.category, "", e.id, e.rationale,
                        e.neutral_alternative, "", getattr(cat, "semeval2020", "") or ""))
    return out


#: How the reader names each detector (``Analysis.matches()`` ``detector`` column).
DETECTOR_LABELS = {"lexicon": "lexicon", "model": "span model", "both": "lexicon and span model",
                   "voice": "voice analysis (scare quote)", "correction": "your correction"}


def voice_label(voice: str) -> str:
    """Return the reader's words for a voice value (own, quoted, or another voice as written)."""
    return {"quoted": "quoted speech", "own": "outlet's own voice", "": "outlet's own voice"}.get(voice, voice)


def tooltip(span: Span, description: str = "") -> str:
    """Return the plain-text explanation of a span: entry, category, rationale, source, voice, speaker, detector, why."""
    if span.kind == "scare":
        lines = ["scare quote: the outlet puts distance between itself and these words"]
        if span.speaker:
            lines.append(f"speaker: {span.speaker}")
        return "\n".join(lines)
    head = span.entry_id or "(no lexicon entry)"
    lines = [f"{head} · {span.category}" + (f" ({span.technique})" if span.technique else "")]
    if span.rationale:
        lines.append(f"why: {span.rationale}")
    elif description:
        lines.append(f"category: {description}")
    if span.neutral_alternative:
        lines.append(f"neutral alternative: {span.neutral_alternative}")
    if span.source:
        lines.append(f"source: {span.source}")
    if span.guideline_category:
        lines.append(f"guideline category: {span.guideline_category}")
    if span.voice:
        lines.append(f"voice: {voice_label(span.voice)}" + (f" — speaker: {span.speaker}" if span.speaker else ""))
    if span.scare_quote:
        lines.append("inside scare quotes")
    if span.detector:
        lines.append(f"found by: {DETECTOR_LABELS.get(span.detector, span.detector)}")
    if span.why:
        lines.append(f"model's top features: {span.why}")
    return "\n".join(lines)


def _match_style(span: Span, colours: Mapping[str, str]) -> str:
    bg = safe_colour(colours.get(span.category))
    line = darken(bg)
    if span.voice == "quoted":
        # Quoted speech: dashed box, so it reads as "someone else's words" at a glance.
        return f"background:{bg};border:1.5px dashed {line};border-bottom-width:2px"
    return f"background:{bg};border-bottom:2.5px solid {line}"


def _open_tag(span: Span, colours: Mapping[str, str], descriptions: Mapping[str, str],
              start: int, end: int, title_text: str | None = None, pop: bool = False) -> str:
    """Return the opening tag for ``span`` covering the piece ``start:end`` (document offsets).

    With ``pop`` the tag is focusable and carries the explanation in
    ``data-tip`` (shown by the stylesheet while focused) instead of ``title``.
    """
    title = esc(title_text if title_text is not None else tooltip(span, descriptions.get(span.category, "")))
    tip = f'tabindex="0" role="button" data-tip="{title}" aria-description="{title}"' if pop else f'title="{title}"'
    pop_cls = f" {POPOVER_CLASS}" if pop else ""
    if span.kind == "scare":
        # The "scare" marker is drawn after the last piece of the quote only.
        cls = SCARE_CLASS + (" fr-scare-end" if end >= span.end else "") + pop_cls
        return f'<span class="{cls}" {tip} data-start="{start}" data-end="{end}">'
    voice = css_ident(span.voice or "own")
    classes = f"{HIGHLIGHT_CLASS} fr-cat-{css_ident(span.category)} fr-voice-{voice}{pop_cls}"
    if span.scare_quote:
        classes += " fr-in-scare"
    if span.detector:
        classes += f" fr-det-{css_ident(span.detector)}"
    return (f'<mark class="{classes}" style="{_match_style(span, colours)}" {tip} '
            f'data-entry="{esc(span.entry_id)}" data-category="{esc(span.category)}" '
            f'data-voice="{esc(span.voice or "own")}" data-start="{start}" data-end="{end}">')


def mark_pieces(text: str, spans: Sequence[tuple[int, int, T]], wrap: Callable[[str, list[T], int, int], str],
                offset: int = 0) -> str:
    """Return ``text`` as escaped HTML with each piece covered by spans passed through ``wrap``.

    ``text`` is the window ``doc_text[offset:offset + len(text)]``; ``spans``
    are ``(start, end, payload)`` in document offsets, clipped to the window
    (empty spans and spans outside it are skipped).  The text is cut at every
    span boundary; a piece no span covers is just escaped, and a covered piece
    becomes ``wrap(escaped piece, payloads of the spans covering it, start,
    end)`` (document offsets of the piece, payloads in ``spans`` order).  As
    long as ``wrap`` keeps the piece and adds only tags, removing the tags and
    unescaping gives back ``text`` exactly.  This is the one highlighter: the
    dashboard (:func:`highlight_html`) and the worksheets differ only in
    their ``wrap``.
    """
    n = len(text)
    lo, hi = offset, offset + n
    live = [sp for sp in spans if sp[1] > sp[0] and sp[0] < hi and sp[1] > lo]
    if not live:
        return esc(text)
    cuts = {lo, hi}
    for s, e, _ in live:
        cuts.add(max(s, lo))
        cuts.add(min(e, hi))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in zip(points, points[1:]):
        piece = esc(text[a - offset:b - offset])
        cover = [payload for s, e, payload in live if s <= a and e >= b]
        out.append(wrap(piece, cover, a, b) if cover else piece)
    return "".join(out)


def highlight_html(text: str, spans: Sequence[Span], colours: Mapping[str, str] | None = None,
                   offset: int = 0, descriptions: Mapping[str, str] | None = None, popover: bool = False) -> str:
    """Return ``text`` as escaped HTML with ``spans`` marked, on one line.

    ``text`` is the window ``doc_text[offset:offset + len(text)]``; spans use
    document offsets and are clipped to the window (spans outside are
    skipped).  Overlapping and nested spans are handled by cutting the text
    at every span boundary (:func:`mark_pieces`): each piece is wrapped in the
    tags of the spans that cover it (scare quote outside, the shortest match
    innermost), so the markup is always well nested.  Every tag carries
    ``data-start``/``data-end`` (document offsets of its piece), and removing
    the tags and unescaping gives back ``text`` exactly.  With ``popover``
    the innermost tag of each piece can be clicked (focused) to show the
    explanation of every span covering it (see :data:`POPOVER_CLASS`).
    """
    colours = colours or {}
    descriptions = descriptions or {}

    def wrap(piece: str, cover: list[Span], a: int, b: int) -> str:
        # Scare quotes wrap matches (they are usually longer); among matches the
        # longest goes outside, so the most specific colour is the visible one.
        cover = sorted(cover, key=lambda s: (s.kind != "scare", -(s.end - s.start), s.start, s.entry_id))
        # The browser shows the innermost element's title on hover, so that one
        # explains every span covering the piece.
        full = "\n\n".join(tooltip(s, descriptions.get(s.category, "")) for s in cover)
        last = len(cover) - 1
        opens = "".join(_open_tag(s, colours, descriptions, a, b, full if i == last else None,
                                  popover and i == last) for i, s in enumerate(cover))
        closes = "".join("</span>" if s.kind == "scare" else "</mark>" for s in reversed(cover))
        return opens + piece + closes

    return mark_pieces(text, [(s.start, s.end, s) for s in spans], wrap, offset)


def text_block_html(inner_html: str) -> str:
    """Return ``inner_html`` (already escaped/highlighted) wrapped in a pre-wrap text block."""
    return f'<div class="fr-text">{inner_html}</div>'


@dataclass(frozen=True)
class Block:
    """A segment to draw as a labelled block: its kind, stance, outlet, speaker and offsets."""

    start: int
    end: int
    kind: str
    stance: str = ""
    outlet: str = ""
    speaker: str = ""
    seg_id: str = ""


def segment_blocks_html(text: str, blocks: Sequence[Block], spans: Sequence[Span],
                        colours: Mapping[str, str] | None = None,
                        descriptions: Mapping[str, str] | None = None,
                        window: tuple[int, int] | None = None, popover: bool = False) -> str:
    """Return the document as labelled segment blocks with highlights, as one line of escaped HTML.

    Each block shows its kind (Title, Quoted article, Comment, Pull quote,
    Boilerplate, ...) as a coloured label with stance and outlet, then its
    text.  Text between blocks (separator lines) is drawn plainly.  With
    ``window=(lo, hi)`` only that range of the text is drawn (long documents
    are paged so the browser stays responsive).
    """
    lo, hi = window if window else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    parts: list[str] = [STYLESHEET, '<div class="fr-doc">']
    pos = lo

    def plain(a: int, b: int) -> None:
        if b > a and text[a:b].strip():
            parts.append(text_block_html(highlight_html(text[a:b], spans, colours, a, descriptions, popover)))

    for blk in sorted(blocks, key=lambda x: (x.start, x.end)):
        a, b = max(blk.start, lo), min(blk.end, hi)
        if b <= a:
            continue
        plain(pos, a)
        border = safe_colour(KIND_COLOURS.get(blk.kind), "#8a94a6")
        dim = " fr-dim" if blk.kind in DIM_KINDS else ""
        label = KIND_LABELS.get(blk.kind, blk.kind.replace("_", " ").title())
        meta = " · ".join(x for x in (blk.stance, blk.outlet, blk.speaker and f"speaker: {blk.speaker}") if x)
        parts.append(
            f'<div class="{SEGMENT_CLASS} fr-kind-{css_ident(blk.kind)}{dim}" style="border-left-color:{border}" '
            f'data-kind="{esc(blk.kind)}" data-seg="{esc(blk.seg_id)}">'
            f'<span class="fr-seg-label" style="background:{border}">{esc(label)}</span>'
            f'<span class="fr-seg-meta">{esc(meta)}</span>'
            f'{text_block_html(highlight_html(text[a:b], spans, colours, a, descriptions, popover))}</div>')
        pos = max(pos, b)
    plain(pos, hi)
    parts.append("</div>")
    return "".join(parts)


def plain_document_html(text: str, spans: Sequence[Span], colours: Mapping[str, str] | None = None,
                        descriptions: Mapping[str, str] | None = None,
                        window: tuple[int, int] | None = None, popover: bool = False) -> str:
    """Return ``text`` (e.g. the original file text) highlighted in one block, without segment labels."""
    lo, hi = window if window else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    return STYLESHEET + text_block_html(highlight_html(text[lo:hi], spans, colours, lo, descriptions, popover))


def page_windows(text: str, size: int = 60_000) -> list[tuple[int, int]]:
    """Return ``(start, end)`` windows of about ``size`` characters covering ``text``, cut at line breaks.

    A 20 MB upload drawn as one HTML element would freeze the browser; the
    reader shows one window at a time.  Cuts fall on the last newline (else
    space) before the limit so no word is split.
    """
    n = len(text)
    if n <= size:
        return [(0, n)]
    out, start = [], 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


#: Neutral colour of the voice samples in the legend (the category chips show the colours).
LEGEND_SAMPLE = "#eeeeee"
#: What each voice mark looks like, as the legend says it (the drawing is :func:`_match_style`).
VOICE_MARKS = (("own", "own voice: solid underline"), ("quoted", "quoted speech: dashed box"))


def legend_html(colours: Mapping[str, str], descriptions: Mapping[str, str] | None = None,
                categories: Iterable[str] | None = None, voices: bool = True) -> str:
    """Return a one-line legend: a colour chip per category and the own/quoted/scare-quote marks.

    The voice samples are drawn by the same code and classes as the text
    (:func:`_match_style`, the scare-quote classes), so the legend shows
    exactly what the reader draws: own voice a solid underline, quoted
    speech a dashed box, a scare quote a dotted outline with a "scare" tag,
    told apart by line style and tag, not only by colour.
    """
    descriptions = descriptions or {}
    names = list(categories) if categories is not None else list(colours)
    chips = []
    for c in names:
        bg = safe_colour(colours.get(c))
        chips.append(f'<span class="fr-chip" style="background:{bg}" '
                     f'title="{esc(descriptions.get(c, ""))}">{esc(c)}</span>')
    if voices:
        for voice, label in VOICE_MARKS:
            style = _match_style(Span(0, 0, voice=voice), {"": LEGEND_SAMPLE})
            chips.append(f'<mark class="fr-legend-voice {HIGHLIGHT_CLASS}-sample fr-voice-{voice}" '
                         f'style="{style};color:#111;padding:0 .3rem">{esc(label)}</mark>')
        chips.append(f'<span class="{SCARE_CLASS} fr-scare-end fr-legend-voice">scare quote: dotted outline</span>')
    return STYLESHEET + '<div class="fr-legend">' + "".join(chips) + "</div>"


def kv_table_html(pairs: Iterable[tuple[str, object]]) -> str:
    """Return a small two-column table (label, value) with both sides escaped."""
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc('—' if v in (None, '') else v)}</td></tr>"
                   for k, v in pairs)
    return f'{STYLESHEET}<table class="fr-kv">{rows}</table>'


def sentence_html(text: str, start: int, spans: Sequence[Span], colours: Mapping[str, str] | None = None,
                  meta: str = "", descriptions: Mapping[str, str] | None = None) -> str:
    """Return one sentence (document offsets from ``start``) highlighted in a card, with an escaped caption."""
    body = text_block_html(highlight_html(text, spans, colours, start, descriptions))
    caption = f'<div class="fr-sent-meta">{esc(meta)}</div>' if meta else ""
    return f'{STYLESHEET}<div class="fr-sent">{body}{caption}</div>'


def hits_html(text: str, start: int, hits: Sequence[tuple[int, int]], meta: str = "") -> str:
    """Return a sentence (document offsets from ``start``) with the search hits ``(start, end)`` marked, in a card.

    Everything is escaped; the hits are ``<mark class="fr-hit">``.
    """
    def wrap(piece: str, cover: list[int], a: int, b: int) -> str:
        return f'<mark class="{HIT_CLASS}" data-start="{a}" data-end="{b}">{piece}</mark>'

    body = text_block_html(mark_pieces(text, [(s, e, 0) for s, e in hits], wrap, start))
    caption = f'<div class="fr-sent-meta">{esc(meta)}</div>' if meta else ""
    return f'{STYLESHEET}<div class="fr-sent">{body}{caption}</div>'


def empty_html(message: str) -> str:
    """Return an escaped, visibly empty box with ``message`` (e.g. "no sentences about this claim")."""
    return f'{STYLESHEET}<div class="fr-empty">{esc(message)}</div>'


def heading_html(text: str, sub: str = "", level: int = 4) -> str:
    """Return an escaped heading (``<h4>`` by default) with an optional escaped sub-line."""
    level = min(6, max(1, int(level)))
    subline = f'<div class="fr-seg-meta" style="margin-left:0">{esc(sub)}</div>' if sub else ""
    return f'<div class="fr-heading"><h{level}>{esc(text)}</h{level}>{subline}</div>'


# ------------------------------------------------------------------ tidy frames


def corpus_by_stance(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (stance, outlet): documents, segments, sentences, tokens.

    ``corpus`` is ``Analysis.corpus()`` (one row per segment).  A document
    whose segments belong to several stances (an RT article quoted on a
    forum) counts once for each.
    """
    cols = ["stance", "outlet", "documents", "segments", "sentences", "tokens"]
    if corpus.empty:
        return pd.DataFrame(columns=cols)
    g = corpus.groupby(["stance", "outlet"], sort=True, dropna=False)
    out = g.agg(documents=("doc_id", "nunique"), segments=("seg_id", "size"),
                sentences=("sentences", "sum"), tokens=("tokens", "sum")).reset_index()
    return out[cols]


def loadedness_long(scores: pd.DataFrame, by: str = "stance") -> pd.DataFrame:
    """Return loadedness in long form: one row per (``by`` value, voice) with ``loadedness`` and tokens.

    ``scores`` is ``Analysis.scores(by)``; own voice and quoted speech are kept
    apart (per 1,000 own-voice / quoted tokens), never summed.
    """
    cols = [by, "voice", "loadedness", "tokens"]
    if scores.empty or by not in scores.columns:
        return pd.DataFrame(columns=cols)
    rows = []
    for r in scores.to_dict("records"):
        for voice, col, tok in (("own", "loaded_own", "own_tokens"), ("quoted", "loaded_quoted", "quoted_tokens")):
            val = r.get(col)
            rows.append({by: r[by], "voice": voice,
                         "loadedness": float(val) if val is not None and val == val else 0.0,
                         "tokens": int(r.get(tok, 0) or 0)})
    return pd.DataFrame(rows, columns=cols)


def top_categories(matches: pd.DataFrame, by: str = "stance", n: int = 5,
                   loaded_only: bool = False) -> pd.DataFrame:
    """Return the ``n`` most frequent categories per ``by`` value: count, share of that group's matches, voices."""
    cols = [by, "category", "matches", "share", "own", "quoted", "rank"]
    if matches.empty:
        return pd.DataFrame(columns=cols)
    m = matches[matches["loaded"]] if loaded_only else matches
    if m.empty:
        return pd.DataFrame(columns=cols)
    g = m.groupby([by, "category"], sort=True)
    out = g.agg(matches=("entry_id", "size"),
                own=("voice", lambda v: int((v == "own").sum())),
                quoted=("voice", lambda v: int((v == "quoted").sum()))).reset_index()
    out["share"] = (out["matches"] / out.groupby(by)["matches"].transform("sum")).round(3)
    out = out.sort_values([by, "matches", "category"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby(by).cumcount() + 1
    return out[out["rank"] <= n][cols].reset_index(drop=True)


def scatter_frame(terms: pd.DataFrame, group: str) -> pd.DataFrame:
    """Return the distinctive-terms rows of ``group`` ready for a Scattertext-like scatter.

    Adds ``frequency`` (count in the group plus the rest), ``marker`` (lexicon
    candidate / already in lexicon / other) for the colour legend.
    """
    cols = ["term", "count", "rest_count", "frequency", "z", "log_odds", "in_lexicon", "candidate", "marker"]
    if terms.empty:
        return pd.DataFrame(columns=cols)
    t = terms[terms["group"] == group].copy()
    if t.empty:
        return pd.DataFrame(columns=cols)
    t["frequency"] = t["count"].astype(int) + t["rest_count"].astype(int)
    t["marker"] = ["lexicon candidate" if c else ("in lexicon" if i else "other term")
                   for c, i in zip(t["candidate"], t["in_lexicon"])]
    return t[cols].reset_index(drop=True)


def weights_long(frame: pd.DataFrame, id_cols: Sequence[str], value_cols: Sequence[str],
                 weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Return ``frame`` melted to (ids..., component, value, weighted) for a stacked composite chart.

    ``weighted = value * weights[component]`` (1 when no weight is given), so
    the stacked bars add up to the composite the user set with the sliders.
    """
    ids = [c for c in id_cols if c in frame.columns]
    vals = [c for c in value_cols if c in frame.columns]
    cols = ids + ["component", "value", "weighted"]
    if frame.empty or not vals:
        return pd.DataFrame(columns=cols)
    long = frame[ids + vals].melt(id_vars=ids, value_vars=vals, var_name="component", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce").fillna(0.0)
    w = weights or {}
    long["weighted"] = long["value"] * long["component"].map(lambda c: float(w.get(c, 1.0)))
    return long[cols]


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Return ``df`` as UTF-8 CSV bytes with spreadsheet formulas neutralized (for download buttons)."""
    from framing.core.export import csv_text
    return csv_text(df).encode("utf-8")
