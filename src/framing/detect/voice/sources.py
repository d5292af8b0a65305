"""Source phrases (rule 2): who a subject or "according to" phrase is, and titled persons.

:func:`classify_source` turns a noun phrase into a :class:`~framing.detect.voice.records.Source`:
vague (a word of ``voice/vague_sources.csv``), an organisation (a head of
``voice/heads.csv``, an acronym), a titled person ("Foreign Minister Choe
Son-hui", titles from ``voice/titles.csv``), a description resolved to the
latest matching titled person ("the minister"), a bare name resolved to a
titled person's surname, or a pronoun resolved to an antecedent (never to a
place of ``gazetteer/places.csv``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from framing.core.types import Segment
from pathlib import Path

from framing.detect.outlets import OutletList, load_outlets
from framing.detect.voice.patterns import (
    APOS_FOLD,
    MAX_SOURCE_WORDS,
    OBJECT_PRONOUNS,
    ON_SWITCH,
    POSSESSIVE_RE,
    PRONOUNS,
    SPACE_RE,
    TITLE_PREFIX_RE,
    V,
    norm,
)
from framing.detect.voice.records import Antecedents, Source



@dataclass
class _Person:
    """One titled-person mention ("Foreign Minister Choe Son-hui")."""

    pos: int
    name: str
    title: str
    gender: str


class Persons:
    """Titled persons of one document: mentions by position and surname aliases."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]]) -> None:
        self.mentions: list[_Person] = []
        self.alias: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        for s, e in spans:
            for m in V.HEAD_NAME_RE.finditer(text, s, e):
                name = POSSESSIVE_RE.sub("", m.group("name")).translate(APOS_FOLD)
                if not _is_person_name(name):
                    continue
                ts = m.start()
                pre = TITLE_PREFIX_RE.search(text, max(s, ts - 80), ts)
                if pre:
                    ts = pre.start()
                title = SPACE_RE.sub(" ", text[ts:m.start("name")]).strip()
                words = {w.lower().rstrip(".") for w in title.split()}
                gender = "m" if words & V.MALE_TITLES else "f" if words & V.FEMALE_TITLES else ""
                self.mentions.append(_Person(m.start("name"), name, title, gender))
                if gender:
                    self.gender.setdefault(name, gender)
                self.alias[name.lower()] = name
                for tok in name.split():
                    if len(tok) >= 3:
                        self.alias[tok.lower()] = name
        self.mentions.sort(key=lambda p: p.pos)
        self._positions = [p.pos for p in self.mentions]

    def before(self, pos: int, lo: int) -> Iterator[_Person]:
        """Yield the titled-person mentions in ``[lo, pos)``, most recent first."""
        i = bisect_right(self._positions, pos - 1)
        while i > 0 and self.mentions[i - 1].pos >= lo:
            i -= 1
            yield self.mentions[i]

    def lookup(self, phrase: str) -> str:
        """Return the full name for a bare name or surname in ``phrase``, else ""."""
        toks = [t for t in phrase.split() if t[:1].isupper()]
        if not toks:
            return ""
        full = " ".join(toks).lower()
        if full in self.alias:
            return self.alias[full]
        # Only the last word: "President Putin" -> Putin; an organisation
        # that merely contains a name token does not become the person.
        return self.alias.get(POSSESSIVE_RE.sub("", toks[-1]).lower(), "")



def classify_source(chunk: str, pos: int, persons: Persons,
                     cands: Antecedents, seg: Segment) -> Source | None:
    """Return the classified source for a subject/prepositional noun phrase, or None."""
    shape = _source_shape(chunk)
    if shape is None:
        return None
    kind = shape[0]
    if kind == "src":
        if shape[1].kind == "org" and shape[1].text[:4].lower() == "the ":
            return _resolve_org_description(shape[1], pos, persons, cands)
        return shape[1]
    if kind == "pronoun":
        return _resolve_pronoun(shape[1], shape[2], pos, persons, cands, seg)
    if kind == "person":  # titled name in the phrase: "Foreign Minister Choe"
        _, chunk, name = shape
        return Source(chunk, "person", name, True, persons.gender.get(name, ""))
    if kind == "description":  # "the minister": the latest matching titled person
        _, chunk, low, gender = shape
        name = _resolve_description(low, pos, persons)
        return Source(chunk, "person", name or chunk, True, persons.gender.get(name, gender))
    # kind == "caps": a bare name is a person when the document titled them.
    _, chunk, last_upper = shape
    name = persons.lookup(chunk)
    if name and last_upper:
        return Source(chunk, "person", name, True, persons.gender.get(name, ""))
    return Source(chunk, "name", _label(chunk), True)


def _resolve_org_description(src: Source, pos: int, persons: Persons, cands: Antecedents) -> Source:
    """Return "the newspaper" / "the Center" / "the head of state" resolved to the last compatible named source.

    What is compatible comes from ``voice/description_heads.csv``: a listed
    news outlet (``outlet``), a source whose name holds the head word
    (``same_head``: "the Center" -> Center for National Resistance), a named
    document (``document``) or a titled person (``title: president|...``).
    Unresolved descriptions keep their own label.
    """
    low = src.text.lower()
    if low.rsplit(None, 1)[-1] not in V.DESCRIPTION_HEADS and low[4:] not in V.DESCRIPTION_HEADS:
        return src  # most "the X" sources are no description (the hot path)
    toks = src.text.split()[1:]
    rest = " ".join(toks).lower()
    rule = V.DESCRIPTION_HEADS.get(rest) or V.DESCRIPTION_HEADS.get(toks[-1].lower() if toks else "")
    if not rule or (toks[-1][:1].isupper() and len(toks) > 1):
        return src  # "the Russian Foreign Ministry" is a name; "the Center", "the British newspaper" are not
    head = toks[-1].lower()
    mods = [t.lower() for t in toks[:-1] if t.lower() not in V.DETERMINERS] if rest not in V.DESCRIPTION_HEADS \
        else []
    if rule.startswith("title:"):
        titles = {t.strip() for t in rule.split(":", 1)[1].split("|")}
        for p in persons.before(pos, 0):
            if p.title and p.title.lower().split()[-1].rstrip(".") in titles:
                return Source(src.text, "person", p.name, True, persons.gender.get(p.name, p.gender))
        return src
    outlets = outlets_in_use() if rule == "outlet" else None
    for _cpos, c in cands.known(pos):
        if not c.resolved or c.kind not in ("org", "name") or c.text[:4].lower() == "the " and \
                c.text.lower() == src.text.lower():
            continue
        name = c.resolved
        low_name = name.lower()
        if not any(ch.isupper() for ch in name) or not all(w in low_name for w in mods):
            continue  # "the ministry" resolves to a name, and "the defence ministry" only to a defence one
        if rule == "outlet":
            o = outlets.resolve(name) if outlets is not None else None
            ok = o is not None and o.type in NEWS_OUTLET_TYPES
            name = o.name if ok and o is not None else name
        elif rule == "same_head":
            ok = head in name.lower().replace("-", " ").split()
        else:  # document
            ok = any(w in name.lower() for w in ("report", "document", "statement", "paper", "declaration"))
        if ok:
            return Source(src.text, "org", name, True)
    return src


@lru_cache(maxsize=8)
def _outlets_of(directory: str, _mtime: float) -> OutletList:
    return load_outlets(directory or None)


def outlets_in_use() -> OutletList:
    """Return ``outlets.csv`` of the voice rules' lexicon folder (cached per folder and edit)."""
    path = Path(V.directory or ".") / "outlets.csv"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _outlets_of(V.directory, mtime)


#: Outlet types a "the newspaper" / "the agency" description may stand for.
NEWS_OUTLET_TYPES = frozenset({"state_media", "wire", "independent_media"})


@lru_cache(maxsize=65536)
def _source_shape(chunk: str) -> tuple | None:
    """Return what a source phrase is before the document is consulted, or None for no source.

    ``("src", source)`` when the phrase alone decides (vague, organisation);
    otherwise what :func:`classify_source` still has to resolve against the
    document's persons and antecedents: ``("pronoun", low, surface)``,
    ``("person", chunk, name)``, ``("description", chunk, low_words, gender)``
    or ``("caps", chunk, last_word_capitalised)``.  Cached because news repeats
    its source phrases ("the ministry", "officials", "Kremlin spokesman
    Dmitry Peskov") across sentences and articles.
    """
    chunk = norm(chunk).translate(APOS_FOLD).strip(" ,")
    toks = chunk.split()
    # Drop discourse openers ("However the CNS") and subordinators ("While the agency").
    while len(toks) > 1 and (toks[0].lower().strip(",") in V.DISCOURSE_OPENERS
                             or toks[0].lower() in V.FUNCTION_OPENERS):
        toks = toks[1:]
    if len(toks) > 1 and toks[0][:1].isupper() and toks[1][:1].islower() and len(toks[0]) > 5 \
            and toks[0].lower().endswith(("ed", "ing")) and toks[0].lower() not in V.PERSON_HEADS:
        return None  # "Accompanied by ...", "Speaking at ...": a participle clause, not a name
    if not toks or len(toks) > MAX_SOURCE_WORDS:
        return None
    chunk = " ".join(toks)
    low = [t.lower().strip("()") for t in toks]
    if all(t in V.DETERMINERS or t in V.CONNECTORS for t in low):
        return None  # "The", "the other": no noun at all
    if len(toks) == 1 and OBJECT_PRONOUNS.get(low[0], low[0]) in PRONOUNS:
        return ("pronoun", OBJECT_PRONOUNS.get(low[0], low[0]), toks[0])
    if low[0] in ("we", "i", "you", "this", "that", "these", "those", "which", "who", "what"):
        return None
    if len(toks) == 1 and (low[0] in V.CONNECTORS or low[0] in V.DISCOURSE_OPENERS
                           or low[0] in V.FUNCTION_OPENERS):
        return None  # "As announced by ...": a sentence opener, not a subject
    head = _singular(POSSESSIVE_RE.sub("", low[-1]))
    last = toks[-1]
    first_ok = toks[0][:1].isupper() or toks[0][:1] == "(" or low[0] in V.DETERMINERS \
        or low[0] in V.VAGUE_SOURCE_WORDS
    last_ok = last[:1].isupper() or last.endswith(")") or head in V.PERSON_HEADS \
        or head in V.ORG_HEADS or head in V.VAGUE_SOURCE_WORDS
    if not last_ok or POSSESSIVE_RE.search(last):
        return None  # "Putin's claims": a possessive is not a subject
    pm = V.PERSON_RE.search(chunk)
    if pm and (not chunk.endswith(pm.group("name")) or not _is_person_name(pm.group("name"))):
        pm = None  # a modifier ("President Putin's website") or an org ("General Staff")
    known_head = head in V.VAGUE_SOURCE_WORDS or head in V.ORG_HEADS or head in V.PERSON_HEADS
    if not first_ok and pm is None and not (len(toks) <= 5 and known_head):
        return None
    # Lower-case words that are neither connectors nor nouns we know suggest a
    # clause, not a noun phrase ("Putin has neither confirmed nor denied the").
    loose = [t for t in toks if t.isalpha() and t.islower() and t not in V.CONNECTORS
             and t not in V.DETERMINERS and t not in V.VAGUE_SOURCE_WORDS and t not in V.PERSON_HEADS
             and t not in V.ORG_HEADS]
    if len(loose) > 4:
        return None
    if _is_vague(toks, low):
        return ("src", Source(chunk, "vague", "", False))
    if pm is not None:
        return ("person", chunk, POSSESSIVE_RE.sub("", pm.group("name")))
    if head in V.PERSON_HEADS:
        gender = "m" if head in V.MALE_TITLES else "f" if head in V.FEMALE_TITLES else ""
        return ("description", chunk, tuple(low), gender)
    if head in V.ORG_HEADS or any(_is_acronym(t) for t in toks) or "'" in chunk:
        return ("src", Source(chunk, "org", _label(chunk), True))
    if any(t[:1].isupper() and t.lower() not in V.DETERMINERS for t in toks):
        return ("caps", chunk, last[:1].isupper())
    return ("src", Source(chunk, "org", _label(chunk), True))


# The shapes depend on the word lists: forget them when another lexicon folder is used.
ON_SWITCH.append(_source_shape.cache_clear)


def _is_vague(toks: list[str], low: list[str]) -> bool:
    """Return True for a source nobody can check ("observers", "US officials",
    "sources close to the Kremlin"); "state media outlet KCNA" and "analysts
    at the ISW" end in a name and are named."""
    vague = [t for t in low if t in V.VAGUE_SOURCE_WORDS]
    if not vague:
        return False
    if any(t in V.ANONYMOUS_WORDS for t in vague):
        return True
    last = POSSESSIVE_RE.sub("", toks[-1]).strip("()")
    return not (last[:1].isupper() and last not in V.PLACE_WORDS
                and low.index(vague[0]) < len(low) - 1)


def _is_person_name(name: str) -> bool:
    """Return False when a "name" after a title is an organisation ("General Staff")."""
    return not any(t.lower() in V.ORG_HEADS or t.lower() in V.VAGUE_SOURCE_WORDS
                   for t in name.split())


def _singular(word: str) -> str:
    """Return a known head noun for a plural ("ministers" -> "minister"), else ``word``."""
    if word in V.PERSON_HEADS or word in V.ORG_HEADS or word in V.VAGUE_SOURCE_WORDS:
        return word
    for cut in (1, 2):
        w = word[:-cut]
        if word.endswith("s") and (w in V.PERSON_HEADS or w in V.ORG_HEADS):
            return w
    if word.endswith("ies") and word[:-3] + "y" in V.ORG_HEADS:
        return word[:-3] + "y"
    return word


def _resolve_description(low: list[str], pos: int, persons: Persons) -> str:
    """Return the latest titled person whose title holds the description's words, or ""."""
    words = [w for w in low if w not in V.DETERMINERS and w not in V.CONNECTORS]
    if not words:
        return ""
    head = _singular(words[-1])
    for p in persons.before(pos, 0):
        title = [w.rstrip(".") for w in p.title.lower().split()]
        # Same head ("the minister" ~ "Foreign Minister"), and every modifier
        # present ("the Russian President" ~ "Russian President").
        if title and title[-1] == head and all(w in title for w in words[:-1]):
            return p.name
    return ""


def _resolve_pronoun(pron: str, surface: str, pos: int, persons: Persons,
                     cands: Antecedents, seg: Segment) -> Source:
    """Return the source a pronoun refers to (rule 2); unresolved pronouns are not named."""
    want_person = pron in ("he", "she")
    gender = {"he": "m", "she": "f"}.get(pron, "")
    for _cpos, c in cands.walk(pos):
        if want_person:
            if c.kind == "pronoun" and c.resolved and c.gender in ("", gender):
                return _remember(Source(surface, "pronoun", c.resolved, True, gender), persons)
            if c.kind == "person" or (c.kind == "name" and not is_place(c.text)):
                g = persons.gender.get(c.resolved, c.gender)
                if g and g != gender:
                    continue
                return _remember(Source(surface, "pronoun", c.resolved, True, gender), persons)
        else:
            plural = c.kind == "person" and c.text.lower().endswith("s") and c.resolved == c.text
            if c.kind in ("org", "name", "vague") or plural \
                    or (c.kind == "pronoun" and pron == "they"):
                return Source(surface, "pronoun", c.resolved, bool(c.resolved) and c.named)
    if want_person:
        for p in persons.before(pos, seg.start):
            g = persons.gender.get(p.name, p.gender)
            if g and g != gender:
                continue
            return _remember(Source(surface, "pronoun", p.name, True, gender), persons)
    return Source(surface, "pronoun", "", False, gender)


def _remember(src: Source, persons: Persons) -> Source:
    """Record the gender a pronoun revealed so later she/he keep to the right person."""
    if src.resolved and src.gender:
        persons.gender.setdefault(src.resolved, src.gender)
    return src


def _is_acronym(tok: str) -> bool:
    t = tok.strip("()").rstrip(".,")
    return len(t) >= 2 and t.isupper() and t.isalpha()


def is_place(phrase: str) -> bool:
    return any(POSSESSIVE_RE.sub("", t) in V.PLACE_WORDS for t in phrase.split())


def _label(chunk: str) -> str:
    """Return a display label: "the CNS" -> "CNS"; descriptions keep their article."""
    toks = chunk.split()
    if len(toks) > 1 and toks[0].lower() == "the" and all(
            t[:1].isupper() or t[:1] == "(" or t.lower() in V.CONNECTORS for t in toks[1:]):
        return " ".join(toks[1:])
    return chunk
