"""English stop words, from scikit-learn, loaded on first use.

scikit-learn (with scipy) takes about a second to import; every ``framing``
command used to pay it at start because two modules read the list at import
time.  Now only the code that filters words loads it.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """Return scikit-learn's English stop-word list (318 words) as a frozenset."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    return frozenset(ENGLISH_STOP_WORDS)
