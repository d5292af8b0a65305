"""English wording for neutral rewrites: inflect a lexicon alternative to fit the match, fix "a"/"an", splice.

Inflection comes from lemminflect (its tables ship in the wheel; nothing is
downloaded): the match's part of speech and tag are read, and the
alternative's head word is given the same tag.  Where that is not one safe
reading, the item is skipped rather than guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from framing.core.types import Match
from framing.text.tokens import TOKEN_RE

if TYPE_CHECKING:
    from framing.detect.lexicon import Entry


#: Tags whose form is the lemma itself: no inflection to apply.
_BASE_TAGS = frozenset({"NN", "NNP", "VB", "VBP", "JJ", "RB"})


def word_forms(word: str) -> set[tuple[str, str]]:
    """Return the ``(upos, Penn tag)`` readings of ``word`` that lemminflect knows (empty when it is unknown)."""
    from lemminflect import getAllInflections, getAllLemmas
    w = word.lower()
    out: set[tuple[str, str]] = set()
    for upos, lemmas in getAllLemmas(w).items():
        for lemma in lemmas:
            for tag, forms in getAllInflections(lemma, upos).items():
                # the first form is the regular one; later ones are variants
                # ("authority" is listed as a plural of itself, for mass use)
                if forms and forms[0] == w:
                    out.add((upos, tag))
            if lemma == w:
                out.add((upos, {"NOUN": "NN", "VERB": "VB", "ADJ": "JJ"}.get(upos, "RB")))
    return out


def _head_index(words: list[str], upos: str) -> int:
    """Return which word of a phrase carries the inflection: a verb phrase's first, a noun or adjective phrase's last."""
    return 0 if upos == "VERB" else len(words) - 1


def _inflect_head(alt: str, upos: str, tag: str) -> str | None:
    """Return the alternative with its head word in ``upos``/``tag`` (None when lemminflect cannot do it safely)."""
    from lemminflect import getAllLemmas, getInflection
    words = alt.split(" ")
    i = _head_index(words, upos)
    head = words[i]
    if tag in _BASE_TAGS or (upos, tag) in word_forms(head):
        return alt  # nothing to add, or the lexicon already wrote that form ("Russian forces" for "occupiers")
    lemmas = getAllLemmas(head.lower()).get(upos)
    if not lemmas or lemmas[0] != head.lower():
        return None  # the head is already inflected ("forces") or unknown ("far-right"): do not guess
    forms = getInflection(lemmas[0], tag)
    if not forms:
        return None
    words[i] = forms[0]
    return " ".join(words)


_AUX = frozenset({"has", "have", "had", "having", "was", "were", "is", "are", "be", "been", "being", "get", "got"})


def inflect_like(matched: str, alt: str, before: str = "") -> str | None:
    """Return ``alt`` inflected like the matched phrase, or None when no single safe reading exists.

    The matched phrase's head (the first word of a verb phrase, else the last
    word) is read with lemminflect; the alternative's head must have the same
    part of speech ("liberation", a noun, is never replaced by the verb "take
    control of") and gets the same tag ("liberated" -> "took control of").
    Several readings that give different results are ambiguous: None.
    Unknown words (hyphenated labels such as "neo-Nazis") count as nouns,
    plural when they end in -s, and are replaced only when the alternative
    needs no new ending or its head is a noun lemminflect can pluralise.
    """
    words = TOKEN_RE.findall(matched)
    if not words:
        return None
    alt_words = alt.split(" ")
    readings: set[tuple[str, str]] = set()
    first = word_forms(words[0])
    if len(words) > 1 and any(u == "VERB" and t != "VB" for u, t in first):
        readings = {(u, t) for u, t in first if u == "VERB"}
    elif len(words) == 1 and (("VERB", "VBD") in first or ("VERB", "VBN") in first):
        # "liberated": a participle after an auxiliary ("was liberated"), an
        # adjective after a determiner ("the liberated city": no verb phrase
        # fits there), else a past tense
        prev = [w.lower() for w in re.findall(r"[A-Za-z']+", before)]
        if prev and prev[-1] in _DETERMINERS:
            return None
        readings = {("VERB", "VBN" if prev and prev[-1] in _AUX else "VBD")}
    else:
        last = words[-1]
        readings = word_forms(last.split("-")[-1] if "-" in last and not word_forms(last) else last)
        if not readings:
            readings = {("NOUN", "NNS" if last.endswith("s") and not last.endswith("ss") else "NN")}
    if len(alt_words) > 1 and ("VERB", "VB") in word_forms(alt_words[0]) and not any(u == "VERB" for u, _ in readings):
        return None  # a verb phrase ("take control of") cannot stand for a noun ("liberation")
    results = set()
    for upos, tag in readings:
        head = alt_words[_head_index(alt_words, upos)].lower()
        head_pos = set(_lemma_pos(head)) or ({"NOUN", "ADJ"} if upos in ("NOUN", "ADJ") else set())
        if upos not in head_pos and not (upos in ("NOUN", "ADJ") and head_pos & {"NOUN", "ADJ"}
                                         and tag in _BASE_TAGS):
            continue
        got = _inflect_head(alt, upos, tag)
        if got is not None:
            results.add(got)
    return results.pop() if len(results) == 1 else None


def _lemma_pos(word: str) -> list[str]:
    from lemminflect import getAllLemmas
    return list(getAllLemmas(word))


def neutral_for(m: Match, entry: "Entry | None", text: str, sent_start: int) -> str | None:
    """Return the neutral wording for match ``m`` (case and inflection matched), or None when there is no safe one.

    The first of several alternatives ("capture; seize") is used.  None when
    the lexicon has no alternative (a marker such as "pseudo-" is never just
    dropped: "pseudo-diplomatic" -> "diplomatic" would say the opposite), or
    when the alternative cannot be fitted to the match (see :func:`inflect_like`).
    A word the text repeats just before the match ("Russian occupiers" ->
    "Russian forces", not "Russian Russian forces") is not said twice.
    """
    alt = (entry.neutral_alternative or "").split(";")[0].strip() if entry else ""
    if not alt or not entry:
        return None
    matched, possessive = m.text, ""
    pm = re.search(r"['’]s?$", matched)
    if pm is not None and len(matched) > len(pm.group()):
        # "Kiev's forces" -> "Kyiv's forces": the possessive stays, on the new wording
        matched, possessive = matched[:pm.start()], pm.group()
    fitted = inflect_like(matched, alt, text[max(0, m.start - 30):m.start])
    if fitted is None:
        return None
    alt = fitted
    prev = re.findall(r"[\w'-]+", text[max(0, m.start - 40):m.start])
    alt_words = alt.split(" ")
    if prev and len(alt_words) > 1 and alt_words[0].lower() == prev[-1].lower():
        alt = " ".join(alt_words[1:])
    if _is_name_like(m.text) and alt[:1].islower() and not m.text.endswith("s"):
        # "WW3" is a name and takes no article; "wider war" is a common noun and
        # needs one ("Looks like a wider war is back on the menu")
        if not prev or prev[-1].lower() not in _DETERMINERS:
            alt = f"{article_for(alt)} {alt}"
    if m.start == sent_start or (m.text[:1].isupper() and not _is_name_like(m.text)
                                 and text[max(0, m.start - 2):m.start].strip() in ("", ".", "“", '"')
                                 and m.start == sent_start):
        # sentence-initial words are capitalised; elsewhere the alternative keeps
        # the lexicon's case (proper nouns there are already capitalised)
        alt = alt[:1].upper() + alt[1:]
    if possessive:
        alt += possessive if not (possessive in ("'", "’") or alt.endswith("s")) else possessive[:1]
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
