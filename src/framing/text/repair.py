"""Text repair: small rules that each return edits or regions, composed by :func:`repair`.

Each rule is a pure function of the text so it can be tested table-driven on
real seed passages.  Rules that change characters return :class:`Edit` lists
(applied with an offset map, so repaired offsets map back to the file); rules
that only *recognise* structure (pull quotes, boilerplate, endnotes) return
:class:`Region` lists and never delete text.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from dataclasses import dataclass

import ftfy

from framing.text.offsets import OffsetChain, apply_edits
from framing.core.types import Citation, Edit, Reference, Region

# ---------------------------------------------------------------- mojibake

# Characters that appear when UTF-8 bytes are decoded as Latin-1/cp1252.
_MOJIBAKE_WORD = re.compile(r"\S*[\u00c2-\u00f0\u2320][^\s]*")
# "â" alone is what is left of a UTF-8 curly quote (E2 80 9x) when the
# continuation bytes were stripped, as in seed 004.  Which quote it was is
# recovered from its neighbours.
_LONE_A = re.compile("\u00e2")
# cp437 rendering of the lost ellipsis in seed 004 ("position⌠and").
_BROKEN_ELLIPSIS = "\u2320"
_SUSPECT = re.compile("[\u00c2-\u00f0\u2320]")


def mojibake_edits(text: str) -> list[Edit]:
    """Return edits that repair mis-decoded UTF-8 (curly quotes, apostrophes, ellipses).

    First ftfy repairs every word whose bytes are intact; then a lone ``â``
    whose continuation bytes were lost becomes ``’`` between letters, ``“``
    before a word and ``”`` after one.
    """
    edits: list[Edit] = []
    if text.isascii() or not _SUSPECT.search(text):
        return edits  # the common case: nothing that mis-decoding produces
    for m in _MOJIBAKE_WORD.finditer(text):
        word = m.group()
        fixed = ftfy.fix_encoding(word)
        if fixed != word:
            edits.append(Edit(m.start(), m.end(), fixed, "mojibake"))
    claimed = [(e.start, e.end) for e in edits]

    def free(i: int) -> bool:
        return not any(s <= i < e for s, e in claimed)

    for m in _LONE_A.finditer(text):
        i = m.start()
        if not free(i):
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalpha() and after.isalpha():
            rep = "\u2019"
        elif after.isalnum() or (before.isspace() and not after.isspace()):
            rep = "\u201c"
        elif before.isspace() and after.isspace():
            # a stranded mark between words: an opening quote is the common case
            rep = "\u201c"
        else:
            rep = "\u201d"
        edits.append(Edit(i, i + 1, rep, "mojibake-lost-bytes"))
    for m in re.finditer(_BROKEN_ELLIPSIS, text):
        i = m.start()
        if free(i):
            nxt = text[i + 1:i + 2]
            edits.append(Edit(i, i + 1, "\u2026" + (" " if nxt.isalnum() else ""),
                              "mojibake-ellipsis"))
    return edits


# ------------------------------------------------------ markdown escapes

# Text exported from a PDF or CMS as Markdown escapes punctuation ("\\$9
# million" in seed 002); the backslash is markup, not text.
_MD_ESCAPE = re.compile(r"\\(?=[$*_`#\[\]()<>!+.{}|~-])")


def markdown_escape_edits(text: str) -> list[Edit]:
    """Return edits that drop Markdown backslash escapes before punctuation (``\\$9`` -> ``$9``)."""
    return [Edit(m.start(), m.end(), "", "markdown-escape") for m in _MD_ESCAPE.finditer(text)]


# ---------------------------------------------------------------- footnotes

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_FOOTNOTE = re.compile(f"(?<=[\\w.,;:!?\u201d\"')\\]])[{_SUPERSCRIPT}]+")
# A pattern that opens with a look-behind is tried at every offset; one that
# opens with a character class is scanned for in C.  Most texts have no
# superscript digit at all, so look for one first.
_ANY_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPT}]")


def footnote_edits(text: str) -> list[Edit]:
    """Return edits that delete superscript footnote markers (``shipment.²``).

    The marker's number is kept in ``Edit.reason`` as ``footnote:N`` so
    :func:`repair` can record it as a :class:`Citation`.
    """
    if _ANY_SUPERSCRIPT.search(text) is None:
        return []
    return [Edit(m.start(), m.end(), "", "footnote:" + m.group().translate(_SUPER_TO_DIGIT))
            for m in _FOOTNOTE.finditer(text)]


# ---------------------------------------------------------------- structure

_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of blank-line separated paragraphs (whitespace trimmed)."""
    spans = []
    pos = 0
    for m in list(_PARA_SPLIT.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        s = pos + (len(chunk) - len(chunk.lstrip()))
        e = pos + len(chunk.rstrip())
        if e > s:
            spans.append((s, e))
        if m:
            pos = m.end()
    return spans


_WORD = re.compile(r"[a-z0-9]+")
#: A callout must be at least this many words to be compared; shorter
#: paragraphs are headings, whose words naturally recur in the body.
PULL_QUOTE_MIN_WORDS = 12
#: Share of a paragraph's word 6-grams found in one longer paragraph for it to
#: count as a repeated callout.  0.5 tolerates light editing ("The signing of
#: the treaty served as" vs the body's "The document served as") while body
#: paragraphs of 002 share at most ~5% of their 6-grams with any other.
PULL_QUOTE_OVERLAP = 0.5
_NGRAM = 6


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    # zip over shifted lists builds the 6-grams in C, ~4x faster than slicing
    return set(zip(*(words[i:] for i in range(_NGRAM))))


def pull_quote_regions(text: str) -> list[Region]:
    """Return regions for paragraphs that repeat a longer paragraph's text (callouts).

    A paragraph is a pull quote when at least ``PULL_QUOTE_OVERLAP`` of its
    word 6-grams appear in a single *longer* paragraph; the longer one is the
    body text and is kept.
    """
    paras = paragraphs(text)
    if len(paras) < 2:
        return []
    words = [_WORD.findall(text[s:e].lower()) for s, e in paras]
    grams = [_ngrams(w) if len(w) >= PULL_QUOTE_MIN_WORDS else set() for w in words]
    # A paragraph can only be a callout if half its 6-grams occur in some other
    # paragraph at all.  Counting each gram's paragraphs with Counter (in C)
    # rules out almost every paragraph of ordinary news before the pairwise
    # count below, which costs a Python loop per gram.
    per_gram = Counter(chain.from_iterable(grams))
    repeated = {g for g, c in per_gram.items() if c > 1}
    candidates = [i for i, g in enumerate(grams)
                  if g and len(g & repeated) >= PULL_QUOTE_OVERLAP * len(g)]
    if not candidates:
        return []
    # Which paragraphs share at least one 6-gram with paragraph i: an inverted
    # index keeps this linear in the text instead of comparing every pair.
    owners: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(grams):
        for gram in g & repeated:
            owners.setdefault(gram, []).append(i)
    regions = []
    for i in candidates:
        s, e = paras[i]
        shared: dict[int, int] = {}
        for gram in grams[i] & repeated:
            for j in owners[gram]:
                if j != i:
                    shared[j] = shared.get(j, 0) + 1
        for j, n in sorted(shared.items()):
            if len(words[j]) <= len(words[i]):
                continue
            overlap = n / len(grams[i])
            if overlap >= PULL_QUOTE_OVERLAP:
                regions.append(Region(s, e, "pull_quote", f"repeats text at offset {paras[j][0]}"))
                break
    return regions


_TERMINAL = tuple(".!?:;\u201d\"')]\u2026")


def page_break_edits(text: str, pull_quotes: list[Region]) -> list[Edit]:
    """Return edits that rejoin a paragraph split by a page break.

    A paragraph that ends without terminal punctuation, followed (possibly
    after pull quotes) by one that starts in lower case, is one paragraph.
    Intervening pull quotes are moved after the rejoined paragraph so the
    sentence reads whole.
    """
    paras = paragraphs(text)
    pq = {(r.start, r.end) for r in pull_quotes}
    edits: list[Edit] = []
    i = 0
    while i < len(paras) - 1:
        s, e = paras[i]
        if text[s:e].rstrip().endswith(_TERMINAL) or (s, e) in pq:
            i += 1
            continue
        j = i + 1
        while j < len(paras) and paras[j] in pq:
            j += 1
        if j >= len(paras) or not text[paras[j][0]].islower():
            i += 1
            continue
        between = [paras[k] for k in range(i + 1, j)]
        edits.append(Edit(e, paras[j][0], " ", "page-break"))
        nxt_end = paras[j][1]
        for a, b in between:
            edits.append(Edit(nxt_end, nxt_end, "\n\n", "moved-pull-quote"))
            edits.append(Edit(nxt_end, nxt_end, text[a:b], "moved-pull-quote", source=a))
        i = j
    return edits


# ------------------------------------------------------------ boilerplate

#: Paragraph-start patterns that mark boilerplate (kept, not analysed).  Each
#: comes from a real page furniture line in the seeds or common news markup.
BOILERPLATE_STARTS = (
    r"photo( credit)?s?\s*:",
    r"image( credit)?s?\s*:",
    r"\u00a9|copyright\b|\(c\) ",
    r"this (issue brief|report|paper|article) can be freely reproduced",
    r"note: this (issue brief|paper|report)",
    r"about (isdp|us|the authors?)\b",
    r"authors?\s*[\u2013\u2014-]",
    r"www\.\S+$",
    r"(share|follow us|subscribe|read more|related)\b.{0,40}$",
)
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_STARTS), re.I)
_SEPARATOR_RE = re.compile(r"^\s*([.\-*_=~\u2022\u00b7])\1{2,}\s*$", re.M)
_SUMMARY_HEAD = re.compile(r"^(synopsis|key takeaways|summary|highlights|abstract)\s*$", re.I | re.M)
_ENDNOTES_HEAD = re.compile(r"^(endnotes|notes|references|footnotes|sources)\s*$", re.I | re.M)
#: A bio line: "<Name> is <role> of/at ..." right after an Authors heading.
_BIO_RE = re.compile(r"^[A-Z][\w.()' -]{2,80}\bis (a |an |the )?[A-Z]?\w+", re.M)


def separator_regions(text: str) -> list[Region]:
    """Return regions for separator lines made of repeated dots, dashes or stars."""
    return [Region(m.start(), m.end(), "boilerplate", "separator line")
            for m in _SEPARATOR_RE.finditer(text)]


def boilerplate_regions(text: str) -> list[Region]:
    """Return regions for page furniture: credits, copyright, about-us, author bios, links.

    "ABOUT ..." and "Authors" headings take the following paragraphs with them
    up to the next heading-like line or endnotes, since bios and mission
    statements follow them.
    """
    regions: list[Region] = []
    paras = paragraphs(text)
    k = 0
    while k < len(paras):
        s, e = paras[k]
        chunk = text[s:e]
        if _BOILERPLATE_RE.match(chunk):
            end = e
            if re.match(r"(about |authors?\s*[\u2013\u2014-])", chunk, re.I):
                while k + 1 < len(paras):
                    ns, ne = paras[k + 1]
                    nxt = text[ns:ne]
                    if _ENDNOTES_HEAD.match(nxt) or not (
                            _BIO_RE.match(nxt) or nxt.startswith(("The Institute", "www."))
                            or _BOILERPLATE_RE.match(nxt)):
                        break
                    k += 1
                    end = ne
            regions.append(Region(s, end, "boilerplate", chunk.split("\n", 1)[0][:40]))
        k += 1
    return regions


def summary_regions(text: str) -> list[Region]:
    """Return regions for "Synopsis" / "Key Takeaways" blocks and a brief's abstract.

    A summary heading takes the bullet lines below it.  In an issue brief
    (title, authors, then a paragraph starting "This issue brief/paper/report"),
    that opening paragraph is its abstract.
    """
    regions = []
    for m in _SUMMARY_HEAD.finditer(text):
        end = m.end()
        for line in re.finditer(r"\n(?:[-*\u2022] .*|(?:synopsis|key takeaways)\s*)(?=\n|$)",
                                text[m.end():], re.I):
            if line.start() != end - m.end():
                break
            end = m.end() + line.end()
        regions.append(Region(m.start(), end, "summary", m.group().strip()))
    for s, e in paragraphs(text)[:4]:
        if re.match(r"this (issue brief|brief|paper|report|study) (examines|analy[sz]es|explores|argues)",
                    text[s:e], re.I):
            regions.append(Region(s, e, "summary", "abstract"))
    return regions


def references_region(text: str) -> Region | None:
    """Return the region of the endnotes/references section at the end of the text, if any."""
    heads = list(_ENDNOTES_HEAD.finditer(text))
    if not heads:
        return None
    m = heads[-1]
    if len(text) - m.start() > 0 and re.search(r"^\s*[-*]?\s*\d+\s", text[m.end():], re.M):
        return Region(m.start(), len(text.rstrip()), "references", m.group().strip())
    return None


def title_region(text: str) -> Region | None:
    """Return the headline: a short first line without sentence-final punctuation, if any.

    Headlines are framing too ("Russians plan to open DPRK embassies in WOT"),
    so they are their own segment kind and are analysed.
    """
    m = re.match(r"\s*([^\n]{3,160})\n", text)
    if not m:
        return None
    line = m.group(1).strip()
    if line.endswith((".", ":", ",")) or _SEPARATOR_RE.match(line) or not re.search(r"[A-Za-z]", line):
        return None
    if len(line.split()) > 24:
        return None
    return Region(m.start(1), m.start(1) + len(line), "title", "headline")


_BYLINE = re.compile(r"^(by\s+)?[A-Z][\w.'()-]*(\s+[A-Z(][\w.'()-]*){1,5}"
                     r"(\s*(,|and|&)\s*[A-Z][\w.'()-]*(\s+[A-Z(][\w.'()-]*){1,5})*$")


def byline_region(text: str, title: Region | None) -> Region | None:
    """Return the byline (author names alone on a line right after the title), if any."""
    if title is None:
        return None
    m = re.compile(r"\s*([^\n]{3,120})(?:\n|$)").match(text, title.end)
    if not m:
        return None
    line = m.group(1).strip()
    if _BYLINE.match(line) and not line.endswith("."):
        return Region(m.start(1), m.start(1) + len(line), "boilerplate", "byline")
    return None


# ------------------------------------------------------------- endnotes

_NOTE_START = re.compile(r"^\s*[-*\u2022]?\s*(\d{1,3})[.)]?\s+(?=\S)", re.M)
_URL = re.compile(r"<?(https?://[^\s>]+)>?")
_DATE = re.compile(
    r"((?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:/(?:January|February|March|April|May|June|July|August|September|October|November|December))?"
    r"(?: \d{1,2})?,? \d{4}|\b(?:19|20)\d{2}\b)")
_QUOTED_TITLE = re.compile(r"[\"\u201c](.+?)[\"\u201d]")


def parse_endnotes(text: str, region: Region) -> list[Reference]:
    """Return the references of an endnotes section, one per cited work.

    A note such as ``2 S. Holland, et al., "Title," *Reuters*, December 22,
    2022, <url>`` gives authors, title, outlet, date and url; a note that cites
    several works separated by ``;`` yields several references with the same number.
    """
    body = text[region.start:region.end]
    starts = list(_NOTE_START.finditer(body))
    refs: list[Reference] = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(body)
        number = int(m.group(1))
        note = body[m.end():end].strip()
        for work in _split_works(note):
            refs.append(_parse_work(number, work))
    return refs


def _split_works(note: str) -> list[str]:
    # A ';' separates works only outside quotes and after a URL or date.
    parts: list[str] = []
    cur: list[str] = []
    depth = False
    for ch in note:
        if ch in "\"\u201c\u201d":
            depth = not depth if ch == '"' else (ch == "\u201c")
        if ch == ";" and not depth and (_URL.search("".join(cur)) or _DATE.search("".join(cur))):
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _parse_work(number: int, work: str) -> Reference:
    url_m = _URL.search(work)
    url = url_m.group(1).rstrip(".,") if url_m else ""
    head = work[:url_m.start()] if url_m else work
    title_m = _QUOTED_TITLE.search(head)
    title = title_m.group(1).strip().rstrip(",") if title_m else ""
    authors = head[:title_m.start()].strip().rstrip(",").strip() if title_m else ""
    rest = head[title_m.end():] if title_m else head
    date_m = _DATE.search(rest)
    date = date_m.group(1) if date_m else ""
    outlet_part = rest[:date_m.start()] if date_m else rest
    outlet = outlet_part.replace("*", "").strip(" ,.;")
    if not outlet:
        # Outlet written before the title: '*Kremlin*, "Article by ..."'
        outlet = authors.replace("*", "").strip(" ,") if authors.startswith("*") else ""
        if outlet:
            authors = ""
    if not title_m and not outlet:
        outlet = head.replace("*", "").split(",")[0].strip()
    return Reference(number, authors, title, outlet, date, url, work)


# ---------------------------------------------------------------- pipeline

@dataclass(frozen=True)
class Repaired:
    """The repaired text of one document, with what repair found and the map back."""

    text: str
    offsets: OffsetChain
    regions: tuple[Region, ...]
    citations: tuple[Citation, ...]
    references: tuple[Reference, ...]
    notes: tuple[str, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original-file ``(start, end)`` for a repaired span."""
        return self.offsets.span_to_raw(start, end)


def repair(raw: str) -> Repaired:
    """Return the repaired text of ``raw`` with structure regions, citations and references.

    Order matters: encoding first (later rules read punctuation), then
    footnote markers, then page-break joins (which need pull quotes known),
    then structure recognition on the final text.
    """
    notes: list[str] = []
    maps = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text != raw:
        text2, m = apply_edits(raw, [Edit(mm.start(), mm.end(), "\n", "newline")
                                     for mm in re.finditer(r"\r\n?", raw)])
        maps.append(m)
        text = text2

    edits = mojibake_edits(text)
    if edits:
        notes.append(f"repaired {len(edits)} mis-encoded character sequences")
        text, m = apply_edits(text, edits)
        maps.append(m)

    edits = markdown_escape_edits(text)
    if edits:
        text, m = apply_edits(text, edits)
        maps.append(m)

    edits = footnote_edits(text)
    citations: list[Citation] = []
    if edits:
        text, m = apply_edits(text, edits)
        maps.append(m)
        shift = 0
        for e in sorted(edits, key=lambda e: e.start):
            citations.append(Citation(int(e.reason.split(":")[1]), e.start - shift))
            shift += e.end - e.start
        notes.append(f"removed {len(edits)} footnote markers")

    pull_quotes = pull_quote_regions(text)
    edits = page_break_edits(text, pull_quotes)
    if edits:
        # The join moves text, so citations recorded before it must be remapped.
        text2, m = apply_edits(text, edits)
        citations = [Citation(c.number, _forward(m, c.position)) for c in citations]
        text = text2
        maps.append(m)
        joins = sum(1 for e in edits if e.reason == "page-break")
        notes.append(f"rejoined {joins} paragraphs split by page breaks")

    regions: list[Region] = []
    # A join moves text, so pull quotes are found again only when one happened.
    regions += pull_quote_regions(text) if edits else pull_quotes
    regions += separator_regions(text)
    regions += boilerplate_regions(text)
    regions += summary_regions(text)
    t = title_region(text)
    if t:
        regions.append(t)
        b = byline_region(text, t)
        if b:
            regions.append(b)
    refs_region = references_region(text)
    references: list[Reference] = []
    if refs_region:
        regions.append(refs_region)
        references = parse_endnotes(text, refs_region)
    if any(r.kind == "pull_quote" for r in regions):
        notes.append(f"marked {sum(r.kind == 'pull_quote' for r in regions)} pull quotes")
    regions.sort(key=lambda r: (r.start, -r.end))
    return Repaired(text, OffsetChain(tuple(maps)), tuple(regions), tuple(citations),
                    tuple(references), tuple(notes))


def _forward(m, old_pos: int) -> int:
    # inverse of OffsetMap.to_old for copied pieces
    for ns, ne, os_, oe, copied in m.pieces:
        if copied and os_ <= old_pos <= oe:
            return ns + (old_pos - os_)
    return old_pos


def repair_text(raw: str) -> str:
    """Return only the repaired text of ``raw`` (convenience for tests and notebooks)."""
    return repair(raw).text
