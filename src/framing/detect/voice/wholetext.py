"""Rule 6: whole-text voice -- a republished text, a pasted article, forum quote blocks.

A text that reprints somebody else's words as a whole carries no quotation
marks, yet every phrase in it is that author's (guideline, "Voice and
speaker"):

* the catalog's ``speaker`` column for the segment or the document (an op-ed
  by a head of state reprinted by a website).  A ``quoted_article`` part the
  catalog gives its own outlet and stance (seed 004's RT article inside a
  forum thread) is *not* quoted: it is that outlet's own text, and its
  phrases count as the stance's own voice;
* a ``Source: X`` line that opens the text (before the first long paragraph),
  when X is not a news outlet: a republished statement ("Source: Russian
  Foreign Ministry").  A news outlet there is a relay credit
  (:mod:`framing.detect.relays`), not a speaker -- the copy is narrated in
  that outlet's voice, which the analysis treats as the text's own;
* "From an article by X in Y" / "Excerpt from a statement by X" opening a
  paragraph near the top (the first ``SOURCE_LINE_MAX_OFFSET`` characters):
  the rest of the segment is X's;
* forum quote blocks: lines opened by ``>`` and the paragraph after a
  ``Quote:`` / ``Quote from: X on ...`` line are direct quotes of the quoted
  post (speaker X, or "the quoted comment").

The whole-text frame is the widest frame of its segment, so a narrower
attributed frame inside it still names its own speaker.
"""

from __future__ import annotations

import re

from framing.core.types import Segment, Sentence
from framing.detect.outlets import OUTLET_TYPES
from framing.detect.voice.patterns import V
from framing.detect.voice.records import Frame, RawQuote, Source
from framing.detect.voice.sources import outlets_in_use

#: The ``verb`` of whole-text frames (their content is a republished text, not indirect speech).
WHOLE_TEXT_VERBS = frozenset({"republished", "article by", "source line"})
#: Where a ``Source:`` line must stand to speak for the whole text.
SOURCE_LINE_MAX_OFFSET = 600
#: A paragraph of at least this many words is body text: a ``Source:`` line after it is a footer.
BODY_PARAGRAPH_WORDS = 25
#: Speaker of a forum quote block whose author is not named.
QUOTED_COMMENT = "the quoted comment"

_MEDIA = frozenset(t for t in OUTLET_TYPES if t not in ("government_body",))
SOURCE_LINE_RE = re.compile(r"^[ \t]*(?:Source|SOURCE)[ \t]*:[ \t]*(?P<who>[^\n]{2,80}?)[ \t]*$", re.M)
ARTICLE_BY_RE = re.compile(
    r"^[ \t]*(?:From|Excerpts? from|Reprinted from)\s+(?:an?|the)\s+(?:article|op-ed|opinion piece|"
    r"column|essay|piece|statement|speech|interview)\s+by\s+(?P<who>[A-Z][^\n,:;()]{1,60}?)"
    r"(?:\s+(?:in|for|on|published in)\s+[^\n:]{1,60}?)?\s*[:.\n]", re.M)
_CUE_RE = re.compile(r"From |Excerpts? from|Reprinted|Source|SOURCE")
GT_LINE_RE = re.compile(r"^[ \t]*(?:>|&gt;)[ \t]?(?P<body>[^\n]+)$", re.M)
QUOTE_HEAD_RE = re.compile(r"^[ \t]*Quote(?:\s+from:\s*(?P<who>[^\n]+?)(?:\s+on\s+[^\n]*)?)?\s*:?[ \t]*\n"
                           r"(?P<body>[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*)", re.M)
_WORD_RE = re.compile(r"\w+")
_NAME = r"[A-Z][\w.'\u2019\-]*(?:\s+(?:of\s+)?[A-Z][\w.'\u2019\-]*){0,3}"
#: "Kremlin: latest strikes all part of ..." (the tool's " date YYYY-MM-DD" prefix skipped).
HEAD_COLON_RE = re.compile(r"^[ \t]*(?:date \d{4}-\d\d-\d\d\s+)?(?P<who>" + _NAME + r"):[ \t]+(?P<claim>\S[^\n]*)$", re.M)
#: "Putin, Xi to discuss the pipeline - Bloomberg reports" / "... killed in attack - Investigative Committee".
HEAD_DASH_RE = re.compile(r"^(?P<claim>[^\n]{10,}?)[ \t]+[-\u2013\u2014][ \t]+(?P<who>" + _NAME
                          + r")(?:[ \t]+(?:says|said|reports|reported|claims))?[ \t]*$", re.M)


def headline_frames(text: str, seg: Segment, sents: list[tuple[int, Sentence]]) -> list[Frame]:
    """Return the frame of a headline that names its speaker ("Kremlin: ...", "... - Bloomberg reports").

    Only for title segments; "Xinhua Headlines: ..." and other section labels
    (``headline_label`` words of ``voice/function_words.csv``) are no speaker.
    """
    if seg.kind != "title" or not sents:
        return []
    head = text[seg.start:seg.end]  # "^" must match at the segment start, which may follow a space
    for rx in (HEAD_COLON_RE, HEAD_DASH_RE):
        for m in rx.finditer(head):
            who = m.group("who")
            if any(w.lower() in V.HEADLINE_LABELS for w in who.split()) or who.lower() in V.HEADLINE_LABELS:
                continue
            src = Source(who, "name", who, True)
            o = seg.start
            cs, ce = m.span("claim")
            return [_framed(text, sents, o + m.start("who"), o + m.end("who"), "headline", src,
                            o + cs, o + ce)]
    return []


def whole_text_frames(text: str, seg: Segment, sents: list[tuple[int, Sentence]]) -> list[Frame]:
    """Return the whole-text frames of ``seg`` (at most one): its content and speaker.

    ``sents`` are the segment's ``(index, sentence)`` pairs; the frame lies in
    one of them (for a catalog speaker: the first word of the segment).  Empty
    when nothing marks the segment as somebody else's text.
    """
    if not sents:
        return []
    # A quoted_article part the catalog gives its own outlet and stance is that outlet's text: its
    # phrases are measured as the outlet's own voice (the stance's framing), not as the host's quote.
    # The catalog's speaker column is how a part is marked as somebody's republished words.
    speaker = seg.speaker
    if speaker:
        src = Source(speaker, "name", speaker, True)
        i, first = sents[0]
        w = _WORD_RE.search(text, first.start, first.end)
        fs, fe = w.span() if w else (first.start, first.end)
        return [Frame(i, fs, fe, "republished", src, seg.start, seg.end, kind="whole")]
    # Both cues open the text: only its head is searched, and only when a cue word is there.
    head_end = min(seg.end, seg.start + SOURCE_LINE_MAX_OFFSET)
    cue = _CUE_RE.search(text, seg.start, head_end)
    if cue is None:
        return []
    by = ARTICLE_BY_RE.search(text, cue.start(), head_end) if cue.group(0)[0] in "FER" else None
    if by is not None:
        who = by.group("who").strip()
        src = Source(who, "name", who, True)
        return [_framed(text, sents, by.start(), by.end(), "article by", src, by.end(), seg.end)]
    m = SOURCE_LINE_RE.search(text, seg.start, head_end)
    if m is None or _body_before(text, seg.start, m.start()):
        return []
    who = m.group("who").strip(" .")
    outlet = outlets_in_use().resolve(who)
    if outlet is not None and outlet.type in _MEDIA:
        return []  # "Source: DW": a relay credit, the copy is narrated in the text's voice
    name = outlet.name if outlet is not None else who.split(",")[0].strip()
    src = Source(who, "name", name, True)
    # The headline above the line belongs to the republished text too.
    return [_framed(text, sents, m.start(), m.end(), "source line", src, seg.start, seg.end)]


def _framed(text: str, sents: list[tuple[int, Sentence]], fs: int, fe: int, verb: str,
            src: Source, rs: int, re_: int) -> Frame:
    """Return a whole-text frame at ``fs:fe``, kept inside the sentence that holds ``fs``."""
    fs = next((p for p in range(fs, fe) if not text[p].isspace()), fs)
    idx, sent = next(((i, s) for i, s in sents if s.start <= fs < s.end), sents[0])
    fs, fe = max(fs, sent.start), min(fe, sent.end)
    while fe > fs and text[fe - 1].isspace():
        fe -= 1
    return Frame(idx, fs, fe, verb, src, rs, re_, kind="whole")


def _body_before(text: str, start: int, end: int) -> bool:
    """Return True when a body-length paragraph stands in ``text[start:end]``."""
    return any(len(_WORD_RE.findall(p)) >= BODY_PARAGRAPH_WORDS for p in text[start:end].split("\n"))


def block_quotes(text: str, seg: Segment) -> list[RawQuote]:
    """Return the forum quote blocks of ``seg`` as direct quotes with their speaker preset."""
    out: list[RawQuote] = []
    # str.find with bounds copies nothing: most segments hold neither marker.
    if text.find(">", seg.start, seg.end) < 0 and text.find("&gt;", seg.start, seg.end) < 0 \
            and text.find("Quote", seg.start, seg.end) < 0:
        return out
    for m in GT_LINE_RE.finditer(text, seg.start, seg.end):
        s, e = m.span("body")
        out.append(_block(text, m.start(), s, e, QUOTED_COMMENT))
    for m in QUOTE_HEAD_RE.finditer(text, seg.start, seg.end):
        s, e = m.span("body")
        who = (m.group("who") or "").strip() or QUOTED_COMMENT
        out.append(_block(text, m.start(), s, e, who))
    return out


def _block(text: str, start: int, inner_start: int, inner_end: int, speaker: str) -> RawQuote:
    q = RawQuote(start, inner_end, inner_start, inner_end, speaker=speaker, introduced=True,
                 covered=True)
    q.words = len(_WORD_RE.findall(text[inner_start:inner_end]))
    return q
