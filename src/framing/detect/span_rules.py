"""Span records and the per-span rules shared by every detector: guideline categories, scare quotes.

Kept apart from :mod:`framing.detect.spans` (which combines the detectors) so the span model can use
them without importing the module that imports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.core.types import Match
from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon


DETECTORS = ("lexicon", "model", "both")
SCARE_CATEGORY = "scare_quotes"


@dataclass(frozen=True)
class SpanRow:
    """One detected span: the :class:`Match` fields plus guideline category, detector and explanation."""

    match: Match
    guideline_category: str
    detector: str
    why: str = ""
    #: Whether the guideline would annotate it (False for neutral markers such as "according to", Kyiv).
    guideline_span: bool = True


def guideline_of(m: Match, lexicon: Lexicon) -> tuple[str, bool]:
    """Return ``(guideline_category, is_guideline_span)`` of a lexicon match.

    A match is a guideline span when its category maps to a guideline
    category and is loaded.  A toponym counts when it is the marked member
    of a spelling pair (its neutral alternative is itself a toponym entry:
    ``Kiev`` -> ``Kyiv``) or an imperial name (weight >= 2: ``Novorossiya``);
    the standard spellings (``Kyiv``, ``Donbas``) and legal formulas
    ("occupied territories") stay neutral markers, as the guideline says.
    """
    cat = lexicon.categories.get(m.category)
    g = cat.guideline if cat else ""
    if not g:
        return "", False
    if cat is not None and cat.loaded:
        return g, True
    entry = lexicon_entry(lexicon, m.entry_id)
    if entry is None or not entry.neutral_alternative:
        return g, False
    alt = entry.neutral_alternative.split(";")[0].strip().lower()
    return g, entry.weight >= 2 or alt in _toponym_patterns(lexicon, m.category)


def _toponym_patterns(lexicon: Lexicon, category: str) -> frozenset[str]:
    """Return the lower-cased patterns of one (non-loaded) category's entries."""
    table = _ENTRY_CACHE.get(id(lexicon)) or {}
    key = f"__patterns__{category}"
    got = table.get(key)
    if got is None:
        got = frozenset(e.pattern.lower().lstrip("=") for e in lexicon.entries if e.category == category)
        if table:
            table[key] = got
    return got


_ENTRY_CACHE: dict[int, dict] = {}


def lexicon_entry(lexicon: Lexicon, entry_id: str):  # -> Entry | None
    """Return the lexicon entry with ``entry_id`` (or None)."""
    table = _ENTRY_CACHE.get(id(lexicon))
    if table is None or table.get("__lexicon__") is not lexicon:
        table = {e.id: e for e in lexicon.entries}
        table["__lexicon__"] = lexicon
        _ENTRY_CACHE.clear()
        _ENTRY_CACHE[id(lexicon)] = table
    return table.get(entry_id)


def scare_quote_matches(detected: DetectedDocument) -> list[Match]:
    """Return one match per scare quote voice analysis found, the span including its quote marks.

    Quotes a speaker is credited with (direct quotations) are never scare
    quotes; a scare quote nested in someone's quotation is in their voice.
    """
    parsed = detected.parsed
    text = parsed.text
    rep = parsed.repaired
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    sent_starts = [s.start for s in parsed.sentences]
    out = []
    from bisect import bisect_right
    for q in detected.voice.quotes:
        if q.kind != "scare":
            continue
        seg = seg_by_id.get(q.seg_id)
        if seg is None or not seg.is_prose or not is_scare_span(text, q.start, q.end, q.inner_start, q.inner_end):
            continue
        voice, speaker, _ = detected.voice.voice_of(seg, q.inner_start, q.inner_end)
        raw_start, raw_end = rep.raw_span(q.start, q.end)
        sent_idx = max(0, bisect_right(sent_starts, q.start) - 1)
        out.append(Match(parsed.doc.doc_id, seg.seg_id, sent_idx, seg.stance, seg.outlet, seg.kind,
                         q.start, q.end, raw_start, raw_end, text[q.start:q.end], "", SCARE_CATEGORY, "",
                         1.0, True, voice, speaker, True))
    return out


#: A verb just before the quote that credits someone with the quoted words ("what he calls a "terrorist" act").
_CREDITED_RE = re.compile(r"(?<!so-)\b(?:call(?:s|ed|ing)?|dub(?:s|bed)?|term(?:s|ed)?|describ(?:es|ed|ing)|"
                          r"label(?:s|led|ed)?|brand(?:s|ed)?|claim(?:s|ed)?|says?|said|vow(?:s|ed)?|"
                          r"declar(?:es|ed)|regrets?|denounc(?:es|ed)|urg(?:es|ed))\b[^.!?\n]{0,30}$", re.I)
_ANSWER_WORDS = frozenset({"yes", "no"})
_MINOR_WORDS = frozenset({"to", "of", "the", "and", "for", "a", "an", "in", "on", "with"})


def is_scare_span(text: str, start: int, end: int, inner_start: int, inner_end: int) -> bool:
    """Return False for quote marks that quote rather than distance, by cheap cues around the quote.

    Headline-style lines (short, no full stop) put quotations in quote marks;
    a verb of saying or naming just before it credits a speaker; a run of
    Capitalised Words is a title or slogan; a bare "yes"/"no" is an answer.
    """
    inner = text[inner_start:inner_end].strip(" ,.;:!?")
    words = inner.split()
    if not words or inner.lower() in _ANSWER_WORDS:
        return False
    if len(words) >= 2 and all(w[:1].isupper() or w in _MINOR_WORDS for w in words):
        return False
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line = text[ls:le if le >= 0 else len(text)].strip()
    if len(line.split()) <= 20 and not line.rstrip("\"\u201d\u2019'").endswith((".", "!", "?", ":")) \
            and ". " not in line:
        return False
    return not _CREDITED_RE.search(text, max(ls, start - 60), start)




# ---------------------------------------------------------------- context rules (all detectors)

_BULLETS = ("- ", "\u2022 ", "* ", "\u2013 ")
_LIST_ITEM_WORDS = 20


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """Return the start and end offsets of the line holding ``pos``."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    return ls, le if le >= 0 else len(text)


def _is_list_item(text: str, ls: int, le: int) -> bool:
    line = text[ls:le].strip()
    return line.startswith(_BULLETS) and len(line.split()) <= _LIST_ITEM_WORDS and not line.endswith(".")


def in_headline_list(text: str, pos: int) -> bool:
    """Return True when ``pos`` is in a run of three or more short bulleted lines without full stops.

    Such runs are lists of other stories' headlines ("Related stories",
    "Read more") that pages put around an article: not the article's words.
    """
    ls, le = _line_at(text, pos)
    if not _is_list_item(text, ls, le):
        return False
    run = 1
    a = ls
    while a > 0 and run < 3:  # lines above
        pa, pe = _line_at(text, a - 1)
        if not _is_list_item(text, pa, pe):
            break
        run, a = run + 1, pa
    b = le
    while b < len(text) and run < 3:  # lines below
        na, ne = _line_at(text, b + 1)
        if na >= len(text) or not _is_list_item(text, na, ne):
            break
        run, b = run + 1, ne
    return run >= 3


def _next_word(detected: DetectedDocument, sent_idx: int, end: int) -> tuple[int, int] | None:
    sents = detected.parsed.sentences
    if not 0 <= sent_idx < len(sents):
        return None
    return next(((s, e) for s, e in sents[sent_idx].tokens if s >= end), None)


def neutral_reason(row: SpanRow, detected: DetectedDocument, loaded: list[tuple[int, int]],
                   adverbs: bool = True) -> str:
    """Return why a detected span is no guideline span by its context ("" when it is one).

    * inside a list of other stories' headlines (:func:`in_headline_list`);
    * a glorification phrase written as a Capitalised Name ("Victory Day
      celebrations", a holiday's name, against "until the victory day");
    * a lone adverb in -ly ("extremely costly", "dramatically increasing")
      whose next word is no loaded match: a degree word, not hyperbole, unless
      it heightens an evaluation ("entirely fabricated").

    ``loaded`` holds the offsets of the document's loaded lexicon spans.
    ``adverbs=False`` skips the adverb rule: a span model weighs a word's
    context itself, and one retrained on a researcher's corrections must be
    able to learn an adverb ("adamantly") the rule would rule out.
    """
    m = row.match
    text = detected.parsed.text
    if in_headline_list(text, m.start):
        return "in a list of other stories' headlines"
    words = m.text.split()
    if row.guideline_category == "glorification" and len(words) >= 2 and all(w[:1].isupper() for w in words):
        return "written as a name (holiday, event or title)"
    if adverbs and len(words) == 1 and m.text.lower().endswith("ly") and row.guideline_category != SCARE_CATEGORY:
        nxt = _next_word(detected, m.sent_idx, m.end)
        if nxt is None or not any(s < nxt[1] and nxt[0] < e for s, e in loaded):
            return "a degree adverb on a word that is not loaded"
    return ""
