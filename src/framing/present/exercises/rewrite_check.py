"""Checks a model rewrite must pass before it goes into a key: no doubled words, no broken words, quotes untouched, meaning kept.

:func:`rewrite_defects` reads a passage, the edits a rewrite makes and the
result, and returns one line per defect:

* ``doubled``: a word said twice in a row that the original did not double
  ("Russian Russian forces");
* ``non-word``: a word of the new wording that English does not use (not
  in lemminflect's tables and rare in wordfreq: "authoritieses", "taked");
* ``in quote``: an edit inside quotation marks (a quote must stay what the
  person said, and a scare quote is the thing students are to notice);
* ``meaning``: an edit that only deletes words or a marker ("pseudo-diplomatic"
  -> "diplomatic" says the opposite), or turns a negation or marker around.

The rewrite exercise drops every edit with a defect, and the whole exercise
when the edits left still produce one.
"""

from __future__ import annotations

import re
from typing import Sequence

from wordfreq import zipf_frequency

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: Quotation marks, straight and typographic, double and single (a single
#: quote counts only when it is not an apostrophe inside a word).
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|‘[^’\n]*’(?![a-z])|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])")
#: Words and prefixes whose loss or gain turns a statement around.
_MARKERS = ("pseudo", "quasi", "so-called", "self-proclaimed", "self-styled", "not", "no", "never", "non",
            "anti", "fake", "sham", "mock", "alleged", "would-be", "un")


#: Below this wordfreq Zipf frequency a word lemminflect does not know is taken for a
#: broken form ("taked" is 1.4: a typo that occurs; "took" is 5.5, "Luhansk" 2.6).
NON_WORD_ZIPF = 2.0


def is_word(word: str) -> bool:
    """Return True when ``word`` is English: each hyphen part known to lemminflect or common enough in wordfreq."""
    from lemminflect import getAllLemmas
    for part in (p for p in re.split(r"[-’']", word) if p):
        low = part.lower()
        if low in ("s",) or zipf_frequency(low, "en") >= NON_WORD_ZIPF:
            continue
        if not getAllLemmas(low):
            return False
    return True


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of ``text`` inside quotation marks (marks included)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _doubled(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {a for a, b in zip(words, words[1:]) if a == b and len(a) > 1}


def _markers(text: str) -> list[str]:
    low = text.lower()
    return [m for m in _MARKERS if re.search(rf"(?<![a-z]){re.escape(m)}(?:\b|-)", low)]


def rewrite_defects(original: str, edits: Sequence[tuple[int, int, str]], rewritten: str,
                    quoted: Sequence[tuple[int, int]] | None = None) -> list[str]:
    """Return the defects of a rewrite: ``original`` with ``edits`` ``(start, end, new)`` gives ``rewritten``.

    ``quoted`` are the spans of ``original`` that must not change (default:
    everything inside quotation marks).  An empty list means no defect found.
    """
    out: list[str] = []
    quotes = list(quoted) if quoted is not None else quoted_spans(original)
    known_doubles = _doubled(original)
    for w in sorted(_doubled(rewritten) - known_doubles):
        out.append(f"doubled: “{w} {w}”")
    original_words = {w.lower() for w in _WORD.findall(original)}
    for s, e, new in edits:
        old = original[s:e]
        if any(qs < e and s < qe for qs, qe in quotes):
            out.append(f"in quote: “{old}” is inside quotation marks")
        for i, w in enumerate(_WORD.findall(new)):
            if w[:1].isupper() and (i > 0 or old[:1].isupper()):
                continue  # a name the lexicon wrote ("Odesa"): inflection never touches it
            if w.lower() not in original_words and not is_word(w):
                out.append(f"non-word: “{w}”")
        n_old, n_new = old.strip().lower(), new.strip().lower()
        if not n_new or (n_old != n_new and n_old.endswith(n_new)):
            out.append(f"meaning: “{old}” -> “{new}” only deletes words")
        lost = set(_markers(old)) - set(_markers(new))
        gained = set(_markers(new)) - set(_markers(old))
        if lost & {"not", "no", "never", "non", "un"} or gained:
            out.append(f"meaning: “{old}” -> “{new}” changes a negation or a marker")
        names_old = {w for w in _WORD.findall(old) if w[:1].isupper()}
        added = [w for w in _WORD.findall(new) if w[:1].isupper() and w.lower() not in original_words
                 and not any(w.lower().startswith(x.lower()[:4]) for x in names_old)]
        if added and not names_old and s > 0:
            # "Taiwan independence separatists" -> "Russian-backed forces": the
            # lexicon's wording names an actor this passage does not
            out.append(f"meaning: “{new}” names {', '.join(added)}, which the passage does not")
        # "unlawful" -> "lawful": a negating prefix dropped from the same word
        if re.match(r"(?:un|non-?|in|il|im|ir|dis)", n_old) and n_new and n_old.endswith(n_new):
            out.append(f"meaning: “{old}” -> “{new}” drops a negating prefix")
    return list(dict.fromkeys(out))
