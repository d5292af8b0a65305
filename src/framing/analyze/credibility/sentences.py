"""Sentence-level rules: which sentences are statements, which look like checkable claims, and where offsets fall."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import Iterable

from framing.analyze.credibility.rules import (ATTRIBUTION_CATEGORIES, CORRECTION_RE, COVER_MIN, HEADING_MAX_TOKENS,
                                               MIN_FACTUAL_TOKENS, STATEMENT_KINDS, URL_RE)
from framing.core.types import Match, Sentence
from framing.text.parse import ParsedDocument

_NUMBER_RE = re.compile(r"\d")
_QUESTION_RE = re.compile(r"\?[\s\"'\u201d\u2019)]*$")
_FINAL_RE = re.compile(r"[.!?\u2026][\s\"'\u201d\u2019)*]*$")
_CAP_RUN_RE = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*)*")
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,}\b")


class SentenceIndex:
    """The sentences of one parsed document, indexed by offset and by segment."""

    def __init__(self, parsed: ParsedDocument) -> None:
        self.sentences = parsed.sentences
        self._order = sorted(range(len(self.sentences)), key=lambda i: self.sentences[i].start)
        self._starts = [self.sentences[i].start for i in self._order]
        self._by_seg: dict[str, list[int]] = defaultdict(list)
        for i, sent in enumerate(self.sentences):
            self._by_seg[sent.seg_id].append(i)

    def at(self, pos: int) -> int:
        """Return the index of the sentence holding ``pos`` (or ending just before it), else -1.

        "Just before" is two characters: a footnote marker follows the full stop.
        """
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return -1
        i = self._order[k]
        return i if self.sentences[i].start <= pos <= self.sentences[i].end + 2 else -1

    def covered(self, seg_id: str, lo: int, hi: int) -> list[int]:
        """Return the indices of ``seg_id``'s sentences with at least ``COVER_MIN`` of their tokens in ``[lo, hi)``."""
        sents = self.sentences
        return [i for i in self._by_seg.get(seg_id, ())
                if sents[i].end > lo and sents[i].start < hi and coverage(sents[i], lo, hi) >= COVER_MIN]


def coverage(sent: Sentence, lo: int, hi: int) -> float:
    """Return the share of ``sent``'s tokens starting inside ``[lo, hi)``."""
    if not sent.tokens:
        return 0.0
    inside = sum(1 for a, _b in sent.tokens if lo <= a < hi)
    return inside / len(sent.tokens)


def is_factual(sent: Sentence, kind: str) -> bool:
    """Return True for a prose statement: not a question, heading or fragment (rules in docs)."""
    if kind not in STATEMENT_KINDS:
        return False
    body = sent.text.strip()
    if len(sent.tokens) < MIN_FACTUAL_TOKENS or _QUESTION_RE.search(body) or CORRECTION_RE.match(body):
        return False
    if kind != "comment" and not _FINAL_RE.search(body) and len(sent.tokens) <= HEADING_MAX_TOKENS:
        return False
    return True


def claim_reasons(text: str, matches: Iterable[Match]) -> list[str]:
    """Return why a sentence's ``text`` looks like a checkable claim: lexicon matches, numbers, names."""
    reasons = []
    hits = sorted({m.text for m in matches if m.category not in ATTRIBUTION_CATEGORIES})
    if hits:
        reasons.append("lexicon: " + ", ".join(hits[:4]))
    text = URL_RE.sub(" ", text)
    if _NUMBER_RE.search(text):
        reasons.append("number")
    names = [m.group(0) for m in _CAP_RUN_RE.finditer(text)]
    # A capitalised first word is grammar, not a name: drop it from its run.
    first = re.match(r"\W*([\w'\u2019-]+)", text)
    if names and first and names[0].split()[0] == first.group(1) and not _ACRONYM_RE.fullmatch(first.group(1)):
        rest = names[0].split(None, 1)
        names = ([rest[1]] if len(rest) > 1 else []) + names[1:]
    names = [n for n in names if n != "I"]
    if names:
        reasons.append("names: " + ", ".join(dict.fromkeys(names[:4])))
    return reasons
