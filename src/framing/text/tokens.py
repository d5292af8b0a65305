"""Word tokens with character offsets, and their normalized forms.

This is the single place that decides what a "word" is and how it is
normalized, so the lexicon compiler and the matcher always agree.

* A token is a run of letters/digits, optionally joined by inner hyphens or
  apostrophes (``pseudo-diplomatic``, ``so-called``, ``Pyongyang's`` stays one
  token ``pyongyang's``).  Punctuation is not tokenized: quotes and sentence
  punctuation are handled by offsets elsewhere.
* The normalized form is the Snowball (Porter2) stem of the lower-cased token,
  cached per distinct token, because news vocabulary is Zipfian and stemming
  each occurrence would dominate run time.
"""

from __future__ import annotations

import re
from typing import Any
from functools import lru_cache

# Inner hyphen / apostrophe (straight or curly) joins word pieces.
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")

_STEMMER = None


def load_stemmer() -> object:
    """Return nltk's English Snowball stemmer, importing nltk on first use.

    Importing nltk takes 1-2 s (its ``__init__`` pulls in scipy), which
    every ``framing`` command paid at start even when it stems nothing
    (``--help``, ``store info``).  The batch runner calls this before it
    forks worker processes, so they inherit the loaded module.
    """
    global _STEMMER
    if _STEMMER is None:
        from nltk.stem.snowball import SnowballStemmer
        _STEMMER = SnowballStemmer("english")
    return _STEMMER


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the word tokens in ``text[start:end]``.

    Offsets are absolute positions in ``text``.
    """
    if end is None:
        end = len(text)
    return [m.span() for m in TOKEN_RE.finditer(text, start, end)]


@lru_cache(maxsize=500_000)
def normalize(token: str) -> str:
    """Return the normalized (lower-cased, Snowball-stemmed) form of one token.

    Curly apostrophes are folded to straight ones first so that ``Russia’s``
    and ``Russia's`` normalize alike.
    """
    low = token.lower().replace("\u2019", "'")
    if low.endswith("'s"):
        low = low[:-2]
    stemmer: Any = _STEMMER or load_stemmer()
    return str(stemmer.stem(low))


def fold(token: str) -> str:
    """Return the lower-cased surface form with curly apostrophes folded (no stemming)."""
    return token.lower().replace("\u2019", "'")
