"""English wording for neutral rewrites: inflect a lexicon alternative to fit the match, fix "a"/"an", splice.

Regular spelling rules only (``s``, ``ing``, ``ed``); where the lexicon's base
form already carries an ending the match lacks, the alternative is left as
written rather than guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from framing.core.types import Match
from framing.text.tokens import TOKEN_RE

if TYPE_CHECKING:
    from framing.detect.lexicon import Entry


def _pattern_base(pattern: str) -> str:
    """Return the lexicon pattern's last word without its markers (``=``, ``*``), lower-cased."""
    last = pattern.split()[-1] if pattern.split() else pattern
    return last.lstrip("=").rstrip("*").lower()


def _inflect(word: str, form: str) -> str:
    """Return ``word`` in ``form`` (``s``, ``ing``, ``ed``) by regular English spelling rules."""
    w = word
    if form == "s":
        if re.search(r"(s|x|z|ch|sh)$", w):
            return w + "es"
        if re.search(r"[^aeiou]y$", w):
            return w[:-1] + "ies"
        return w + "s"
    if form == "ing":
        if w.endswith("ie"):
            return w[:-2] + "ying"
        if w.endswith("e") and not w.endswith("ee"):
            return w[:-1] + "ing"
        return w + "ing"
    if form == "ed":
        if w.endswith("e"):
            return w + "d"
        if re.search(r"[^aeiou]y$", w):
            return w[:-1] + "ied"
        return w + "ed"
    return w


def _form_of(matched_word: str, base: str) -> str:
    """Return the inflection of ``matched_word`` relative to the lexicon's ``base`` ('' if none or unsure)."""
    m, b = matched_word.lower(), base.lower()
    k = 0
    while k < min(len(m), len(b)) and m[k] == b[k]:
        k += 1
    rest, suffix = b[k:], m[k:]
    if rest == "y" and suffix in ("ies", "ied"):
        return "s" if suffix == "ies" else "ed"
    if rest not in ("", "e"):
        # the base itself carries an ending the match lacks (devastating -> devastated):
        # inflecting the alternative would guess wrong, so leave it alone
        return ""
    if suffix in ("s", "es"):
        return "s"
    if suffix == "ing":
        return "ing"
    if suffix in ("ed", "d"):
        return "ed"
    return ""


def neutral_for(m: Match, entry: "Entry | None", text: str, sent_start: int) -> str | None:
    """Return the neutral wording for match ``m`` (case and inflection matched), or None if the lexicon has none.

    The first of several alternatives ("capture; seize") is used.  A marker
    prefix pattern (``pseudo-*``, ``quasi-*``) with no alternative is dropped,
    since the rest of the word is the neutral description.
    """
    alt = (entry.neutral_alternative or "").split(";")[0].strip() if entry else ""
    if not alt:
        pat = entry.pattern if entry else ""
        if pat.endswith("-*") and " " not in pat:
            prefix = pat[:-1]
            if m.text.lower().startswith(prefix.lower()) and len(m.text) > len(prefix):
                return m.text[len(prefix):]
        return None
    words = TOKEN_RE.findall(m.text)
    form = _form_of(words[-1], _pattern_base(entry.pattern)) if words and entry else ""
    if form:
        parts = alt.split(" ")
        # plural inflects the head noun (last word); verb endings the verb (first word)
        i = len(parts) - 1 if form == "s" else 0
        parts[i] = _inflect(parts[i], form)
        alt = " ".join(parts)
    if _is_name_like(m.text) and alt[:1].islower() and form != "s":
        # "WW3" is a name and takes no article; "wider war" is a common noun and
        # needs one ("Looks like a wider war is back on the menu")
        prev = re.findall(r"[A-Za-z']+", text[max(0, m.start - 30):m.start])
        if not prev or prev[-1].lower() not in _DETERMINERS:
            alt = f"{article_for(alt)} {alt}"
    if m.start == sent_start:
        # sentence-initial words are capitalised; elsewhere the alternative keeps
        # the lexicon's case (proper nouns there are already capitalised)
        alt = alt[:1].upper() + alt[1:]
    return alt


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
                          "our", "your", "my", "any", "no", "every", "each", "some"})


def _is_name_like(text: str) -> bool:
    """True for acronyms and code names ("WW3", "SMO") that read as names without an article."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]+", text.strip()))


def article_for(word: str) -> str:
    """Return "a" or "an" for the word that follows it (by sound, with the common exceptions)."""
    w = word.lower()
    if re.match(r"(uni|use|usu|eu|one|once|ukr)", w):
        return "a"
    if re.match(r"(hour|honest|honou?r|heir)", w):
        return "an"
    return "an" if w[:1] in "aeiou" else "a"


def model_rewrite(text: str, replacements: Iterable[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Return ``text`` with each ``(start, end, new)`` span replaced, and the spans of the new words in the result.

    "a"/"an" before a replacement is fixed to suit it ("an invincible military
    brotherhood" -> "a military alliance"); an empty replacement drops the
    word and the space before it.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for s, e, new in sorted(replacements):
        before = text[pos:s]
        if not new:
            before = before.rstrip(" ") if before.endswith(" ") else before
        out.append(before)
        if new:
            done = "".join(out)
            art = re.search(r"\b([Aa]n?)(\s+)$", done)
            if art is not None:
                want = article_for(new)
                want = want.capitalize() if art.group(1)[0] == "A" else want
                done = done[:art.start(1)] + want + done[art.end(1):]
                out = [done]
            start = len(done)
            out.append(new)
            spans.append((start, start + len(new)))
        pos = e
    out.append(text[pos:])
    return "".join(out), spans
