"""A cheap language check: is a text English, and if not, which script or language is it?

The lexicons and the span model are English; a Russian or Ukrainian text
gets no matches, which looks like "no loaded language" unless someone says
why.  This check reads letters only: the share of Cyrillic letters, the
letters that tell Ukrainian (і ї є ґ) from Russian (ы э ъ ё), and for Latin
text the share of tokens that are common English function words.
"""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[^\W\d_]+")
_ENGLISH_FUNCTION = frozenset(
    "the of and to in a is that for on with as by was are it at from be this have has an or not "
    "but which were said will their its they he his been would who also more".split())
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")
NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "cyrillic": "Cyrillic-script",
         "other": "not English"}


def guess_language(text: str, sample: int = 20_000) -> str:
    """Return ``en``, ``ru``, ``uk``, ``cyrillic`` (undecided between the two) or ``other``; ``en`` when too short to tell."""
    head = text[:sample]
    letters = [c for c in head if c.isalpha()]
    if len(letters) < 40:
        return "en"
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyr / len(letters) > 0.3:
        low = head.lower()
        uk = sum(low.count(c) for c in _UK_ONLY)
        ru = sum(low.count(c) for c in _RU_ONLY)
        if uk > 2 * ru and uk >= 3:
            return "uk"
        if ru > 2 * uk and ru >= 3:
            return "ru"
        return "cyrillic"
    words = [w.lower() for w in _WORD_RE.findall(head)]
    if len(words) >= 30 and sum(w in _ENGLISH_FUNCTION for w in words) / len(words) < 0.08:
        return "other"
    return "en"


def language_note(text: str) -> str:
    """Return a one-line note when ``text`` is not English (else ``""``), saying why results will be empty."""
    lang = guess_language(text)
    if lang == "en":
        return ""
    return (f"text looks {NAMES[lang]}, not English: the lexicons and span model are English-only, "
            "so few or no spans are found (not a sign of neutral text)")
