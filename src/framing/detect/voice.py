"""Voice: direct quotes, scare quotes, attribution frames and speakers.

Later stages ask one question of every loaded phrase: is it in the outlet's
own voice, or in somebody else's words, and whose?  This module answers it
with transparent rules over the repaired text of a parsed document.  Only
prose segments are analysed (body, quoted_article, comment, and title); the
rest (pull quotes, boilerplate, references...) are own voice and unanalysed.

Rules
=====
1. **Quotes.**  Curly (“ ”), straight (") and guillemet (« ») double quotes
   are paired inside one paragraph of one segment, so a quote may span
   several sentences (seed 004).  A straight quote is an opener or a closer
   by its context (space before and a word after opens; a word before and
   space/punctuation after closes).  A paragraph that ends inside an open
   quote keeps it only when the next paragraph opens a quote again (the news
   convention for quotes running over paragraphs).  A closing mark with no
   opener that is immediately followed by an attribution frame
   (``...ROE," the report said.``, seed 000) is a quote from the start of its
   paragraph.  Single quotes (‘ ’ and ') are paired only when clearly quotes,
   not apostrophes: the opener follows a non-letter and precedes a letter,
   the closer follows a non-space and precedes a non-letter, within
   ``MAX_SINGLE_QUOTE_CHARS``.
2. **Attribution frames** (one :class:`~framing.core.types.Attribution` each),
   found per sentence with reporting verbs: ``REPORTING_VERBS`` with any
   subject, ``BASE_FORM_VERBS`` ("Sources say") only with no auxiliary
   between subject and verb ("Russia will respond" is no report), and
   ``PERSON_ONLY_VERBS`` ("referred to", "praised") only with a person as
   subject.  A passive auxiliary makes the subject a recipient ("He was told
   to leave"), except in "X was quoted as saying".  Patterns:

   * ``X verb (that) ...`` -- content after "that" or after the verb
     (``X said, “...”`` gives the quote to X);
   * ``..., X verb (on Tuesday).`` / ``“...,” X verb`` / ``..., verb X.`` /
     ``“...,” X told reporters`` -- content is the text before the frame;
   * ``according to X``, ``as reported/quoted/cited by X``,
     ``as reported in English by X``, ``citing X`` -- content is the rest of
     the sentence after the frame when it opens the sentence, the text before
     it when it closes the sentence, the whole sentence otherwise;
   * ``This was reported in/by X`` -- content is the earlier sentences of the
     paragraph; ``It was reported by X that ...`` -- the clause after "that";
   * ``..., saying/adding/asserting ...`` -- a participle frame whose source is
     the subject of its main clause;
   * impersonal ``it is believed/noted/reported/not excluded (that) ...`` --
     always ``named=False`` with an empty source.

   The source X is a named entity (capitalised words with titles, acronyms,
   "(CNR)" parentheticals), a definite description ("the minister",
   "the report", "the Kremlin") or a pronoun; relative clauses and
   parentheticals between subject and verb are skipped ("The treaty, which
   was ratified ..., stipulates"; "Peskov, speaking to reporters, said").
   He/she/they/it resolve to the most recent compatible frame source or
   sentence subject in the preceding text of the same segment, then to the
   most recent titled person mentioned there (she/he never to a person
   already known as the other gender).  Surnames resolve to the full name
   seen with a title ("Choe" -> "Choe Son-hui"), and person descriptions to
   the latest titled person whose title holds the description's words
   ("the minister" -> Choe Son-hui, "The Russian President" -> Vladimir
   Putin).  ``named`` is False for vague sources -- a word of
   ``VAGUE_SOURCE_WORDS`` (observers, sources, experts, officials...) unless
   a checkable name ends the phrase ("analysts at the ISW"; never for
   "sources"/"insiders") -- for impersonal frames and for pronouns that
   cannot be resolved.  ``resolved`` is then "".
3. **Speakers of quotes**: a frame adjacent to the quote (after it, or its
   verb right before it), else the frame whose reported content holds the
   quote (if that content names a person just before the quote -- "Choe noted
   that ... leader Kim Jong-un “gave us an order...”" -- the speaker is
   "Choe Son-hui (relaying Kim Jong-un)"), else, for a quote that opens its
   sentence and has at least ``INHERIT_MIN_WORDS`` words, the speaker of the
   last frame (or quote) of the previous sentence in the segment.
4. **Scare quotes**: a short quote (at most ``SCARE_MAX_WORDS`` words, no
   sentence-final punctuation inside, not introduced by a reporting verb and
   not next to a frame) is a scare quote when no attribution frame covers it,
   or the same phrase is quoted ``REPEAT_MIN`` or more times in the document,
   or it stands in a list of quotes ("“diplomatic missions”, “consular
   offices” and ...") -- list members of up to ``LIST_SCARE_MAX_WORDS`` words
   are then scare quotes too.  A scare quote is the outlet's own voice.
5. **Forum replies** (kind ``comment``) get no attribution frames: they are
   the commenter's own voice unless inside a quote.

:meth:`VoiceResult.voice_of` applies them in this order: inside a direct
quote -> ``("quoted", quote speaker, nested scare quote?)``; inside a scare
quote -> ``("own", "", True)``; inside the reported content of a frame ->
``("quoted", resolved source, False)``, preferring frames with a resolved
source, then the narrowest content (so "the report said" wins over the
impersonal "It is not excluded" it wraps, 000); else ``("own", "", False)``.
Vague and impersonal frames make their content "quoted" with speaker "":
the text is presented as somebody's claim, and later stages can count it as
unsupported through ``Attribution.named``.

Labels (sources and speakers) fold curly apostrophes to straight ones so the
same source is spelled one way ("Putin's website").  Everything is compiled
once at import; a sentence is searched only with the patterns its words can
trigger, and look-backs are bounded, so the cost grows linearly with the
text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Iterator, Mapping

from framing.text.parse import ParsedDocument
from framing.text.tokens import TOKEN_RE
from framing.core.types import PROSE_KINDS, Attribution, Quote, Segment, Sentence

__all__ = ["VoiceResult", "analyze_voice", "ANALYSED_KINDS"]

# --------------------------------------------------------------------------
# Named constants
# --------------------------------------------------------------------------

#: Segment kinds analysed: the prose kinds plus titles, because headlines
#: carry attribution too ("Putin says ...").
ANALYSED_KINDS = frozenset(PROSE_KINDS | {"title"})

#: A quote of at most this many words may be a scare quote; longer quotes
#: are almost always reported speech (rule 4 of the brief).
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


def _alt(words: Iterable[str]) -> str:
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


def _forms(*lemmas: str) -> list[str]:
    """Return the listed forms, each lemma given as "form1/form2/...".

    Spelled out rather than inflected by rule because English reporting verbs
    are irregular (said, told, wrote) and a wrong form would match nouns.
    """
    out: list[str] = []
    for lemma in lemmas:
        out.extend(lemma.split("/"))
    return out


#: Reporting verbs that make a frame with any subject (person, organisation,
#: document).  Base forms are included for plural subjects ("Sources say").
REPORTING_VERBS = frozenset(_forms(
    "said/says", "stated/states", "noted/notes", "added/adds",
    "claimed/claims", "insisted/insists", "pointed out/points out", "remarked/remarks",
    "told/tells", "stressed/stresses",
    "emphasised/emphasized/emphasises/emphasizes", "warned/warns", "asserted/asserts",
    "argued/argues", "declared/declares", "announced/announces",
    "reiterated/reiterates", "echoed/echoes", "touted/touts", "thanked/thanks",
    "believes/believed", "reported/reports", "cited/cites", "quoted/quotes",
    "wrote/writes", "explained/explains", "alleged/alleges", "contended/contends",
    "acknowledged/acknowledges", "admitted/admits", "confirmed/confirms",
    "denied/denies", "suggested/suggests", "concluded/concludes", "replied/replies",
    "responded/responds", "commented/comments", "predicted/predicts",
    "stipulated/stipulates", "underlined/underlines", "underscored/underscores",
    "highlighted/highlights", "made clear/makes clear",
    # An accusation attributes a claim to its accuser ("Ukraine and Western
    # countries have accused North Korea of sending troops", 004).
    "accused/accuses",
))

#: Plural-present forms ("Sources say", "Experts believe").  They count only
#: with no auxiliary between subject and verb: "Russia will respond" and
#: "they could say" are not reports.  Kept to verbs whose base form is rarely
#: a noun or a non-speech verb.
BASE_FORM_VERBS = frozenset(_forms(
    "say", "claim", "insist", "believe", "argue", "warn", "assert", "allege",
    "contend", "suggest", "point out", "report", "note", "stress", "maintain",
    "tell", "conclude", "estimate", "emphasise", "emphasize", "fear", "predict",
))

#: Verbs that report speech only when a person is the subject: "The Russian
#: President also referred to ..." is reported speech (001), "DPRK refers to
#: North Korea's official name" is not (003).
PERSON_ONLY_VERBS = frozenset(_forms(
    "referred to/refers to", "spoke of/speaks of", "mentioned/mentions",
    "described/describes", "praised/praises", "hailed/hails",
    "vowed/vows", "pledged/pledges", "promised/promises", "urged/urges",
    "condemned/condemns", "denounced/denounces", "recalled/recalls",
    "observed/observes", "expressed/expresses", "assured/assures",
    "called for/calls for", "lamented/laments", "boasted/boasts",
    "complained/complains", "maintained/maintains",
))

#: Participles that continue a frame with the main clause's subject
#: ("..., adding that Pyongyang has no doubts", 004).
PARTICIPLES = frozenset(_forms(
    "saying", "adding", "asserting", "insisting", "noting", "claiming",
    "stressing", "emphasising", "emphasizing", "warning", "arguing",
    "declaring", "explaining", "stating", "pointing out", "reiterating",
    "alleging", "suggesting", "arguing", "underlining", "recalling",
    "describing", "referring to", "vowing", "pledging", "urging",
))

#: Verbs that may follow their subject inverted: "“...,” said Peskov."
INVERTIBLE_VERBS = frozenset(_forms("said", "says", "added", "noted", "wrote",
                                    "explained", "continued", "stressed",
                                    "insisted", "replied", "asked"))

#: Words stripped between a subject and its verb ("Lavrov also touted",
#: "Choe Son-hui has said", "Kim Jong Un himself referred").
SUBJECT_VERB_FILLERS = frozenset("""
has have had was were is are be been would will could may might shall should
also later further then again previously earlier repeatedly reportedly once
recently publicly openly only just even still already too himself herself
itself themselves not never first last separately similarly likewise
""".split())

_AUXILIARIES = frozenset("""
has have had was were is are be been would will could may might shall should must can
""".split())

#: Sentence openers that are not subjects ("Meanwhile, Lavrov ...").
DISCOURSE_OPENERS = frozenset("""
however meanwhile moreover also yet but and so still now then later earlier
separately previously furthermore additionally instead indeed today yesterday
thus hence therefore nevertheless nonetheless besides
""".split())

#: Words a subject noun phrase may start with in lower case.
DETERMINERS = frozenset("""
the a an this these those his her their its one two three four several some
many various other most few both all each another any our such
""".split())

#: Connectors allowed inside names and descriptions ("Centre for National
#: Resistance", "Ministry of Foreign Affairs").
CONNECTORS = frozenset("of for and the de del der von van al bin on in to at".split())

#: Any of these words makes a source vague (``named=False``): the reader
#: cannot check who spoke.  From the brief plus their usual news synonyms.
VAGUE_SOURCE_WORDS = frozenset("""
observers observer sources source experts expert analysts analyst some many
officials official insiders insider critics commentators commentator people
residents witnesses witness reports rumours rumors media outlets others
someone somebody everyone diplomats diplomat authorities circles
""".split())

#: Vague words that stay vague whatever name follows ("a source close to
#: the minister", "insiders at Gazprom"): anonymity is their point.
_ANONYMOUS_WORDS = frozenset("source sources insider insiders someone somebody".split())

#: Heads of descriptions that denote a person ("the minister", "a Kremlin
#: spokesman"): they may be the antecedent of he/she.
PERSON_HEADS = frozenset("""
spokesman spokeswoman spokesperson minister president leader counterpart
envoy adviser advisor aide ambassador chief commander premier chancellor
secretary governor mayor senator chairman chairwoman director head general
colonel dictator official diplomat analyst expert professor journalist
correspondent editor lawmaker deputy representative king queen prince
prosecutor judge author researcher commentator ceo
""".split())

#: Heads of descriptions that denote an organisation, outlet or document.
ORG_HEADS = frozenset("""
agency ministry centre center government office service website site
newspaper daily outlet channel committee council embassy army military police
court company group party institute report statement treaty agreement
document article study survey communique resolution law decree kremlin
intelligence administration department press broadcaster network station
tank think-tank thinktank organisation organization ngo watchdog monitor observatory
foundation university firm bank fund
portal publication bulletin release paper brief countries country side sides
state states union alliance command headquarters staff forces mission
delegation cabinet parliament assembly
""".split())

#: Title heads that precede a person's name ("Foreign Minister Choe Son-hui",
#: "North Korean leader Kim Jong-un", "her Russian counterpart Sergey Lavrov").
_TITLE_HEADS_CAP = _forms(
    "President/Minister/Premier/Chancellor/Secretary/Spokesman/Spokeswoman",
    "Spokesperson/Ambassador/Director/General/Governor/Mayor/Senator",
    "Chairman/Chairwoman/Chair/Commander/Colonel/Gen/Lt/Mr/Mrs/Ms/Dr/Prof",
    "King/Queen/Prince/Pope/Leader/CEO/Envoy/Adviser/Advisor/Aide/Speaker",
    "Marshal/Admiral/Judge/Chief/Head/Lieutenant/Captain/Major/Sen/Rep",
    "Congressman/Congresswoman/MP/Lawmaker/Prosecutor",
)
_TITLE_HEADS_LOW = _forms(
    "leader/counterpart/spokesman/spokeswoman/spokesperson/minister/president",
    "envoy/adviser/advisor/aide/ambassador/chief/commander/analyst/expert",
    "researcher/professor/journalist/correspondent/editor/lawmaker/senator",
    "diplomat/director/head/governor/mayor/premier/chancellor/secretary",
    "official/general/colonel/dictator/counsellor/counselor/prosecutor",
)
_TITLE_HEADS = frozenset(_TITLE_HEADS_CAP) | frozenset(_TITLE_HEADS_LOW)

#: Gender cues in titles, used only to keep "she" from resolving to a man.
_MALE_TITLES = frozenset("mr king prince spokesman chairman congressman".split())
_FEMALE_TITLES = frozenset("mrs ms queen spokeswoman chairwoman congresswoman".split())

#: Place names that head capitalised subjects ("North Korea has denied");
#: he/she never resolve to them.  A small news gazetteer, not exhaustive:
#: a miss only matters when no titled person is nearer.
PLACE_WORDS = frozenset("""
Korea Russia Ukraine China Japan America States Kingdom Union Republic
Federation Moscow Pyongyang Kyiv Kiev Washington Beijing Seoul Tokyo London
Paris Berlin Brussels Europe Asia Iran Israel Syria Turkey India Germany
France Britain Poland Belarus Crimea Donetsk Luhansk West East North South
DPRK USA UK US EU NATO UN Kremlin WOT Pentagon Gaza
""".split())  # compared case-sensitively: "UN" is a place/body, "Un" in "Kim Jong Un" is not

_PRONOUNS = frozenset({"he", "she", "they", "it"})

#: Capitalised sentence openers that introduce a clause rather than name a
#: subject ("As announced by ...", "Speaking at ...").
_FUNCTION_OPENERS = frozenset("""
as after before during speaking according while since although following
despite amid asked addressing writing with from under by for in on at when if
once over unless until because whether though here there
""".split())

# --------------------------------------------------------------------------
# Compiled patterns
# --------------------------------------------------------------------------

_OPEN_DQ = "\u201c\u201e\u201f\u00ab"      # “ „ ‟ «
_CLOSE_DQ = "\u201d\u00bb"                 # ” »
_DQ_RE = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_SQ_RE = re.compile("['\u2018\u2019\u201a]")
_PARA_RE = re.compile(r"[^\n]+")
# Characters after which a straight quote opens / before which it closes.
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/\u201c\u2018")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}\u2014\u2013-\u2026\u201d\u2019*")
_FINAL_PUNCT_RE = re.compile(r"[.!?\u2026](?:\s|$)|[.!?\u2026]\W*$")

_VERB_RE = re.compile(r"(?<![\w'\u2019-])(?P<verb>" + _alt(REPORTING_VERBS | PERSON_ONLY_VERBS
                                                              | BASE_FORM_VERBS)
                      + r")(?![\w-])")
_PARTICIPLE_RE = re.compile(r"(?:,|\b(?:while|and|before|after|when))\s+(?P<verb>"
                            + _alt(PARTICIPLES) + r")(?![\w-])")
# "according to X", "as reported by X", "as reported in English by X",
# "as quoted by X", "citing X", "in the words of X".
_PREP_RE = re.compile(
    r"(?<![\w-])(?P<verb>[Aa]ccording\s+to|[Aa]s\s+(?:reported|quoted|cited|announced|stated|"
    r"noted|claimed|published|told|said|confirmed|described)(?:\s+in\s+[A-Z][a-z]+)?"
    r"\s+(?:by|in|to)|citing|[Ii]n\s+the\s+words\s+of)\s+")
# "This was reported in the Centre ...", "The attack was confirmed by TASS".
_PASSIVE_RE = re.compile(
    r"(?<![\w-])(?P<verb>(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+"
    r"(?:reported|announced|stated|said|claimed|noted|confirmed|quoted|cited|published)"
    r"\s+(?:by|in))\s+")
# Impersonal frames: no source at all, so never named.
_IMPERSONAL_RE = re.compile(
    r"(?<![\w-])(?P<verb>[Ii]t\s+(?:is|was|has\s+been|had\s+been|will\s+be|can\s+be|may\s+be)"
    r"(?:\s+not)?(?:\s+(?:also|widely|generally|commonly|now))?\s+(?:believed|noted|reported|"
    r"said|claimed|alleged|known|expected|excluded|understood|thought|assumed|stated|argued|"
    r"feared|rumou?red|suggested|estimated|emphasi[sz]ed|stressed|pointed\s+out|"
    r"worth\s+noting|hoped|reckoned|considered))(?![\w-])")
# Clause boundaries when looking back from a verb for its subject.  An
# opening parenthesis that starts an acronym ("(CNR)") is part of a name.
_BOUNDARY_RE = re.compile(
    r"[,;:\[\]\u201c\u201d\u201e\u00ab\u00bb\"\u2014\u2013]|\s-\s|\((?![A-Z][\w.\-]{0,12}\))"
    r"|(?<![A-Z.])\)|(?<![\w-])(?:that|which|who|whom|whose|and|but|while|when|as|because|after|"
    r"before|if|since|where|although|though|whereas|so|or)(?![\w-])")
_AFTER_VERB_QUOTE_RE = re.compile("\\s*[,:]?\\s*[\"\u201c\u201e\u00ab\u2018']")
_THAT_SOON_RE = re.compile(r"^(?:\s+[\w'\u2019-]+){0,6}?\s*,?\s+that\b")
_END_RE = re.compile(r"^[\s\"'\u201d\u2019)]*(?:[.!?;\u2026][\s\"'\u201d\u2019)]*)?$")
# What may follow a verb whose content came before it: an object of "told"
# ("told reporters", "told TASS"), a short adverbial ("on Tuesday", "in a
# statement"), then the sentence end or a further frame.
_TAIL_RE = re.compile(
    r"^(?:\s+(?:reporters|journalists|the\s+\w+(?:\s+\w+)?|[A-Z][\w'\u2019.\-]*"
    r"(?:\s+[A-Z][\w'\u2019.\-]*){0,3}))?"
    r"(?:\s*,?\s+(?:on|in|at|during|late|early|earlier|later|last|this|yesterday|today|"
    r"overnight|from|via|through|after|before|while|when|shortly|according)\b"
    r"[^.;!?\u201c\u201d\"]{0,60}?)?"
    r"(?:[\s\"'\u201d\u2019)]*(?:[.!?;\u2026][\s\"'\u201d\u2019)]*)?$|\s*,\s*(?:(?:as\s+\w+\s+"
    r"(?:in\s+\w+\s+)?(?:by|in|to))|according\s+to|citing|(?:" + _alt(PARTICIPLES) + r"))\b)")
_TITLE_HEAD_ALT = _alt(_TITLE_HEADS)
_NAME_TOKEN = r"[A-Z][\w'\u2019\-]+"
_NAME_TOKEN_NOT_TITLE = r"(?!(?:" + _TITLE_HEAD_ALT + r")\b)" + _NAME_TOKEN
# A titled person: "Russian President Vladimir Putin", "Foreign Minister
# Choe Son-hui", "North Korean leader Kim Jong-un", "Mr. Peskov".
_PERSON_RE = re.compile(
    r"(?P<title>(?:(?:[A-Z][\w'\u2019\-]*|of|for|the)\s+){0,5}?(?:" + _TITLE_HEAD_ALT
    + r")\.?)\s+(?P<name>" + _NAME_TOKEN_NOT_TITLE + r"(?:\s+" + _NAME_TOKEN_NOT_TITLE
    + r"){0,3})")
# The same, anchored on the title head for scanning whole texts (a pattern
# that may start at any capital is 6x slower); the title's modifiers are
# then read backwards with _TITLE_PREFIX_RE.
_HEAD_NAME_RE = re.compile(
    r"(?<![\w-])(?:" + _TITLE_HEAD_ALT + r")\.?\s+(?P<name>" + _NAME_TOKEN_NOT_TITLE
    + r"(?:\s+" + _NAME_TOKEN_NOT_TITLE + r"){0,3})")
_TITLE_PREFIX_RE = re.compile(r"(?:(?:[A-Z][\w'\u2019\-]*|of|for|the)\s+){1,5}$")
# A capitalised run at a position (subject at sentence start).
_CAPRUN_RE = re.compile(
    r"(?:(?:[Tt]he)\s+)?(?:[A-Z][\w'\u2019.\-]*|\([A-Z][\w.\-]*\))"
    r"(?:\s+(?:(?:of|for|and|de|the)\s+)?(?:[A-Z][\w'\u2019.\-]*|\([A-Z][\w.\-]*\)))*")
# Noun phrase after "according to" / "by": up to punctuation, keeping
# "(CNR)" and dotted acronyms.
_NP_AFTER_RE = re.compile(
    r"(?:[^,.;:!?()\u201c\u201d\"\u00ab\u00bb\n\u2014\u2013]|\([A-Z][\w.\-]{0,12}\)|\.(?=\w))+")
_NP_STOP_RE = re.compile(
    r"\s(?:that|who|which|whose|on|in|at|last|this|during|when|while|after|before|as|"
    r"since|until|if|because|amid|with|without|was|were|is|are|has|have|had|said|says|"
    r"reported|told)\s")
_DEMONSTRATIVE_SUBJECTS = frozenset({"this", "that", "it", "these", "those", "this information",
                                     "this news", "this data", "such information"})
_IMPERSONAL_VERBS = ("believed noted reported said claimed alleged known expected excluded "
                     "understood thought assumed stated argued feared rumoured rumored suggested "
                     "estimated emphasised emphasized stressed pointed worth hoped reckoned "
                     "considered").split()
_PASSIVE_VERBS = ("reported announced stated said claimed noted confirmed quoted cited "
                  "published").split()
# Which patterns a word can start, as bit flags.  A sentence is searched
# only with the patterns its words can trigger (finding those words with one
# pattern is several times faster than running five patterns over every
# sentence).
# The impersonal, passive and prepositional patterns also need a word of
# their own ("it"; "was", "is"...; "according", "as"...), so a sentence with
# "said" but none of those skips them.
_T_VERB, _T_PART, _T_PREP, _T_IMPERS, _T_PASSIVE = 1, 2, 4, 8, 16
_T_IT, _T_BE, _T_PREP_WORD = 32, 64, 128
_TRIGGERS: dict[str, int] = {}
_ALL_VERBS = REPORTING_VERBS | PERSON_ONLY_VERBS | BASE_FORM_VERBS
for _words, _flag in (([v.split()[0] for v in _ALL_VERBS], _T_VERB),
                      ([v.split()[0] for v in PARTICIPLES], _T_PART),
                      (["according", "citing", "words", "told", "described"], _T_PREP),
                      (_IMPERSONAL_VERBS, _T_IMPERS), (_PASSIVE_VERBS, _T_PASSIVE | _T_PREP),
                      (["it"], _T_IT), (["was", "were", "been", "is", "are"], _T_BE),
                      (["according", "as", "citing", "words"], _T_PREP_WORD)):
    for _w in _words:
        _TRIGGERS[_w] = _TRIGGERS.get(_w, 0) | _flag
        _TRIGGERS[_w.capitalize()] = _TRIGGERS.get(_w.capitalize(), 0) | _flag
del _words, _flag, _w
# The trigger words as one pattern: findall runs in C over the sentence and
# returns only the few words that trigger something.  The look-arounds make a
# hit a whole token (see tokens.TOKEN_RE): "report" in "report's" or
# "so-called" is not one, which keeps "the OIG report's conclusions" from
# being read as a reporting verb.
_T_PATTERNS = _T_VERB | _T_PART | _T_PREP | _T_IMPERS | _T_PASSIVE
_TRIGGER_RE = re.compile(r"(?<![^\W_])(?<![^\W_][-'\u2019])(?:" + _alt(_TRIGGERS)
                         + r")(?![^\W_]|[-'\u2019][^\W_])")
_POSSESSIVE_RE = re.compile(r"['\u2019]s?$")
_APOS_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'"})
_LIST_GAP_RE = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|and/or|as\s+well\s+as)\s+)?")
_SPACE_RE = re.compile(r"\s+")
_PREV_WORD_RE = re.compile(r"(\w+)\s+$")
_NOUN_MARKERS = frozenset("the a an to his her its their our my your this these those".split())
_THAT_RE = re.compile(r"\s*,?\s*that\b")
_AS_RE = re.compile(r"\s+as\s")
_BY_IN_RE = re.compile(r"\s+(?:by|in)\s")
_INTRO_GAP_RE = re.compile(r"\s*[,:]\s*")
_WORD_AT_RE = re.compile(r"[\w'\u2019-]+")


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceResult:
    """Quotes and attribution frames of one document, with voice look-ups.

    ``quotes`` and ``attributions`` are in text order.  The look-up indexes are
    derived from them (so a result rebuilt from stored records answers alike).
    """

    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    _quotes_by_seg: dict[str, tuple[Quote, ...]] = field(init=False, repr=False, compare=False)
    _attr_by_seg: dict[str, tuple[Attribution, ...]] = field(init=False, repr=False,
                                                             compare=False)
    _attr_by_sent: dict[int, tuple[Attribution, ...]] = field(init=False, repr=False,
                                                              compare=False)
    _span_index: dict[str, tuple] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        qs: dict[str, list[Quote]] = {}
        for q in sorted(self.quotes, key=lambda q: (q.start, -q.end)):
            qs.setdefault(q.seg_id, []).append(q)
        by_seg: dict[str, list[Attribution]] = {}
        by_sent: dict[int, list[Attribution]] = {}
        for a in self.attributions:
            by_seg.setdefault(a.seg_id, []).append(a)
            by_sent.setdefault(a.sent_idx, []).append(a)
        object.__setattr__(self, "_quotes_by_seg", {k: tuple(v) for k, v in qs.items()})
        object.__setattr__(self, "_attr_by_seg", {k: tuple(v) for k, v in by_seg.items()})
        object.__setattr__(self, "_attr_by_sent", {k: tuple(v) for k, v in by_sent.items()})
        object.__setattr__(self, "_span_index", {})

    def _index(self, seg_id: str) -> tuple:
        """Return the look-up arrays of one segment (built on first use).

        Quotes and frame contents sorted by start, each with the running
        maximum of their ends: walking back from the last one that starts
        before a span, the walk can stop as soon as nothing earlier reaches
        the span's end.  So a look-up reads the few enclosing items, not every
        quote and frame of the segment (a long article has hundreds).
        """
        got = self._span_index.get(seg_id)
        if got is None:
            quotes = self._quotes_by_seg.get(seg_id, ())
            attrs = sorted(((a.reported_start, i, a) for i, a in enumerate(self._attr_by_seg.get(seg_id, ()))
                            if a.reported_end > a.reported_start), key=lambda t: t[0])
            got = ([q.start for q in quotes], list(accumulate((q.end for q in quotes), max)), quotes,
                   [t[0] for t in attrs], list(accumulate((t[2].reported_end for t in attrs), max)),
                   [((*_frame_rank(a), i), a) for _, i, a in attrs])
            self._span_index[seg_id] = got
        return got

    def voice_of(self, seg: Segment, start: int, end: int) -> tuple[str, str, bool]:
        """Return ``(voice, speaker, scare_quote)`` for the span ``start:end`` of ``seg``.

        ``voice`` is ``"quoted"`` inside a direct quotation or inside the
        reported content of an attribution frame, else ``"own"``; ``speaker``
        is the resolved speaker (``""`` if unknown or own voice); ``scare_quote``
        is True inside a scare quote.  A scare quote is the outlet's own voice
        (``("own", "", True)``) unless it is nested in a direct quote, where it
        is the speaker's (``("quoted", speaker, True)``).  Of several enclosing
        direct quotes the innermost (latest-starting) one speaks; of several
        enclosing frames, one with a speaker, then the narrowest content, wins.
        """
        q_starts, q_reach, quotes, a_starts, a_reach, ranked = self._index(seg.seg_id)
        direct: Quote | None = None
        scare = False
        j = bisect_right(q_starts, start) - 1
        while j >= 0 and q_reach[j] >= end:
            q = quotes[j]
            if end <= q.end:
                if q.kind != "direct":
                    scare = True
                elif direct is None:
                    direct = q  # the walk goes backwards: the first is the innermost
            j -= 1
        if direct is not None:
            return ("quoted", direct.speaker, scare)
        if scare:
            return ("own", "", True)
        best = None
        j = bisect_right(a_starts, start) - 1
        while j >= 0 and a_reach[j] >= end:
            key, a = ranked[j]
            if end <= a.reported_end and (best is None or key < best[0]):
                best = (key, a)
            j -= 1
        if best is not None:
            return ("quoted", best[1].resolved, False)
        return ("own", "", False)

    def sentence_attribution(self, sent_idx: int) -> list[Attribution]:
        """Return the attribution frames found in sentence ``sent_idx`` (index into
        ``ParsedDocument.sentences``), in text order; empty if none."""
        return list(self._attr_by_sent.get(sent_idx, ()))

    def quotes_of(self, seg: Segment) -> list[Quote]:
        """Return the quotes found in ``seg``, in text order."""
        return list(self._quotes_by_seg.get(seg.seg_id, ()))


def _frame_rank(a: Attribution) -> tuple[int, int]:
    """Sort key: frames with a speaker first, then the narrowest content."""
    return (0 if a.resolved else 1, a.reported_end - a.reported_start)


# --------------------------------------------------------------------------
# Internal records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A classified source noun phrase."""

    text: str          # as written (apostrophes folded)
    kind: str          # person | name | org | vague | pronoun
    resolved: str      # canonical label, "" when unknown
    named: bool
    gender: str = ""   # "m" | "f" | ""


@dataclass
class _Frame:
    """An attribution frame under construction (becomes an Attribution)."""

    sent_idx: int
    start: int
    end: int
    verb: str
    source: _Source
    rstart: int
    rend: int
    backward: bool = False      # content is the text before the frame
    quote_at: int = -1          # a quote opens right after the verb at this offset
    kind: str = "subject"


@dataclass
class _RawQuote:
    """A quote under construction: offsets plus the evidence rule 4 needs."""

    start: int
    end: int            # exclusive, includes the closing mark
    inner_start: int
    inner_end: int
    words: int = 0
    kind: str = "direct"
    speaker: str = ""
    introduced: bool = False
    covered: bool = False
    adjacent: bool = False
    orphan: bool = False


@dataclass
class _Person:
    """One titled-person mention ("Foreign Minister Choe Son-hui")."""

    pos: int
    name: str
    title: str
    gender: str


class _Persons:
    """Titled persons of one document: mentions by position and surname aliases."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]]) -> None:
        self.mentions: list[_Person] = []
        self.alias: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        for s, e in spans:
            for m in _HEAD_NAME_RE.finditer(text, s, e):
                name = _POSSESSIVE_RE.sub("", m.group("name")).translate(_APOS_FOLD)
                if not _is_person_name(name):
                    continue
                ts = m.start()
                pre = _TITLE_PREFIX_RE.search(text, max(s, ts - 80), ts)
                if pre:
                    ts = pre.start()
                title = _SPACE_RE.sub(" ", text[ts:m.start("name")]).strip()
                words = {w.lower().rstrip(".") for w in title.split()}
                gender = "m" if words & _MALE_TITLES else "f" if words & _FEMALE_TITLES else ""
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
        return self.alias.get(_POSSESSIVE_RE.sub("", toks[-1]).lower(), "")


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def analyze_voice(parsed: ParsedDocument) -> VoiceResult:
    """Return the quotes, attribution frames and voice look-ups of one parsed document.

    Only segments whose kind is in :data:`ANALYSED_KINDS` are analysed; comment
    segments get quotes but no attribution frames (rule 5).
    """
    text = parsed.text
    doc_id = parsed.doc.doc_id
    segs = [s for s in parsed.segments if s.kind in ANALYSED_KINDS]
    persons = _Persons(text, [(s.start, s.end) for s in segs])
    sents_by_seg: dict[str, list[tuple[int, Sentence]]] = {}
    for i, sent in enumerate(parsed.sentences):
        sents_by_seg.setdefault(sent.seg_id, []).append((i, sent))

    seg_quotes: dict[str, list[_RawQuote]] = {}
    seg_frames: dict[str, list[_Frame]] = {}
    for seg in segs:
        sents = sents_by_seg.get(seg.seg_id, [])
        quotes, orphans = _find_quotes(text, seg.start, seg.end)
        frames: list[_Frame] = []
        if seg.kind != "comment":
            frames = _find_frames(text, seg, sents, quotes, persons)
            quotes = _add_orphan_quotes(text, seg, quotes, orphans, frames)
        seg_quotes[seg.seg_id] = quotes
        seg_frames[seg.seg_id] = frames

    # Phrase counts across the document for the repetition rule.
    counts: dict[str, int] = {}
    for quotes in seg_quotes.values():
        for q in quotes:
            key = _phrase_key(text, q)
            counts[key] = counts.get(key, 0) + 1

    all_quotes: list[Quote] = []
    all_attrs: list[Attribution] = []
    for seg in segs:
        quotes = seg_quotes[seg.seg_id]
        frames = seg_frames[seg.seg_id]
        _assign_speakers(text, quotes, frames, sents_by_seg.get(seg.seg_id, []), persons)
        _classify(text, quotes, counts)
        all_quotes.extend(Quote(doc_id, seg.seg_id, q.start, q.end, q.inner_start, q.inner_end,
                                q.kind, q.speaker if q.kind == "direct" else "") for q in quotes)
        all_attrs.extend(Attribution(doc_id, seg.seg_id, f.sent_idx, f.start, f.end,
                                     f.source.text, f.verb, f.source.named, f.source.resolved,
                                     f.rstart, f.rend) for f in frames)
    return VoiceResult(tuple(all_quotes), tuple(all_attrs))


# --------------------------------------------------------------------------
# Rule 1: quotes
# --------------------------------------------------------------------------


def _find_quotes(text: str, start: int, end: int) -> tuple[list[_RawQuote], list[int]]:
    """Return the paired quotes of ``text[start:end]`` and the offsets of orphan closers."""
    quotes: list[_RawQuote] = []
    orphans: list[int] = []
    paras = [(m.start(), m.end()) for m in _PARA_RE.finditer(text, start, end)]
    for pi, (ps, pe) in enumerate(paras):
        pending = -1
        first_in_para = len(quotes)
        for m in _DQ_RE.finditer(text, ps, pe):
            i = m.start()
            ch = text[i]
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            opens = ch in _OPEN_DQ
            closes = ch in _CLOSE_DQ
            if ch == '"' or (closes and pending < 0 and prev in _OPEN_BEFORE
                             and nxt not in _CLOSE_AFTER):
                # Straight quotes (and a stray ” used as an opener) by context.
                o_ok = prev in _OPEN_BEFORE and nxt not in _CLOSE_AFTER
                c_ok = prev not in _OPEN_BEFORE and nxt in _CLOSE_AFTER
                if o_ok and not c_ok:
                    opens, closes = True, False
                elif c_ok and not o_ok:
                    opens, closes = False, True
                else:
                    opens, closes = pending < 0, pending >= 0
            if opens:
                pending = i  # an earlier unclosed opener is dropped as a stray
            elif closes:
                if pending >= 0:
                    quotes.append(_RawQuote(pending, i + 1, pending + 1, i))
                    pending = -1
                else:
                    orphans.append(i)
        if pending >= 0:
            nxt_para = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt_para is not None:
                first = _skip_space(text, nxt_para[0], nxt_para[1])
                if first < nxt_para[1] and text[first] in _OPEN_DQ + '"':
                    # Multi-paragraph quote: runs to the end of this paragraph.
                    quotes.append(_RawQuote(pending, pe, pending + 1, pe))
        quotes.extend(_find_single_quotes(text, ps, pe, quotes[first_in_para:]))
    quotes.sort(key=lambda q: q.start)
    for q in quotes:
        q.words = len(TOKEN_RE.findall(text, q.inner_start, q.inner_end))
    return quotes, orphans


def _find_single_quotes(text: str, ps: int, pe: int, doubles: list[_RawQuote]) -> list[_RawQuote]:
    """Return clearly paired single quotes in one paragraph (not apostrophes)."""
    out: list[_RawQuote] = []
    pending = -1
    for m in _SQ_RE.finditer(text, ps, pe):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        can_open = ch in "'\u2018\u201a" and not prev.isalnum() and nxt.isalpha()
        can_close = ch in "'\u2019" and not prev.isspace() and not nxt.isalnum() and pending >= 0
        if can_close and i - pending <= MAX_SINGLE_QUOTE_CHARS \
                and _same_nesting(pending, i, doubles):
            out.append(_RawQuote(pending, i + 1, pending + 1, i))
            pending = -1
        elif can_open:
            pending = i
    return out


def _same_nesting(a: int, b: int, doubles: Iterable[_RawQuote]) -> bool:
    """Return True when offsets a and b are inside the same double quotes (or none)."""
    for q in doubles:
        if (q.start < a < q.end) != (q.start < b < q.end):
            return False
    return True


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _add_orphan_quotes(text: str, seg: Segment, quotes: list[_RawQuote], orphans: list[int],
                       frames: list[_Frame]) -> list[_RawQuote]:
    """Return ``quotes`` plus a quote for each orphan closer that a frame follows.

    ``...occupation administrations," the CNS pointed out.`` (000) lost its
    opening mark; the quote runs from its paragraph start (or the end of the
    previous quote in that paragraph) to the closer.
    """
    if not orphans:
        return quotes
    added = []
    frames = sorted(frames, key=lambda f: f.start)
    starts = [f.start for f in frames]
    for i in orphans:
        if not _frame_right_after(text, i + 1, frames, starts):
            continue
        ps = text.rfind("\n", seg.start, i) + 1
        ps = max(ps, seg.start)
        for q in quotes:
            if ps <= q.end <= i:
                ps = q.end
        ps = _skip_space(text, ps, i)
        if i - ps < 2:
            continue
        added.append(_RawQuote(ps, i + 1, ps, i, orphan=True))
    if not added:
        return quotes
    for q in added:
        q.words = len(TOKEN_RE.findall(text, q.inner_start, q.inner_end))
    return sorted(quotes + added, key=lambda q: q.start)


def _frame_right_after(text: str, pos: int, frames: list[_Frame], starts: list[int]) -> _Frame | None:
    """Return the first frame starting right after ``pos`` (only spaces/commas between).

    ``frames`` are sorted by start and ``starts`` are their starts.  Backward
    frames (", she said") and subject frames ("“...,” ministry spokesperson
    Kim Min-ji told a briefing") both name the speaker of a quote they follow.
    """
    for i in range(bisect_left(starts, pos), bisect_right(starts, pos + 8)):
        f = frames[i]
        if (f.backward or f.kind == "subject") and not text[pos:f.start].strip(" \t\n,"):
            return f
    return None


# --------------------------------------------------------------------------
# Rule 2: attribution frames
# --------------------------------------------------------------------------


class _Cands:
    """Antecedent candidates for pronouns in one segment, in text order.

    Frame sources are added as they are found; sentence subjects are added
    as placeholders and read only when a pronoun needs them, because most
    sentences never serve as an antecedent and reading a subject costs as
    much as the rest of the sentence's analysis.
    """

    def __init__(self, text: str, persons: _Persons, seg: Segment) -> None:
        self.text, self.persons, self.seg = text, persons, seg
        # [pos, source | None | False, sentence end]; None = subject not read
        # yet, False = no subject (or being read: stops self-reference).
        self.items: list[list] = []
        self.depth = 0

    def add(self, pos: int, src: _Source) -> None:
        """Add a frame source at ``pos`` (after any earlier item at the same offset)."""
        insort(self.items, [pos, src, 0], key=lambda it: it[0])

    def add_subject(self, s0: int, s1: int) -> None:
        """Add the (unread) subject of the sentence ``s0:s1``."""
        self.items.append([s0, None, s1])

    def walk(self, pos: int) -> Iterable[tuple[int, _Source]]:
        """Yield ``(pos, source)`` for candidates before ``pos``, most recent first."""
        seen = 0
        for i in range(len(self.items) - 1, -1, -1):
            it = self.items[i]
            if it[0] >= pos:
                continue
            seen += 1
            if seen > MAX_ANTECEDENT_ITEMS:
                return
            if it[1] is None:
                it[1] = False
                if self.depth < MAX_SUBJECT_LOOKBACK:
                    self.depth += 1
                    try:
                        got = _sentence_subject(self.text, it[0], it[2], self.persons, self,
                                                self.seg)
                    finally:
                        self.depth -= 1
                    it[1] = got[1] if got is not None else False
                else:
                    it[1] = None  # too deep now; may be read from a shallower call
            if it[1]:
                yield it[0], it[1]


def _find_frames(text: str, seg: Segment, sents: list[tuple[int, Sentence]],
                 quotes: list[_RawQuote], persons: _Persons) -> list[_Frame]:
    """Return the attribution frames of one segment, sentence by sentence."""
    frames: list[_Frame] = []
    cands = _Cands(text, persons, seg)
    # in_quote() by bisection: quotes are sorted by start, and the running
    # maximum of their ends says whether any quote opened before p is still open.
    q_starts = [q.inner_start for q in quotes]
    q_max_end: list[int] = []
    for q in quotes:
        q_max_end.append(max(q.inner_end, q_max_end[-1] if q_max_end else 0))

    def in_quote(p: int) -> bool:
        i = bisect_right(q_starts, p) - 1
        return i >= 0 and q_max_end[i] > p

    for k, (sidx, sent) in enumerate(sents):
        s0, s1 = sent.start, sent.end
        cands.add_subject(s0, s1)
        # Only the patterns that the sentence's words can trigger are run.
        flags = 0
        for w in _TRIGGER_RE.findall(text, s0, s1):
            flags |= _TRIGGERS[w]
        if not flags & _T_PATTERNS:
            continue
        taken: list[tuple[int, int]] = []
        sent_frames: list[_Frame] = []

        def free(a: int, b: int) -> bool:
            return not any(a < y and x < b for x, y in taken)

        def keep(fr: _Frame, span: tuple[int, int]) -> None:
            sent_frames.append(fr)
            taken.append(span)
            if fr.source.kind != "vague" or fr.source.text:
                cands.add(fr.start, fr.source)

        # Impersonal first, so "It is noted" is not read as "it" + "noted".
        for m in (_IMPERSONAL_RE.finditer(text, s0, s1) if flags & _T_IMPERS and flags & _T_IT else ()):
            if in_quote(m.start()):
                continue
            after = text[m.end():s1]
            if _BY_IN_RE.match(after):
                continue  # "it was reported by TASS" is a sourced passive
            src = _Source("", "vague", "", False)
            verb = _norm(m.group("verb")).lower()
            tm = _THAT_RE.match(after)
            if tm:
                rs, re_ = m.end() + tm.end(), s1
            elif _END_RE.match(after):
                rs, re_ = s0, m.start()
            else:
                rs, re_ = m.end(), s1
            keep(_Frame(sidx, m.start(), m.end(), verb, src, *_trim(text, rs, re_),
                        kind="impersonal"), (m.start(), m.end()))

        # Prepositional and passive frames: the source follows.
        for rx, kind, flag, word in ((_PREP_RE, "prep", _T_PREP, _T_PREP_WORD),
                                     (_PASSIVE_RE, "passive", _T_PASSIVE, _T_BE)):
            for m in (rx.finditer(text, s0, s1) if flags & flag and flags & word else ()):
                if in_quote(m.start()) or not free(m.start(), m.end()):
                    continue
                np_s, np_e = _np_after(text, m.end(), s1)
                if np_e <= np_s:
                    continue
                src = _classify_source(text[np_s:np_e], np_s, persons, cands, seg)
                if src is None:
                    continue
                verb = _norm(m.group("verb"))
                verb = verb[0].lower() + verb[1:]
                fstart = m.start()
                if kind == "passive":
                    # "This was reported in X": the subject is part of the frame
                    # and the content is the paragraph before it.
                    subj_s = _clause_start(text, s0, m.start())
                    subj_txt = text[subj_s:m.start()].strip().lower()
                    that = _THAT_RE.match(text, np_e, s1)
                    back = True
                    if that:
                        # "It was reported by TASS that ...": the clause follows.
                        rs, re_, back = np_e + that.end(), s1, False
                        fstart = subj_s if subj_txt == "it" else m.start()
                    elif subj_txt in _DEMONSTRATIVE_SUBJECTS:
                        fstart = subj_s
                        ps = max(text.rfind("\n", seg.start, s0) + 1, seg.start)
                        if ps >= s0 and k > 0:
                            ps = sents[k - 1][1].start
                        rs, re_ = ps, s0
                    else:
                        rs, re_ = s0, s1  # "The attack was confirmed by TASS."
                else:
                    before = TOKEN_RE.findall(text, s0, m.start())
                    after_toks = TOKEN_RE.findall(text, np_e, s1)
                    if len(after_toks) <= 1:
                        rs, re_, back = s0, m.start(), True
                    elif len(before) <= 3:
                        # Content starts after the comma closing the frame
                        # ("As announced by X in early June, Putin ...").
                        comma = text.find(",", np_e, min(s1, np_e + 80))
                        rs, re_, back = (comma + 1 if comma >= 0 else np_e), s1, False
                    else:
                        rs, re_, back = s0, s1, False
                keep(_Frame(sidx, fstart, np_e, verb, src, *_trim(text, rs, re_),
                            backward=back, kind=kind), (m.start(), np_e))

        # Subject + reporting verb (and inverted "said X").
        for m in (_VERB_RE.finditer(text, s0, s1) if flags & _T_VERB else ()):
            vs, ve = m.span()
            if in_quote(vs) or not free(vs, ve):
                continue
            verb = _norm(m.group("verb"))
            fr = _subject_frame(text, seg, sidx, s0, s1, vs, ve, verb, verb in PERSON_ONLY_VERBS,
                                persons, cands, sents, k)
            if fr is not None:
                keep(fr, (fr.start, fr.end))

        # Participles continue the main clause's subject.
        for m in (_PARTICIPLE_RE.finditer(text, s0, s1) if flags & _T_PART else ()):
            vs, ve = m.span("verb")
            if in_quote(vs) or not free(vs, ve):
                continue
            prior = [f for f in sent_frames if f.start < vs and f.kind in ("subject", "inverted")]
            if prior:
                src = max(prior, key=lambda f: f.start).source
            else:
                subj = _sentence_subject(text, s0, s1, persons, cands, seg)
                if subj is None or subj[0] >= vs:
                    continue
                src = subj[1]
            after = text[ve:s1]
            tm = _THAT_RE.match(after)
            rs = ve + tm.end() if tm else ve
            keep(_Frame(sidx, vs, ve, _norm(m.group("verb")), src, *_trim(text, rs, s1),
                        kind="participle"), (vs, ve))

        sent_frames.sort(key=lambda f: f.start)
        frames.extend(sent_frames)
    return frames


def _subject_frame(text: str, seg: Segment, sidx: int, s0: int, s1: int, vs: int, ve: int,
                   verb: str, person_only: bool, persons: _Persons,
                   cands: _Cands, sents: list[tuple[int, Sentence]],
                   k: int) -> _Frame | None:
    """Return the frame for the reporting verb at ``vs:ve``, or None when it has no subject."""
    lo = max(s0, vs - MAX_LOOKBACK_CHARS)
    prev = _PREV_WORD_RE.search(text, max(lo, vs - 12), vs)
    if prev and prev.group(1).lower() in _NOUN_MARKERS:
        return None  # "the report", "to say", "his claims": not a finite verb
    # Strip fillers between subject and verb ("has also said").
    end = vs
    passive_aux = False
    aux = False
    while True:
        j = end
        while j > lo and text[j - 1].isspace():
            j -= 1
        w_end = j
        while j > lo and (text[j - 1].isalpha()):
            j -= 1
        word = text[j:w_end]
        glued = j > lo and text[j - 1] in "-'\u2019"  # part of "so-called", "it's"
        if word and word.lower() in SUBJECT_VERB_FILLERS and not glued:
            if word.lower() in ("was", "were", "is", "are", "been", "be"):
                passive_aux = True
            if word.lower() in _AUXILIARIES:
                aux = True
            end = j
            continue
        if word and word.islower() and word.endswith("ly") and len(word) > 4:
            end = j
            continue
        break
    if aux and verb in BASE_FORM_VERBS:
        return None  # "Russia will respond", "they could say": not a report
    if passive_aux and not (verb in ("quoted", "cited") and _AS_RE.match(text, ve, s1)):
        # "He was told to leave", "was reported by" (a sourced passive, handled
        # elsewhere); only "X was quoted as saying" keeps X as the speaker.
        return None
    cstart = _clause_start(text, lo, end)
    chunk = text[cstart:end]
    src = None
    fstart = cstart
    if not chunk.strip():
        # Appositive or relative clause before the verb: "The treaty, which was
        # ratified ..., stipulates"; "The head of the CNS, Ivan X, said".
        fstart, src = _subject_across_comma(text, lo, cstart, persons, cands, seg)
        if src is None and verb in INVERTIBLE_VERBS and cstart > s0 \
                and text[cstart - 1] in ",\"\u201d":
            inv = _inverted(text, ve, s1, persons, cands, seg)
            if inv is not None:
                np_e, src = inv
                content = _trim(text, s0, _strip_back(text, s0, cstart))
                return _Frame(sidx, vs, np_e, verb, src, *content, backward=True,
                              kind="inverted")
        if src is None:
            return None
    else:
        lead = len(chunk) - len(chunk.lstrip())
        fstart = cstart + lead
        src = _classify_source(chunk, fstart, persons, cands, seg)
        if src is not None and src.text:
            off = chunk.strip().translate(_APOS_FOLD).find(src.text.split()[0])
            fstart = cstart + lead + max(off, 0)
    if src is None:
        return None
    if person_only and src.kind not in ("person", "pronoun") and not (src.kind == "name" and
                                                                       not _is_place(src.text)):
        return None
    if src.kind == "pronoun" and src.text.lower() in ("it", "they") and person_only:
        return None
    # Content direction.
    after = text[ve:s1]
    quote_at = -1
    qm = _AFTER_VERB_QUOTE_RE.match(after)
    tm = _THAT_SOON_RE.match(after)
    back = False
    if qm and text[ve + qm.end() - 1] in "\"\u201c\u201e\u00ab":
        # "Putin said, “...”": the quote is the content.
        quote_at = ve + qm.end() - 1
        rs, re_ = quote_at, s1
    elif tm:
        rs, re_ = ve + tm.end(), s1
    elif _TAIL_RE.match(after):
        # "..., a Kremlin spokesman said on Tuesday." / "“...,” she said,
        # adding ...": the content precedes the frame.
        back = True
        stop = _strip_back(text, s0, fstart)
        rs, re_ = s0, stop
        if len(TOKEN_RE.findall(text, s0, stop)) < 2:
            if k > 0 and not after.strip(" \t\n.!?;\u2026"):
                prev = sents[k - 1][1]  # "she stated." after a quote-only sentence
                rs, re_ = prev.start, prev.end
            else:
                back = False
                rs, re_ = ve, s1
    else:
        rs, re_ = ve, s1
    return _Frame(sidx, fstart, ve, verb, src, *_trim(text, rs, re_), backward=back,
                  quote_at=quote_at)


def _subject_across_comma(text: str, lo: int, cstart: int, persons: _Persons,
                          cands: _Cands, seg: Segment) -> tuple[int, _Source | None]:
    """Return ``(start, source)`` for a subject separated from its verb by commas.

    Walks back over comma-delimited pieces: a relative clause ("The treaty,
    which was ratified ..., stipulates") or a lower-case parenthetical
    ("Peskov, speaking to reporters, said"; "Officials in Kyiv, however,
    said") is skipped; an appositive name ("The head of the CNS, Ivan
    Petrenko, said") is the source.
    """
    comma = cstart - 1
    for _ in range(3):
        if comma < lo or text[comma] != ",":
            return cstart, None
        b = _last_boundary(text, lo, comma)
        if b is not None and b.group(0).lower() in ("which", "who", "whose", "whom"):
            c2 = b.start() - 1
            while c2 >= lo and text[c2].isspace():
                c2 -= 1
            comma = c2
            continue
        s2 = b.end() if b is not None else lo
        piece = text[s2:comma]
        stripped = piece.strip()
        if not stripped:
            return cstart, None
        if stripped[0].islower() and stripped.split()[0] not in DETERMINERS \
                and b is not None and b.group(0) == ",":
            comma = b.start()  # a parenthetical: look before it
            continue
        src = _classify_source(piece, s2, persons, cands, seg)
        if src is None:
            return cstart, None
        return s2 + len(piece) - len(piece.lstrip()), src
    return cstart, None


def _inverted(text: str, ve: int, s1: int, persons: _Persons, cands: _Cands,
              seg: Segment) -> tuple[int, _Source] | None:
    """Return ``(np_end, source)`` for an inverted frame ``, said X.``, else None."""
    np_s = _skip_space(text, ve, s1)
    np_s2, np_e = _np_after(text, np_s, s1)
    if np_e <= np_s2 or not _END_RE.match(text[np_e:s1]) and not text[np_e:np_e + 1] == ",":
        return None
    src = _classify_source(text[np_s2:np_e], np_s2, persons, cands, seg)
    if src is None or src.kind == "pronoun":
        return None
    return np_e, src


def _last_boundary(text: str, lo: int, end: int) -> re.Match[str] | None:
    """Return the last clause boundary in ``text[lo:end]``, or None."""
    last = None
    for m in _BOUNDARY_RE.finditer(text, lo, end):
        last = m
    return last


def _clause_start(text: str, lo: int, end: int) -> int:
    """Return the offset just after the last clause boundary in ``text[lo:end]`` (or ``lo``)."""
    b = _last_boundary(text, lo, end)
    return b.end() if b is not None else lo


def _strip_back(text: str, s0: int, pos: int) -> int:
    """Return ``pos`` moved left over spaces and commas (end of backward content)."""
    while pos > s0 and text[pos - 1] in " \t\n,":
        pos -= 1
    return pos


def _np_after(text: str, pos: int, s1: int) -> tuple[int, int]:
    """Return the span of the noun phrase starting at ``pos`` (source after a preposition)."""
    pos = _skip_space(text, pos, s1)
    m = _NP_AFTER_RE.match(text, pos, s1)
    if not m:
        return pos, pos
    e = m.end()
    stop = _NP_STOP_RE.search(text, pos, e)
    if stop:
        e = stop.start()
    while e > pos and text[e - 1].isspace():
        e -= 1
    if len(TOKEN_RE.findall(text, pos, e)) > MAX_SOURCE_WORDS:
        return pos, pos
    return pos, e


def _sentence_subject(text: str, s0: int, s1: int, persons: _Persons,
                      cands: _Cands, seg: Segment
                      ) -> tuple[int, _Source] | None:
    """Return ``(offset, source)`` for a capitalised or pronoun subject opening the sentence.

    After a discourse opener or an introductory clause ("In his opening
    statements, Lavrov ...") the subject is looked for after the first comma.
    """
    p = _skip_space(text, s0, s1)
    first = _WORD_AT_RE.match(text, p, s1)
    if not first:
        return None
    w = first.group(0)
    lw = w.lower()
    if lw in _PRONOUNS:
        src = _classify_source(w, p, persons, cands, seg)
        return (p, src) if src is not None else None
    intro = lw in DISCOURSE_OPENERS or w[:1].islower() or lw in CONNECTORS \
        or lw in _FUNCTION_OPENERS
    if intro:
        comma = text.find(",", p, min(s1, p + MAX_INTRO_CHARS))
        if comma < 0:
            return None
        p = _skip_space(text, comma + 1, s1)
        nxt = _WORD_AT_RE.match(text, p, s1)
        if nxt and nxt.group(0).lower() in _PRONOUNS:
            src = _classify_source(nxt.group(0), p, persons, cands, seg)
            return (p, src) if src is not None else None
    m = _CAPRUN_RE.match(text, p, s1)
    if not m:
        return None
    src = _classify_source(m.group(0), p, persons, cands, seg)
    if src is None or src.kind not in ("person", "name", "org"):
        return None
    return (p, src)


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------


def _classify_source(chunk: str, pos: int, persons: _Persons,
                     cands: _Cands, seg: Segment) -> _Source | None:
    """Return the classified source for a subject/prepositional noun phrase, or None."""
    shape = _source_shape(chunk)
    if shape is None:
        return None
    kind = shape[0]
    if kind == "src":
        return shape[1]
    if kind == "pronoun":
        return _resolve_pronoun(shape[1], shape[2], pos, persons, cands, seg)
    if kind == "person":  # titled name in the phrase: "Foreign Minister Choe"
        _, chunk, name = shape
        return _Source(chunk, "person", name, True, persons.gender.get(name, ""))
    if kind == "description":  # "the minister": the latest matching titled person
        _, chunk, low, gender = shape
        name = _resolve_description(low, pos, persons)
        return _Source(chunk, "person", name or chunk, True, persons.gender.get(name, gender))
    # kind == "caps": a bare name is a person when the document titled them.
    _, chunk, last_upper = shape
    name = persons.lookup(chunk)
    if name and last_upper:
        return _Source(chunk, "person", name, True, persons.gender.get(name, ""))
    return _Source(chunk, "name", _label(chunk), True)


@lru_cache(maxsize=65536)
def _source_shape(chunk: str) -> tuple | None:
    """Return what a source phrase is before the document is consulted, or None for no source.

    ``("src", source)`` when the phrase alone decides (vague, organisation);
    otherwise what :func:`_classify_source` still has to resolve against the
    document's persons and antecedents: ``("pronoun", low, surface)``,
    ``("person", chunk, name)``, ``("description", chunk, low_words, gender)``
    or ``("caps", chunk, last_word_capitalised)``.  Cached because news repeats
    its source phrases ("the ministry", "officials", "Kremlin spokesman
    Dmitry Peskov") across sentences and articles.
    """
    chunk = _norm(chunk).translate(_APOS_FOLD).strip(" ,")
    toks = chunk.split()
    # Drop discourse openers ("However the CNS").
    while len(toks) > 1 and toks[0].lower().strip(",") in DISCOURSE_OPENERS:
        toks = toks[1:]
    if not toks or len(toks) > MAX_SOURCE_WORDS:
        return None
    chunk = " ".join(toks)
    low = [t.lower().strip("()") for t in toks]
    if all(t in DETERMINERS or t in CONNECTORS for t in low):
        return None  # "The", "the other": no noun at all
    if len(toks) == 1 and low[0] in _PRONOUNS:
        return ("pronoun", low[0], toks[0])
    if low[0] in ("we", "i", "you", "this", "that", "these", "those", "which", "who", "what"):
        return None
    if len(toks) == 1 and (low[0] in CONNECTORS or low[0] in DISCOURSE_OPENERS
                           or low[0] in _FUNCTION_OPENERS):
        return None  # "As announced by ...": a sentence opener, not a subject
    head = _singular(_POSSESSIVE_RE.sub("", low[-1]))
    last = toks[-1]
    first_ok = toks[0][:1].isupper() or toks[0][:1] == "(" or low[0] in DETERMINERS \
        or low[0] in VAGUE_SOURCE_WORDS
    last_ok = last[:1].isupper() or last.endswith(")") or head in PERSON_HEADS \
        or head in ORG_HEADS or head in VAGUE_SOURCE_WORDS
    if not last_ok or _POSSESSIVE_RE.search(last):
        return None  # "Putin's claims": a possessive is not a subject
    pm = _PERSON_RE.search(chunk)
    if pm and (not chunk.endswith(pm.group("name")) or not _is_person_name(pm.group("name"))):
        pm = None  # a modifier ("President Putin's website") or an org ("General Staff")
    known_head = head in VAGUE_SOURCE_WORDS or head in ORG_HEADS or head in PERSON_HEADS
    if not first_ok and pm is None and not (len(toks) <= 5 and known_head):
        return None
    # Lower-case words that are neither connectors nor nouns we know suggest a
    # clause, not a noun phrase ("Putin has neither confirmed nor denied the").
    loose = [t for t in toks if t.isalpha() and t.islower() and t not in CONNECTORS
             and t not in DETERMINERS and t not in VAGUE_SOURCE_WORDS and t not in PERSON_HEADS
             and t not in ORG_HEADS]
    if len(loose) > 4:
        return None
    if _is_vague(toks, low):
        return ("src", _Source(chunk, "vague", "", False))
    if pm is not None:
        return ("person", chunk, _POSSESSIVE_RE.sub("", pm.group("name")))
    if head in PERSON_HEADS:
        gender = "m" if head in _MALE_TITLES else "f" if head in _FEMALE_TITLES else ""
        return ("description", chunk, tuple(low), gender)
    if head in ORG_HEADS or any(_is_acronym(t) for t in toks) or "'" in chunk:
        return ("src", _Source(chunk, "org", _label(chunk), True))
    if any(t[:1].isupper() and t.lower() not in DETERMINERS for t in toks):
        return ("caps", chunk, last[:1].isupper())
    return ("src", _Source(chunk, "org", _label(chunk), True))


def _is_vague(toks: list[str], low: list[str]) -> bool:
    """Return True for a source nobody can check ("observers", "US officials",
    "sources close to the Kremlin"); "state media outlet KCNA" and "analysts
    at the ISW" end in a name and are named."""
    vague = [t for t in low if t in VAGUE_SOURCE_WORDS]
    if not vague:
        return False
    if any(t in _ANONYMOUS_WORDS for t in vague):
        return True
    last = _POSSESSIVE_RE.sub("", toks[-1]).strip("()")
    return not (last[:1].isupper() and last not in PLACE_WORDS
                and low.index(vague[0]) < len(low) - 1)


def _is_person_name(name: str) -> bool:
    """Return False when a "name" after a title is an organisation ("General Staff")."""
    return not any(t.lower() in ORG_HEADS or t.lower() in VAGUE_SOURCE_WORDS
                   for t in name.split())


def _singular(word: str) -> str:
    """Return a known head noun for a plural ("ministers" -> "minister"), else ``word``."""
    if word in PERSON_HEADS or word in ORG_HEADS or word in VAGUE_SOURCE_WORDS:
        return word
    for cut in (1, 2):
        w = word[:-cut]
        if word.endswith("s") and (w in PERSON_HEADS or w in ORG_HEADS):
            return w
    if word.endswith("ies") and word[:-3] + "y" in ORG_HEADS:
        return word[:-3] + "y"
    return word


def _resolve_description(low: list[str], pos: int, persons: _Persons) -> str:
    """Return the latest titled person whose title holds the description's words, or ""."""
    words = [w for w in low if w not in DETERMINERS and w not in CONNECTORS]
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


def _resolve_pronoun(pron: str, surface: str, pos: int, persons: _Persons,
                     cands: _Cands, seg: Segment) -> _Source:
    """Return the source a pronoun refers to (rule 2); unresolved pronouns are not named."""
    want_person = pron in ("he", "she")
    gender = {"he": "m", "she": "f"}.get(pron, "")
    for _cpos, c in cands.walk(pos):
        if want_person:
            if c.kind == "pronoun" and c.resolved and c.gender in ("", gender):
                return _remember(_Source(surface, "pronoun", c.resolved, True, gender), persons)
            if c.kind == "person" or (c.kind == "name" and not _is_place(c.text)):
                g = persons.gender.get(c.resolved, c.gender)
                if g and g != gender:
                    continue
                return _remember(_Source(surface, "pronoun", c.resolved, True, gender), persons)
        else:
            plural = c.kind == "person" and c.text.lower().endswith("s") and c.resolved == c.text
            if c.kind in ("org", "name", "vague") or plural \
                    or (c.kind == "pronoun" and pron == "they"):
                return _Source(surface, "pronoun", c.resolved, bool(c.resolved) and c.named)
    if want_person:
        for p in persons.before(pos, seg.start):
            g = persons.gender.get(p.name, p.gender)
            if g and g != gender:
                continue
            return _remember(_Source(surface, "pronoun", p.name, True, gender), persons)
    return _Source(surface, "pronoun", "", False, gender)


def _remember(src: _Source, persons: _Persons) -> _Source:
    """Record the gender a pronoun revealed so later she/he keep to the right person."""
    if src.resolved and src.gender:
        persons.gender.setdefault(src.resolved, src.gender)
    return src


def _is_acronym(tok: str) -> bool:
    t = tok.strip("()").rstrip(".,")
    return len(t) >= 2 and t.isupper() and t.isalpha()


def _is_place(phrase: str) -> bool:
    return any(_POSSESSIVE_RE.sub("", t) in PLACE_WORDS for t in phrase.split())


def _label(chunk: str) -> str:
    """Return a display label: "the CNS" -> "CNS"; descriptions keep their article."""
    toks = chunk.split()
    if len(toks) > 1 and toks[0].lower() == "the" and all(
            t[:1].isupper() or t[:1] == "(" or t.lower() in CONNECTORS for t in toks[1:]):
        return " ".join(toks[1:])
    return chunk


def _norm(s: str) -> str:
    return _SPACE_RE.sub(" ", s).strip()


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Return ``(a, b)`` with surrounding spaces and commas removed (content bounds)."""
    while a < b and text[a] in " \t\n,":
        a += 1
    while b > a and text[b - 1] in " \t\n,":
        b -= 1
    return a, b


# --------------------------------------------------------------------------
# Rules 3 and 4: speakers and quote kinds
# --------------------------------------------------------------------------


def _assign_speakers(text: str, quotes: list[_RawQuote], frames: list[_Frame],
                     sents: list[tuple[int, Sentence]], persons: _Persons) -> None:
    """Set ``speaker``, ``introduced``, ``adjacent`` and ``covered`` on each quote (rule 3)."""
    starts = [s.start for _, s in sents]
    frames = sorted(frames, key=lambda f: f.start)
    fstarts = [f.start for f in frames]
    last_speaker_in_sent: dict[int, str] = {}
    for f in frames:
        if f.source.resolved:
            last_speaker_in_sent[f.sent_idx] = _speaker(f)
    for q in quotes:
        # Only frames near the quote can be adjacent to it or cover it.
        lo = bisect_right(fstarts, q.start - FRAME_WINDOW_CHARS)
        near = frames[lo:bisect_right(fstarts, q.end + FRAME_WINDOW_CHARS)]
        speaker = ""
        after = _frame_right_after(text, q.end, frames, fstarts)
        if after is not None and _is_relay(text, after) and any(
                f is not after and f.rstart <= q.start < f.rend and f.source.resolved
                and not _is_relay(text, f) for f in near):
            # "Peskov told reporters that the talks were “...”, as quoted by
            # RIA Novosti": the outlet carried the words, Peskov said them.
            after = None
        if after is not None:
            q.adjacent = True
            speaker = _speaker(after)
        if not speaker:
            # An introducing frame ends before the quote, so it starts before it too.
            for f in frames[lo:bisect_right(fstarts, q.start)]:
                if f.quote_at == q.start or (
                        f.kind == "subject" and not f.backward and f.end <= q.start
                        and _INTRO_GAP_RE.fullmatch(text, f.end, q.start)):
                    q.introduced = True
                    speaker = _speaker(f)
                    break
        if not speaker:
            best = None
            for f in near:
                if f.rstart <= q.start < f.rend:
                    q.covered = True
                    if f.source.resolved and (best is None or
                                              f.rend - f.rstart < best.rend - best.rstart):
                        best = f
            if best is not None:
                speaker = _speaker(best)
                relayed = _relayed_person(text, best.rstart, q.start)
                if relayed and relayed != best.source.resolved:
                    speaker = f"{speaker} (relaying {relayed})"
        k = bisect_right(starts, q.start) - 1
        if not speaker and q.words >= INHERIT_MIN_WORDS and k >= 1 \
                and not text[sents[k][1].start:q.start].strip(" \t\n-\u2014*"):
            speaker = last_speaker_in_sent.get(sents[k - 1][0], "")
        if speaker:
            q.covered = True
            q.speaker = speaker
            if k >= 0:
                # A following quote-only sentence may inherit from this quote.
                k_end = bisect_right(starts, q.end - 1) - 1
                last_speaker_in_sent[sents[k_end][0]] = speaker


def _is_relay(text: str, f: _Frame) -> bool:
    """Return True for a frame naming the outlet that carried words ("as quoted by TASS")."""
    return text[f.start:f.start + 3].lower() == "as "


def _speaker(f: _Frame) -> str:
    return f.source.resolved


def _relayed_person(text: str, rstart: int, qstart: int) -> str:
    """Return the person whose words the quote continues ("... leader Kim Jong-un “gave ...”").

    Only when the reported clause up to the quote is exactly a titled person
    (the quote is that person's predicate); "under the leadership of
    President Vladimir Putin “the Russian army ...”" is not.
    """
    piece = text[rstart:qstart].strip()
    if not piece or len(piece) > 80:
        return ""
    m = _PERSON_RE.fullmatch(piece)
    if m:
        return _POSSESSIVE_RE.sub("", m.group("name")).translate(_APOS_FOLD)
    return ""


def _phrase_key(text: str, q: _RawQuote) -> str:
    return _SPACE_RE.sub(" ", text[q.inner_start:q.inner_end].translate(_APOS_FOLD)
                         .lower().strip(" \t\n.,;:!?\u2026")).strip()


def _listed(text: str, a: _RawQuote, b: _RawQuote) -> bool:
    """Return True when quote ``b`` follows ``a`` as the next item of a list."""
    return 0 <= b.start - a.end <= 16 and _LIST_GAP_RE.fullmatch(text, a.end, b.start) is not None


def _classify(text: str, quotes: list[_RawQuote], counts: Mapping[str, int]) -> None:
    """Set ``kind`` to ``scare`` or ``direct`` on each quote (rule 4)."""
    def no_final(q: _RawQuote) -> bool:
        return not _FINAL_PUNCT_RE.search(text, q.inner_start, q.inner_end) and not q.orphan

    def shortish(q: _RawQuote, limit: int) -> bool:
        return 0 < q.words <= limit and no_final(q) and not q.introduced and not q.adjacent

    for q in quotes:
        q.kind = "direct"
        if shortish(q, SCARE_MAX_WORDS) and (not q.covered
                                             or counts.get(_phrase_key(text, q), 0) >= REPEAT_MIN):
            q.kind = "scare"
    # Lists of quotes: "“diplomatic missions”, “consular offices” and “...”".
    i = 0
    while i < len(quotes):
        j = i
        while j + 1 < len(quotes) and _listed(text, quotes[j], quotes[j + 1]):
            j += 1
        group = quotes[i:j + 1]
        if len(group) >= 2 and all(shortish(q, LIST_SCARE_MAX_WORDS) for q in group) and any(
                q.words <= SCARE_MAX_WORDS for q in group):
            for q in group:
                q.kind = "scare"
        i = j + 1
    for q in quotes:
        if q.kind == "scare":
            q.speaker = ""
