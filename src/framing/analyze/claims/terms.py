"""Claim terms: normalized unigrams, bigrams and registry phrases, never across clause punctuation.

The same terms feed the claim vectorizer (:class:`TermAnalyzer`), the
registry checks (:func:`phrase_key`) and the reports that show surface forms
(:func:`terms_with_surfaces`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from framing.text.stopwords import english_stop_words
from framing.text.tokens import TOKEN_RE, fold, normalize


def _stream(text: str, start: int = 0, end: int | None = None, split_compounds: bool = True
            ) -> list[tuple[str, int, int]]:
    """Return ``(normalized, start, end)`` for the content words of ``text[start:end]``.

    Stop words (sklearn's English list, checked on the folded surface form and
    on the form without a possessive) and one-letter words (the pieces of
    ``U.S.`` or ``D.P.R.K.``) are dropped; numbers are kept (2023 vs 2024
    matters here).
    """
    out: list[tuple[str, int, int]] = []
    stop_words = english_stop_words()
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        tok = m.group()
        if split_compounds and ("-" in tok or "'" in tok or "\u2019" in tok):
            # Split on hyphens only; an apostrophe part like "s" is dropped below.
            pieces = []
            pos = s
            for part in tok.split("-"):
                pieces.append((part, pos, pos + len(part)))
                pos += len(part) + 1
        else:
            pieces = [(tok, s, e)]
        for part, ps, pe in pieces:
            low = fold(part)
            if low.endswith("'s"):
                low = low[:-2]
            if not low or low in stop_words or (len(low) == 1 and not low.isdigit()):
                continue
            out.append((normalize(part), ps, pe))
    return out


# Punctuation that ends a phrase: n-grams never span it ("Pyongyang, said"
# is not a bigram).  Quotes are not here: "so-called "missions"" is a phrase.
_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\u2014\u2013\n]")


def _runs(text: str, split_compounds: bool = True) -> list[list[tuple[str, int, int]]]:
    """Return the content words of ``text`` grouped into runs not broken by clause punctuation."""
    runs: list[list[tuple[str, int, int]]] = []
    prev_end = None
    for tok in _stream(text, split_compounds=split_compounds):
        if prev_end is None or _BREAK_RE.search(text, prev_end, tok[1]):
            runs.append([])
        runs[-1].append(tok)
        prev_end = tok[2]
    return runs


def _grams(text: str, split_compounds: bool = True, phrases: frozenset = frozenset(),
           lengths: Sequence[int] = ()) -> list[tuple[str, int, int]]:
    """Return ``(term, start, end)`` for unigrams, bigrams and the listed longer phrases."""
    out: list[tuple[str, int, int]] = []
    for run in _runs(text, split_compounds):
        out.extend(run)
        out.extend((f"{a[0]} {b[0]}", a[1], b[2]) for a, b in zip(run, run[1:]))
        for n in lengths:
            for i in range(len(run) - n + 1):
                gram = tuple(t for t, _, _ in run[i:i + n])
                if gram in phrases:
                    out.append((" ".join(gram), run[i][1], run[i + n - 1][2]))
    return out


def sentence_terms(text: str, split_compounds: bool = True) -> list[str]:
    """Return the unigram and bigram terms of ``text`` (bigrams joined by a space).

    Normalized tokens, stop words removed first, then bigrams of the
    remaining neighbours (what ``TfidfVectorizer(ngram_range=(1, 2),
    stop_words="english")`` does, but on :mod:`framing.text.tokens` forms and
    never across clause punctuation).
    """
    return [t for t, _, _ in _grams(text, split_compounds)]


def terms_with_surfaces(text: str, split_compounds: bool = True) -> list[tuple[str, str]]:
    """Return ``(term, surface)`` for the unigrams and bigrams of ``text``.

    ``term`` is what :func:`sentence_terms` yields; ``surface`` is the text it
    came from, whitespace collapsed (``"visit to Pyongyang"`` for the bigram
    ``visit pyongyang``), so reports can show words a reader recognises.
    """
    return [(t, " ".join(text[s:e].split())) for t, s, e in _grams(text, split_compounds)]


def surface_forms(texts: Iterable[str], split_compounds: bool = True) -> dict[str, str]:
    """Return the most frequent surface form of every term in ``texts`` (ties: first seen)."""
    counts: dict[str, Counter] = {}
    for text in texts:
        for term, surf in terms_with_surfaces(text, split_compounds):
            counts.setdefault(term, Counter())[surf] += 1
    return {t: c.most_common(1)[0][0] for t, c in counts.items()}


def phrase_key(term: str) -> tuple[str, ...]:
    """Return the normalized content words of a key term (``"Putin's visit to Pyongyang"`` -> putin, visit, pyongyang)."""
    return tuple(t for t, _, _ in _stream(term))


class TermAnalyzer:
    """The claim vectorizer's analyzer: unigrams, bigrams and the registry's longer phrases.

    A key term of three or more content words (``North Korean troops``)
    becomes one feature that is emitted only when the whole phrase occurs, so
    it does not leak its generic pieces (``north korean``) into the claim.
    A class rather than a closure so a fitted model can be pickled.
    """

    def __init__(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self.phrases = frozenset(p for p in phrases if len(p) >= 3)
        self.lengths = sorted({len(p) for p in self.phrases})

    def __call__(self, text: str) -> list[str]:
        return [t for t, _, _ in _grams(text, True, self.phrases, self.lengths)]


def key_term_feature(term: str) -> str:
    """Return the one feature a key term stands for: its unigram, bigram or whole phrase."""
    return " ".join(phrase_key(term))
