"""Sentences that are not article text and never go into a passage: page chrome, captions, fragments, other languages.

The vocabulary of chrome (teasers, captions, credits, player errors) is the
researcher-edited ``lexicons/text/page_chrome.csv`` the claim stage uses too
(:func:`framing.analyze.claims.chrome.is_chrome`).  On top of it, shape rules
catch what no word list can: the ``date YYYY-MM-DD`` line a crawler prepends,
a line of capitals or digits ("TERRY", "000"), a fragment with hardly any
words, and a sentence that is not English.
"""

from __future__ import annotations

import re

from framing.analyze.claims.chrome import is_chrome
from framing.text.language import guess_language

_DATE_LINE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")
#: A passage sentence has at least this many words.
MIN_WORDS = 4


#: How a whole sentence ends (a line without it is a headline, a caption or a cut-off excerpt).
FINAL = tuple('.!?"”’)…')


def is_passage_chrome(text: str, comment: bool = False) -> bool:
    """Return True when a sentence must not be shown as passage text (chrome, a fragment, not English).

    Outside forum comments a passage sentence must end like a sentence: a
    line without final punctuation is a headline, a caption or where a
    stored excerpt was cut off.
    """
    body = " ".join(text.split())
    if body and not comment and not body.endswith(FINAL):
        return True
    if not body or _DATE_LINE.match(body) or is_chrome(body):
        return True
    words = _WORD.findall(body)
    if len(words) < MIN_WORDS:
        return True  # "TERRY", "000", a lone byline or a label
    if sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words):
        return True  # Title Case Words: a headline or a caption run into the text
    lower = [w for w in words if not w.isupper()]
    if len(lower) < MIN_WORDS:
        return True  # a run of capitals: a kicker, a caption label, a byline
    if sum(1 for c in body if c.isalpha() and "\u0400" <= c <= "\u04ff") > 3:
        return True  # Cyrillic inside an English text: a quoted post the student cannot read
    letters = sum(1 for c in body if c.isalpha())
    return letters >= 40 and guess_language(body) != "en"
