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
   found per sentence with reporting verbs: forms of role ``any`` with any
   subject, of role ``base`` ("Sources say") only with no auxiliary
   between subject and verb ("Russia will respond" is no report), and
   of role ``person`` ("referred to", "praised") only with a person as
   subject (roles in the ``voice`` cells of ``attribution.csv`` and
   ``voice/verbs.csv``).  A passive auxiliary makes the subject a recipient ("He was told
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
   ``voice/vague_sources.csv`` (observers, sources, experts, officials...) unless
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
6. **Whole-text voice** (:mod:`~framing.detect.voice.wholetext`): a segment
   with a catalog ``speaker`` (part or document), a ``quoted_article``
   segment with a known outlet, a ``Source: X`` line opening the text (X not
   a news outlet), or "From an article by X" near the top, gets one frame
   over the whole segment (verb ``republished`` / ``source line`` /
   ``article by``); the title just above a ``Source:`` line too.  Forum
   quote blocks (``>`` lines, ``Quote from: X on ...``) are direct quotes of
   X (or "the quoted comment").  A title "Name: claim" or "claim - Name"
   gives the claim to Name (``headline_label`` words are no speaker).
7. **Own labels and lead credits**: :meth:`VoiceResult.voice_of_label`
   keeps a match own inside indirect speech when ``voice/own_labels.csv``
   says so (toponyms; labels naming the speaker's side).  "reported by X
   with reference to Y" names Y, and Y speaks the later impersonal frames of
   the document (still ``named=False``).  Descriptions ("the agency", "the
   Center", "the head of state") resolve to the last compatible source
   (``voice/description_heads.csv``).

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
same source is spelled one way ("Putin's website").  The word lists are
data in the lexicon folder (``lexicons/README.md``, "Voice words"), read and
compiled once per folder and process; a sentence is searched only with the
patterns its words can trigger, and look-backs are bounded, so the cost
grows linearly with the text.

Modules: :mod:`~framing.detect.voice.words` (reading the word lists),
:mod:`~framing.detect.voice.patterns` (limits and compiled patterns),
:mod:`~framing.detect.voice.quotes` (rule 1), :mod:`~framing.detect.voice.frames`
(rule 2), :mod:`~framing.detect.voice.sources` (source phrases and titled
persons), :mod:`~framing.detect.voice.speakers` (rule 3),
:mod:`~framing.detect.voice.scare` (rule 4), :mod:`~framing.detect.voice.wholetext`
(rule 6), :mod:`~framing.detect.voice.result`
(:class:`VoiceResult`) and :mod:`~framing.detect.voice.analysis` (the entry point).
Other code imports only the names re-exported here.
"""

from framing.detect.voice.analysis import ANALYSED_KINDS, analyze_voice
from framing.detect.voice.result import VoiceResult

__all__ = ["VoiceResult", "analyze_voice", "ANALYSED_KINDS"]
