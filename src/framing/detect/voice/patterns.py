"""Limits, compiled patterns and the word sets of the lexicon folder in use, shared by the voice rules.

Patterns that hold no word list are compiled at import.  Those built from
the word lists (the reporting-verb, participle, title and trigger patterns)
and the word sets themselves live on :data:`V`, which :func:`use` points at
one lexicon folder's :class:`~framing.detect.voice.words.VoiceWords`.  Each
folder's set is built once per process; :func:`use` is a dictionary look-up
when the folder has not changed, so no document pays for reading or
compiling anything.
"""

from __future__ import annotations

import os
import re
import time
from typing import Callable, Iterable

from framing.core.config import lexicons_dir
from framing.detect.voice.words import VoiceWords, load_words, word_files

# --------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------

#: A quote of at most this many words may be a scare quote; longer quotes
#: are almost always reported speech (rule 4).
SCARE_MAX_WORDS = 4

#: A quote in a list next to a scare quote is a scare quote up to this length
#: ("representative offices of foreign (international) organisations", 000).
LIST_SCARE_MAX_WORDS = 8

#: A phrase quoted this many times in one document is a term being held at a
#: distance, not a remark being reported (000: "diplomatic missions" x3).
REPEAT_MIN = 2

#: A sentence-opening quote with no frame inherits the previous sentence's
#: speaker only when it is at least this long: short free-standing quotes are
#: too often labels or headlines to assign to anybody (004).
INHERIT_MIN_WORDS = 5

#: Longest subject noun phrase accepted before a reporting verb, in words;
#: longer chunks are clauses, not sources.
MAX_SOURCE_WORDS = 12

#: Characters looked back from a reporting verb for its subject: a subject is
#: never longer, and the bound keeps the look-back O(1) per verb.
MAX_LOOKBACK_CHARS = 220

#: A pair of single quotes further apart than this is an apostrophe pair, not
#: a quotation (single quotes are used for short nested or headline quotes).
MAX_SINGLE_QUOTE_CHARS = 200

#: Frames further than this from a quote are not searched for its speaker:
#: frame contents stay within a sentence or (for "This was reported by X")
#: one paragraph, and the bound keeps speaker assignment linear.
FRAME_WINDOW_CHARS = 3000

#: How many sentence subjects one pronoun look-up may read in a chain of
#: pronoun subjects ("He ... He ... He"); it bounds recursion, and pronouns
#: rarely reach further back in news prose.
MAX_SUBJECT_LOOKBACK = 8

#: A pronoun looks back over at most this many candidate sources and
#: subjects (about 20-30 sentences) before falling back to titled persons:
#: antecedents are never that far away, and the bound keeps resolution linear.
MAX_ANTECEDENT_ITEMS = 60

#: A sentence subject is looked for after an introductory clause of at most
#: this many characters ("Speaking at a meeting with ... on Friday, Choe").
MAX_INTRO_CHARS = 160

PRONOUNS = frozenset({"he", "she", "they", "it"})
#: Object forms after a preposition ("According to him, ...") read as their subject forms.
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}


def alt(words: Iterable[str]) -> str:
    """Return a regex alternation matching exactly ``words``, factored as a trie.

    Python's ``re`` tries alternatives one by one; factoring common prefixes
    ("said|says|stated" -> "s(?:a(?:id|ys)|tated)") makes a 200-verb pattern
    several times faster.  Spaces inside phrases match any whitespace.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return build(trie)


# --------------------------------------------------------------------------
# Patterns without word lists
# --------------------------------------------------------------------------

OPEN_DQ = "\u201c\u201e\u201f\u00ab"      # “ „ ‟ «
CLOSE_DQ = "\u201d\u00bb"                 # ” »
DQ_RE = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
SQ_RE = re.compile("['\u2018\u2019\u201a]")
PARA_RE = re.compile(r"[^\n]+")
# Characters after which a straight quote opens / before which it closes.
OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/\u201c\u2018")
CLOSE_AFTER = set(" \t\n.,;:!?)]}\u2014\u2013-\u2026\u201d\u2019*")
FINAL_PUNCT_RE = re.compile(r"[.!?\u2026](?:\s|$)|[.!?\u2026]\W*$")

# "according to X", "as reported by X", "as reported in English by X",
# "as quoted by X", "citing X", "in the words of X".
PREP_RE = re.compile(
    r"(?<![\w-])(?P<verb>[Aa]ccording\s+to|[Aa]s\s+(?:reported|quoted|cited|announced|stated|"
    r"noted|claimed|published|told|said|confirmed|described)(?:\s+in\s+[A-Z][a-z]+)?"
    r"\s+(?:by|in|to)|citing|[Ii]n\s+the\s+words\s+of)\s+")
# "This was reported in the Centre ...", "The attack was confirmed by TASS".
PASSIVE_RE = re.compile(
    r"(?<![\w-])(?P<verb>(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+"
    r"(?:reported|announced|stated|said|claimed|noted|confirmed|quoted|cited|published)"
    r"\s+(?:by|in))\s+")
# Impersonal frames: no source at all, so never named.  These constructions
# (and the trigger words below that mirror them) are grammar, not a word list.
IMPERSONAL_RE = re.compile(
    r"(?<![\w-])(?P<verb>[Ii]t\s+(?:is|was|has\s+been|had\s+been|will\s+be|can\s+be|may\s+be)"
    r"(?:\s+not)?(?:\s+(?:also|widely|generally|commonly|now))?\s+(?:believed|noted|reported|"
    r"said|claimed|alleged|known|expected|excluded|understood|thought|assumed|stated|argued|"
    r"feared|rumou?red|suggested|estimated|emphasi[sz]ed|stressed|pointed\s+out|"
    r"worth\s+noting|hoped|reckoned|considered))(?![\w-])")
# Clause boundaries when looking back from a verb for its subject.  An
# opening parenthesis that starts an acronym ("(CNR)") is part of a name.
BOUNDARY_RE = re.compile(
    r"[,;:\[\]\u201c\u201d\u201e\u00ab\u00bb\"\u2014\u2013]|\s-\s|\((?![A-Z][\w.\-]{0,12}\))"
    r"|(?<![A-Z.])\)|(?<![\w-])(?:that|which|who|whom|whose|and|but|while|when|as|because|after|"
    r"before|if|since|where|although|though|whereas|so|or)(?![\w-])")
AFTER_VERB_QUOTE_RE = re.compile("\\s*[,:]?\\s*[\"\u201c\u201e\u00ab\u2018']")
THAT_SOON_RE = re.compile(r"^(?:\s+[\w'\u2019-]+){0,6}?\s*,?\s+that\b")
END_RE = re.compile(r"^[\s\"'\u201d\u2019)]*(?:[.!?;\u2026][\s\"'\u201d\u2019)]*)?$")
NAME_TOKEN = r"[A-Z][\w'\u2019\-]+"
TITLE_PREFIX_RE = re.compile(r"(?:(?:[A-Z][\w'\u2019\-]*|of|for|the)\s+){1,5}$")
# A capitalised run at a position (subject at sentence start).
CAPRUN_RE = re.compile(
    r"(?:(?:[Tt]he)\s+)?(?:[A-Z][\w'\u2019.\-]*|\([A-Z][\w.\-]*\))"
    r"(?:\s+(?:(?:of|for|and|de|the)\s+)?(?:[A-Z][\w'\u2019.\-]*|\([A-Z][\w.\-]*\)))*")
# Noun phrase after "according to" / "by": up to punctuation, keeping
# "(CNR)" and dotted acronyms.
NP_AFTER_RE = re.compile(
    r"(?:[^,.;:!?()\u201c\u201d\"\u00ab\u00bb\n\u2014\u2013]|\([A-Z][\w.\-]{0,12}\)|\.(?=\w))+")
NP_STOP_RE = re.compile(
    r"\s(?:that|who|which|whose|on|in|at|last|this|during|when|while|after|before|as|"
    r"since|until|if|because|amid|with|without|was|were|is|are|has|have|had|said|says|"
    r"reported|told)\s")
IMPERSONAL_VERBS = ("believed noted reported said claimed alleged known expected excluded "
                    "understood thought assumed stated argued feared rumoured rumored suggested "
                    "estimated emphasised emphasized stressed pointed worth hoped reckoned "
                    "considered").split()
PASSIVE_VERBS = ("reported announced stated said claimed noted confirmed quoted cited "
                 "published").split()
POSSESSIVE_RE = re.compile(r"['\u2019]s?$")
APOS_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'"})
LIST_GAP_RE = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|and/or|as\s+well\s+as)\s+)?")
SPACE_RE = re.compile(r"\s+")
PREV_WORD_RE = re.compile(r"(\w+)\s+$")
THAT_RE = re.compile(r"\s*,?\s*that\b")
AS_RE = re.compile(r"\s+as\s")
BY_IN_RE = re.compile(r"\s+(?:by|in)\s")
#: "reported by UNN with reference to the ministry": the outlet names its own source.
REFERENCE_AFTER_RE = re.compile(r"\s*,?\s+(?:with reference to|referring to|in reference to)\s+")
INTRO_GAP_RE = re.compile(r"\s*[,:]\s*")
WORD_AT_RE = re.compile(r"[\w'\u2019-]+")

# Which patterns a word can start, as bit flags.  A sentence is searched
# only with the patterns its words can trigger (finding those words with one
# pattern is several times faster than running five patterns over every
# sentence).  The impersonal, passive and prepositional patterns also need a
# word of their own ("it"; "was", "is"...; "according", "as"...), so a
# sentence with "said" but none of those skips them.
T_VERB, T_PART, T_PREP, T_IMPERS, T_PASSIVE = 1, 2, 4, 8, 16
T_IT, T_BE, T_PREP_WORD = 32, 64, 128
T_PATTERNS = T_VERB | T_PART | T_PREP | T_IMPERS | T_PASSIVE


def norm(s: str) -> str:
    """Return ``s`` with runs of whitespace as one space, stripped."""
    return SPACE_RE.sub(" ", s).strip()


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Return ``(a, b)`` with surrounding spaces and commas removed (content bounds)."""
    while a < b and text[a] in " \t\n,":
        a += 1
    while b > a and text[b - 1] in " \t\n,":
        b -= 1
    return a, b


def skip_space(text: str, i: int, end: int) -> int:
    """Return the first offset at or after ``i`` (before ``end``) that is not whitespace."""
    while i < end and text[i].isspace():
        i += 1
    return i


# --------------------------------------------------------------------------
# Word sets and the patterns built from them
# --------------------------------------------------------------------------


class Vocab:
    """The word sets and word-built patterns of one lexicon folder (see :func:`build_vocab`)."""

    directory: str
    REPORTING_VERBS: frozenset[str]
    BASE_FORM_VERBS: frozenset[str]
    PERSON_ONLY_VERBS: frozenset[str]
    PARTICIPLES: frozenset[str]
    INVERTIBLE_VERBS: frozenset[str]
    SUBJECT_VERB_FILLERS: frozenset[str]
    AUXILIARIES: frozenset[str]
    DISCOURSE_OPENERS: frozenset[str]
    DETERMINERS: frozenset[str]
    CONNECTORS: frozenset[str]
    VAGUE_SOURCE_WORDS: frozenset[str]
    ANONYMOUS_WORDS: frozenset[str]
    PERSON_HEADS: frozenset[str]
    ORG_HEADS: frozenset[str]
    TITLE_HEADS: frozenset[str]
    MALE_TITLES: frozenset[str]
    FEMALE_TITLES: frozenset[str]
    PLACE_WORDS: frozenset[str]
    FUNCTION_OPENERS: frozenset[str]
    NOUN_MARKERS: frozenset[str]
    DEMONSTRATIVE_SUBJECTS: frozenset[str]
    OWN_LABEL_ALWAYS: frozenset[str]
    HEADLINE_LABELS: frozenset[str]
    DESCRIPTION_HEADS: dict[str, str]
    OWN_LABEL_SPEAKER_SIDE: frozenset[str]
    VERB_RE: re.Pattern[str]
    PARTICIPLE_RE: re.Pattern[str]
    TAIL_RE: re.Pattern[str]
    PERSON_RE: re.Pattern[str]
    HEAD_NAME_RE: re.Pattern[str]
    TRIGGERS: dict[str, int]
    TRIGGER_RE: re.Pattern[str]


_BUILT: dict[tuple, Vocab] = {}

def build_vocab(w: VoiceWords) -> Vocab:
    """Return a :class:`Vocab` with the word sets of ``w`` and the patterns compiled from them."""
    v = Vocab()
    v.directory = w.directory
    v.REPORTING_VERBS, v.BASE_FORM_VERBS = w.reporting, w.base_form
    v.PERSON_ONLY_VERBS, v.PARTICIPLES, v.INVERTIBLE_VERBS = w.person_only, w.participles, w.invertible
    v.SUBJECT_VERB_FILLERS, v.AUXILIARIES = w.fillers, w.auxiliaries
    v.DISCOURSE_OPENERS, v.DETERMINERS, v.CONNECTORS = w.discourse_openers, w.determiners, w.connectors
    v.VAGUE_SOURCE_WORDS, v.ANONYMOUS_WORDS = w.vague, w.anonymous
    v.PERSON_HEADS, v.ORG_HEADS = w.person_heads, w.org_heads
    v.TITLE_HEADS = frozenset(w.titles)
    v.MALE_TITLES, v.FEMALE_TITLES = w.male_titles, w.female_titles
    v.PLACE_WORDS = w.places  # compared case-sensitively: "UN" is a body, "Un" in "Kim Jong Un" is not
    v.FUNCTION_OPENERS, v.NOUN_MARKERS = w.function_openers, w.noun_markers
    v.DEMONSTRATIVE_SUBJECTS = w.demonstrative_subjects
    v.OWN_LABEL_ALWAYS, v.OWN_LABEL_SPEAKER_SIDE = w.own_label_always, w.own_label_speaker_side
    v.HEADLINE_LABELS = w.headline_labels
    v.DESCRIPTION_HEADS = dict(w.description_heads)

    all_verbs = w.reporting | w.person_only | w.base_form
    v.VERB_RE = re.compile(r"(?<![\w'\u2019-])(?P<verb>" + alt(all_verbs) + r")(?![\w-])")
    v.PARTICIPLE_RE = re.compile(r"(?:,|\b(?:while|and|before|after|when))\s+(?P<verb>"
                                 + alt(w.participles) + r")(?![\w-])")
    # What may follow a verb whose content came before it: an object of "told"
    # ("told reporters", "told TASS"), a short adverbial ("on Tuesday", "in a
    # statement"), then the sentence end or a further frame.
    v.TAIL_RE = re.compile(
        r"^(?:\s+(?:reporters|journalists|the\s+\w+(?:\s+\w+)?|[A-Z][\w'\u2019.\-]*"
        r"(?:\s+[A-Z][\w'\u2019.\-]*){0,3}))?"
        r"(?:\s*,?\s+(?:on|in|at|during|late|early|earlier|later|last|this|yesterday|today|"
        r"overnight|from|via|through|after|before|while|when|shortly|according)\b"
        r"[^.;!?\u201c\u201d\"]{0,60}?)?"
        r"(?:[\s\"'\u201d\u2019)]*(?:[.!?;\u2026][\s\"'\u201d\u2019)]*)?$|\s*,\s*(?:(?:as\s+\w+\s+"
        r"(?:in\s+\w+\s+)?(?:by|in|to))|according\s+to|citing|(?:" + alt(w.participles) + r"))\b)")
    title_alt = alt(v.TITLE_HEADS)
    name_not_title = r"(?!(?:" + title_alt + r")\b)" + NAME_TOKEN
    # A titled person: "Russian President Vladimir Putin", "Foreign Minister
    # Choe Son-hui", "North Korean leader Kim Jong-un", "Mr. Peskov".
    v.PERSON_RE = re.compile(
        r"(?P<title>(?:(?:[A-Z][\w'\u2019\-]*|of|for|the)\s+){0,5}?(?:" + title_alt
        + r")\.?)\s+(?P<name>" + name_not_title + r"(?:\s+" + name_not_title + r"){0,3})")
    # The same, anchored on the title head for scanning whole texts (a pattern
    # that may start at any capital is 6x slower); the title's modifiers are
    # then read backwards with TITLE_PREFIX_RE.
    v.HEAD_NAME_RE = re.compile(
        r"(?<![\w-])(?:" + title_alt + r")\.?\s+(?P<name>" + name_not_title
        + r"(?:\s+" + name_not_title + r"){0,3})")
    triggers: dict[str, int] = {}
    for words, flag in (([x.split()[0] for x in all_verbs], T_VERB),
                        ([x.split()[0] for x in w.participles], T_PART),
                        (["according", "citing", "words", "told", "described"], T_PREP),
                        (IMPERSONAL_VERBS, T_IMPERS), (PASSIVE_VERBS, T_PASSIVE | T_PREP),
                        (["it"], T_IT), (["was", "were", "been", "is", "are"], T_BE),
                        (["according", "as", "citing", "words"], T_PREP_WORD)):
        for x in words:
            triggers[x] = triggers.get(x, 0) | flag
            triggers[x.capitalize()] = triggers.get(x.capitalize(), 0) | flag
    v.TRIGGERS = triggers
    # The trigger words as one pattern: findall runs in C over the sentence and
    # returns only the few words that trigger something.  The look-arounds make a
    # hit a whole token (see tokens.TOKEN_RE): "report" in "report's" or
    # "so-called" is not one, which keeps "the OIG report's conclusions" from
    # being read as a reporting verb.
    v.TRIGGER_RE = re.compile(r"(?<![^\W_])(?<![^\W_][-'\u2019])(?:" + alt(triggers)
                              + r")(?![^\W_]|[-'\u2019][^\W_])")
    return v


#: The vocabulary in use; :func:`use` fills it before a document is analysed.
V = Vocab()
V.directory = ""
_KEY: list[tuple] = [()]

#: Called after :data:`V` switches folders (caches keyed by phrases alone register here).
ON_SWITCH: list[Callable[[], None]] = []


def use(directory: str, stamp: tuple = ()) -> None:
    """Point :data:`V` at the vocabulary of lexicon folder ``directory`` (built on first use, then cached).

    ``stamp`` (the word files' modification times) tells an edited folder
    from the one already built.
    """
    key = (directory, stamp)
    if _KEY[0] == key:
        return
    got = _BUILT.get(key)
    if got is None:
        got = _BUILT[key] = build_vocab(load_words(directory, stamp))
    V.__dict__.update(got.__dict__)
    _KEY[0] = key
    for hook in ON_SWITCH:
        hook()


_FOLDER: dict[str | None, tuple[str, list[str]]] = {}
_CHECKED: list = [None, -1.0]  # FRAMING_LEXICONS value and time of the last check

#: Seconds between checks of the word files' modification times: a stat of
#: every file per document would cost more than a short document's analysis.
RECHECK_SECONDS = 1.0


def use_folder_in_use() -> None:
    """Point :data:`V` at the folder of :func:`framing.core.config.lexicons_dir` (called per document).

    The folder is looked up once per ``FRAMING_LEXICONS`` value, and the word
    files' modification times at most every :data:`RECHECK_SECONDS`, so a
    file edited while a dashboard runs is read again (results follow the
    lexicon version, which changes with it) and a batch pays nothing.
    """
    env = os.environ.get("FRAMING_LEXICONS")
    now = time.monotonic()
    if _CHECKED[0] == env and now - _CHECKED[1] < RECHECK_SECONDS and _KEY[0]:
        return
    got = _FOLDER.get(env)
    if got is None:
        d = str(lexicons_dir())
        got = _FOLDER[env] = (d, [str(p) for p in word_files(d)])
    directory, files = got
    use(directory, tuple(os.stat(p).st_mtime_ns for p in files))
    _CHECKED[:] = [env, now]
