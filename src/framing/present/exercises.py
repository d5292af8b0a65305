"""Classroom media-literacy exercises, with answer keys, built from an analysed corpus.

Six kinds, each a plain :class:`Exercise` record (passages, questions, and an
answer key whose every answer is a lexicon match, an attribution frame or a
contrast measure of the analysis, explained in words a student can follow):

``spot``      Spot the loaded words: mark the loaded phrases of a passage; the key
              gives each phrase's category, why it is loaded (the lexicon
              rationale) and a neutral alternative.
``voice``     Whose voice: for each loaded phrase, does the outlet say it, or does
              it quote someone, and whom?
``frames``    Same claim, different frames: two or three passages about one claim
              from different stances, with guided questions on word choice,
              sourcing and what is left out; the key uses the claim contrast.
``source``    Guess the source: a passage with the outlet's name removed; guess
              the stance and name the cues (toponyms, loaded words, sources,
              distinctive terms).
``rewrite``   Neutral rewrite: rewrite a loaded passage; the model answer swaps in
              the lexicon's neutral alternatives, leaving direct quotes intact.
``sourcing``  Check the sourcing: which sentences name their source, which give a
              vague one, and which are stated without any.

Generation is deterministic: the same analysis, kind, level, filters and
``seed`` give the same exercises (``random.Random(seed)`` over candidates
enumerated in document and sentence order).  Passages are whole sentences of
prose segments (body, quoted article, forum comment), never cut inside a
quotation, and never shared by two exercises of one call.  When the corpus is
too small for a kind a :class:`~framing.core.errors.FramingError` says what is
missing and how to fix it; when only some of the requested exercises can be
made, a :class:`ShortfallWarning` says how many and why.

Difficulty (see :data:`LEVELS`): longer passages, sparser cues and subtler
(lower-weight) cues make an exercise harder.  Nothing here imports Streamlit,
the CLI or the store; :mod:`framing.present.worksheet` renders the records.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import warnings
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from framing.core.errors import FramingError
from framing.text.stopwords import english_stop_words
from framing.text.tokens import TOKEN_RE
from framing.core.types import UNKNOWN, Attribution, Match, Quote

if TYPE_CHECKING:
    from framing.detect.document import DetectedDocument
    from framing.api import Analysis
    from framing.detect.lexicon import Lexicon
    from framing.detect.matcher import Matcher

__all__ = [
    "KINDS", "LEVELS", "Level", "Passage", "Question", "Answer", "Exercise", "Feedback",
    "ShortfallWarning", "generate", "check_answer", "model_rewrite", "outlet_names", "student_text",
    "category_colours",
]

# --------------------------------------------------------------------------
# Named constants
# --------------------------------------------------------------------------

#: The exercise kinds, in the order a lesson usually introduces them.
KINDS = ("spot", "voice", "rewrite", "sourcing", "frames", "source")

#: Short titles shown on worksheets.
KIND_TITLES = {
    "spot": "Spot the loaded words",
    "voice": "Whose voice?",
    "frames": "Same claim, different frames",
    "source": "Guess the source",
    "rewrite": "Neutral rewrite",
    "sourcing": "Check the sourcing",
}

#: A loaded cue with at least this lexicon weight is *blatant* (the lexicons
#: give 2-3 to words such as "holy war", "pseudo-diplomatic", "dictators",
#: which most readers notice at once).
BLATANT_WEIGHT = 2.0
#: A loaded cue with at most this weight is *subtle* (1-1.5: "comrades",
#: "unwavering", "occupation troops", "touted": framing that reads as normal
#: prose unless you look for it).
SUBTLE_WEIGHT = 1.5

#: A stance takes part in a ``frames`` comparison only with a sentence assigned
#: to the claim at least this confidently.  Read on the seeds: below 0.2 the
#: assignments are mostly incidental mentions ("rebuilding North Korea after
#: the Korean War" for the workers claim, treaty articles for support for the
#: war); above it they are about the claim.
FRAMES_MIN_CONFIDENCE = 0.2

#: A distinctive term is shown in a key only above this log-odds z (two-sided
#: 5 %, the threshold :mod:`framing.analyze.distinctive` uses): below it, terms such as
#: "Russia" or "North" are noise, not a stance's vocabulary.
DISTINCTIVE_MIN_Z = 1.96

#: At most this many distinctive terms per passage in a key: the strongest few
#: are clues, a list of ten is a word cloud.
MAX_TERMS = 3

#: What the outlet-name placeholder looks like in ``source`` passages.
OUTLET_PLACEHOLDER = "[outlet]"

#: The radio choice meaning "the outlet says it itself" in ``voice`` exercises.
OWN_CHOICE = "the outlet itself (own words)"
#: Prefix of the choices naming a quoted speaker.
QUOTED_PREFIX = "quoted: "
#: The choice for quoted speech whose speaker the text does not name.
UNNAMED_SPEAKER = "an unnamed source"

#: A neutral rewrite that keeps less than this share of the passage's ordinary
#: content words has dropped information rather than reworded it; its score
#: is capped at the share kept (deleting the passage is not a rewrite).
REWRITE_MIN_KEPT = 0.5

#: Words that open a sentence which leans on the one before it ("He also
#: said...", "However, ..."): a passage should not start there when a cleaner
#: start exists, because the student cannot tell who "he" is.
DEPENDENT_OPENERS = frozenset({
    "he", "she", "they", "it", "this", "these", "that", "those", "his", "her", "their",
    "its", "such", "however", "additionally", "furthermore", "meanwhile", "therefore",
    "also", "but", "and", "moreover", "thus", "then", "second", "third", "first",
    "foremost", "in", "we",
})

#: A body sentence with no final punctuation and at most this many words is a
#: subheading ("The Significance of Putin's Visit"); passages do not include
#: subheadings, which read as stray fragments in a worksheet.
HEADING_MAX_WORDS = 12
_FINAL_PUNCT = tuple('.!?"”’)…:')

#: Segment kinds passages are cut from: running prose.  Titles count as prose
#: for scoring, but a one-line headline is not a passage to read (the
#: worksheet shows the title in the source line instead); pull quotes repeat
#: the body, and boilerplate and references are not the outlet's framing.
PASSAGE_KINDS = frozenset({"body", "quoted_article", "comment"})

#: A distinctive term counts as a stance's own word only when at least this
#: share of its uses in the corpus are in that stance's texts: "workers" (4 of
#: 4 in ua_gov) or "DPRK" (55 of 62 in think_tank) tell a student something,
#: "Korean" (8 of 17 in wire_rewrite) is just the topic.
DISTINCTIVE_MIN_SHARE = 2 / 3

#: Words that are never distractors nor count for rewrite coverage, besides
#: scikit-learn's English stop words (the list the claim vectorizer uses too).
EXTRA_STOP_WORDS = frozenset({"said", "says", "also", "would", "could", "like", "just"})


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return english_stop_words() | EXTRA_STOP_WORDS


@dataclass(frozen=True)
class Level:
    """How hard an exercise is: passage length, cue density and cue strength.

    ``sentences`` bounds passage length (a document block shorter than the
    minimum is used whole).  ``min_density``/``max_density`` bound cues per
    sentence.  ``blatant``: the passage must hold a cue of weight >=
    :data:`BLATANT_WEIGHT`; ``subtle``: it must hold one of weight <=
    :data:`SUBTLE_WEIGHT`.  ``distractors`` is how many non-answers a ``spot``
    multiselect offers; ``stances`` how many passages a ``frames`` exercise
    compares (at least two); ``source_cues`` the minimum number of cues a
    ``source`` passage must carry (more cues make guessing easier);
    ``count_hint``: tell the student how many phrases to find.
    """

    name: str
    sentences: tuple[int, int]
    min_density: float
    max_density: float
    blatant: bool
    subtle: bool
    distractors: int
    stances: int
    source_cues: int
    count_hint: bool


#: Difficulty levels.  Easy: one or two sentences with at least one blatant
#: cue and a cue every other sentence, and the number of phrases to find is
#: given.  Medium: two to four sentences, any cues.  Hard: four to six
#: sentences where cues are sparse (at most one a sentence) and at least one
#: is subtle, with more distractors, more passages to compare and fewer
#: source cues.
LEVELS: dict[str, Level] = {
    "easy": Level("easy", (1, 2), 0.5, math.inf, True, False, 3, 2, 3, True),
    "medium": Level("medium", (2, 4), 0.0, math.inf, False, False, 5, 3, 2, False),
    "hard": Level("hard", (4, 6), 0.0, 1.0, False, True, 8, 3, 1, False),
}


class ShortfallWarning(UserWarning):
    """Fewer exercises than requested could be made; the message says how many and why."""


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """A run of whole sentences shown to students, with where it comes from.

    ``start``/``end`` are offsets into the document's repaired text;
    ``sentences`` are ``(start, end)`` offsets into :attr:`text`, one per
    sentence (``sent_idx`` gives their indexes in ``ParsedDocument.sentences``).
    In ``source`` exercises the text has outlet names replaced by
    :data:`OUTLET_PLACEHOLDER` (``redacted`` lists what was removed), so it is
    no longer a slice of the document.
    """

    text: str
    doc_id: str
    stance: str
    outlet: str
    title: str
    date: str
    url: str
    start: int
    end: int
    sent_idx: tuple[int, ...]
    sentences: tuple[tuple[int, int], ...]
    label: str = ""
    redacted: tuple[str, ...] = ()

    @property
    def source_line(self) -> str:
        """Return a one-line citation: outlet, title, date (what the worksheet shows)."""
        parts = [self.outlet if self.outlet != UNKNOWN else "unknown outlet"]
        if self.title:
            parts.append(f"“{self.title}”")
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True)
class Question:
    """One thing the student answers.

    ``response`` is the widget it needs: ``phrases`` (mark phrases; ``choices``
    are the options offered on screen), ``choice`` (one of ``choices``),
    ``text`` (free text) or ``check`` (tick or not).  ``target`` is the phrase
    or sentence asked about, at ``start:end`` of passage ``passage``
    (``-1`` when the question is about the whole exercise).
    """

    id: str
    prompt: str
    response: str
    choices: tuple[str, ...] = ()
    target: str = ""
    passage: int = 0
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Answer:
    """One item of the answer key.

    ``start``/``end`` are offsets into passage ``passage``'s text (``-1`` when
    the answer is not a span, e.g. a stance, an endnote or a stance that does
    not cover a claim); ``doc_start``/``doc_end`` are offsets into the
    document's repaired text.  ``category`` is the lexicon category for
    phrases, else what kind of item it is (``stance``, ``named``, ``vague``,
    ``none``, ``source``, ``distinctive``, ``not_covered`` ...).  ``question``
    is the id of the question it answers, if any.
    """

    text: str
    start: int
    end: int
    category: str
    explanation: str
    neutral_alternative: str = ""
    voice: str = ""
    speaker: str = ""
    passage: int = 0
    question: str = ""
    entry_id: str = ""
    weight: float = 0.0
    doc_id: str = ""
    doc_start: int = -1
    doc_end: int = -1


@dataclass(frozen=True)
class Exercise:
    """One exercise: what the student sees (passages, questions) and the key (answers).

    ``model_answer`` is the model rewrite (``rewrite``, with the new wording
    at ``model_spans``) or the stance (``source``); ``notes`` are key-only remarks for the teacher (e.g. where
    the lexicon has no neutral wording, or how the stances cover the claim).
    ``lexicon_dir`` lets :func:`check_answer` re-run the matcher on a rewrite.
    """

    kind: str
    number: int
    title: str
    instructions: str
    passages: tuple[Passage, ...]
    questions: tuple[Question, ...]
    answers: tuple[Answer, ...]
    level: str
    seed: int
    claim_id: str = ""
    claim_statement: str = ""
    model_answer: str = ""
    model_spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()
    lexicon_dir: str = ""

    @property
    def passage(self) -> Passage:
        """Return the first (usually the only) passage."""
        return self.passages[0]


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check_answer`: a score in [0, 1] and what was right, missed and wrong.

    ``explanations`` has one line per item (right, missed or wrong), taken from
    the answer key, so a student sees why.
    """

    score: float
    correct: tuple[str, ...]
    missed: tuple[str, ...]
    wrong: tuple[str, ...]
    explanations: tuple[str, ...]


# --------------------------------------------------------------------------
# A view of the analysed corpus: blocks of prose sentences and their cues
# --------------------------------------------------------------------------

@dataclass
class _Doc:
    """Per-document look-ups built once per :func:`generate` call."""

    a: "DetectedDocument"
    meta: Mapping[str, str]
    by_sent: dict[int, list[Match]]
    quotes: list[Quote]
    direct: list[Quote]
    attrs: list[Attribution]
    citations: dict[int, list[int]]  # sent_idx -> endnote numbers
    references: dict[int, list]      # endnote number -> Reference records

    @property
    def text(self) -> str:
        return self.a.parsed.text

    @property
    def doc_id(self) -> str:
        return self.a.doc_id


@dataclass(frozen=True)
class _Window:
    """A candidate passage: consecutive sentences of one block of one document."""

    doc_id: str
    sent_idx: tuple[int, ...]
    stance: str
    outlet: str
    seg_id: str
    clean_start: bool


def _is_heading(text: str) -> bool:
    t = text.rstrip()
    return not t.endswith(_FINAL_PUNCT) and len(t.split()) <= HEADING_MAX_WORDS


def _clean_start(sent_text: str) -> bool:
    """True when a passage can start at this sentence without a dangling reference.

    A sentence opening with a pronoun or connective ("He also...", "However,
    ...") leans on the one before it: a student cannot tell who "he" is.
    """
    first = TOKEN_RE.search(sent_text)
    return first is None or first.group().lower() not in DEPENDENT_OPENERS


class _View:
    """The analysed corpus seen as exercise material."""

    def __init__(self, analysis: "Analysis") -> None:
        self.analysis = analysis
        self.docs: dict[str, _Doc] = {}
        self.blocks: list[tuple[str, list[int]]] = []  # (doc_id, sentence indexes)
        for a in analysis.analyses:
            p = a.parsed
            by_sent: dict[int, list[Match]] = {}
            for m in a.matches:
                by_sent.setdefault(m.sent_idx, []).append(m)
            cit: dict[int, list[int]] = {}
            sents = p.sentences
            starts = [s.start for s in sents]
            for c in p.repaired.citations:
                # a footnote marker follows the text it supports: it belongs to
                # the last sentence that starts before it
                i = bisect_right(starts, c.position) - 1
                if i >= 0:
                    cit.setdefault(i, []).append(c.number)
            refs: dict[int, list] = {}
            for r in p.repaired.references:
                refs.setdefault(r.number, []).append(r)
            quotes = list(a.voice.quotes)
            self.docs[a.doc_id] = _Doc(a, p.doc.meta, by_sent, quotes,
                                       [q for q in quotes if q.kind == "direct"],
                                       list(a.voice.attributions), cit, refs)
            self._blocks_of(a)

    def _blocks_of(self, a: "DetectedDocument") -> None:
        """Split a document's prose into blocks: runs of consecutive prose segments of one kind and stance, cut at subheadings."""
        p = a.parsed
        run: list[int] = []
        prev = None
        seg_sents: dict[str, list[int]] = {}
        for i, s in enumerate(p.sentences):
            seg_sents.setdefault(s.seg_id, []).append(i)
        for seg in sorted(p.segments, key=lambda s: s.index):
            key = (seg.kind, seg.stance)
            if seg.kind not in PASSAGE_KINDS or key != prev:
                if run:
                    self.blocks.append((a.doc_id, run))
                run = []
            prev = key if seg.kind in PASSAGE_KINDS else None
            if seg.kind not in PASSAGE_KINDS:
                continue
            for i in seg_sents.get(seg.seg_id, []):
                text = p.sentences[i].text
                if seg.kind != "comment" and _is_heading(text):
                    if run:
                        self.blocks.append((a.doc_id, run))
                    run = []
                    continue
                if TOKEN_RE.search(text) is None:
                    continue
                run.append(i)
        if run:
            self.blocks.append((a.doc_id, run))

    # -- windows ----------------------------------------------------------

    def windows(self, sentences: tuple[int, int], stances: set[str] | None = None,
                allowed: set[tuple[str, int]] | None = None) -> list[_Window]:
        """Return every candidate window of ``sentences`` (min, max) length, in document order.

        A block shorter than the minimum yields itself whole (small corpora
        still get exercises).  Windows never start or end inside a quotation,
        so no quoted phrase is cut in half.  ``allowed``, when given, keeps
        windows holding at least one of those ``(doc_id, sent_idx)`` pairs.
        """
        lo, hi = sentences
        out: list[_Window] = []
        for doc_id, block in self.blocks:
            d = self.docs[doc_id]
            p = d.a.parsed
            seg = p.segment(p.sentences[block[0]].seg_id)
            if stances is not None and seg.stance not in stances:
                continue
            n = len(block)
            lengths = range(min(lo, n), min(hi, n) + 1)
            for i in range(n):
                for L in lengths:
                    if i + L > n:
                        break
                    idx = tuple(block[i:i + L])
                    if idx[-1] - idx[0] != L - 1:
                        continue  # a gap (skipped empty sentence): not contiguous text
                    s0, s1 = p.sentences[idx[0]], p.sentences[idx[-1]]
                    if self._cuts_quote(d, s0.start, s1.end):
                        continue
                    if allowed is not None and not any((doc_id, j) in allowed for j in idx):
                        continue
                    first_seg = p.segment(s0.seg_id)
                    out.append(_Window(doc_id, idx, first_seg.stance, first_seg.outlet, first_seg.seg_id,
                                       _clean_start(s0.text)))
        return out

    @staticmethod
    def _cuts_quote(d: _Doc, start: int, end: int) -> bool:
        return any(q.start < start < q.end or q.start < end < q.end for q in d.quotes)

    # -- cues -------------------------------------------------------------

    def matches(self, w: _Window) -> list[Match]:
        """Return all lexicon matches inside window ``w``, in text order."""
        d = self.docs[w.doc_id]
        return [m for i in w.sent_idx for m in d.by_sent.get(i, [])]

    def loaded(self, w: _Window) -> list[Match]:
        """Return the loaded-language matches inside window ``w``."""
        return [m for m in self.matches(w) if m.loaded]

    def passage(self, w: _Window, label: str = "") -> Passage:
        """Return the :class:`Passage` for window ``w`` (a slice of the repaired text)."""
        d = self.docs[w.doc_id]
        p = d.a.parsed
        sents = [p.sentences[i] for i in w.sent_idx]
        start, end = sents[0].start, sents[-1].end
        meta = dict(p.segment(w.seg_id).meta) or dict(d.meta)
        return Passage(
            text=p.text[start:end], doc_id=w.doc_id, stance=w.stance, outlet=w.outlet,
            title=meta.get("title", "") or d.meta.get("title", ""),
            date=meta.get("date", "") or d.meta.get("date", ""),
            url=meta.get("url", "") or d.meta.get("url", ""),
            start=start, end=end, sent_idx=w.sent_idx,
            sentences=tuple((s.start - start, s.end - start) for s in sents), label=label)

    def in_direct_quote(self, doc_id: str, start: int, end: int) -> Quote | None:
        """Return the direct quote holding ``start:end``, if any."""
        for q in self.docs[doc_id].direct:
            if q.inner_start <= start and end <= q.inner_end:
                return q
        return None

    def covering_attribution(self, doc_id: str, seg_id: str, start: int, end: int) -> Attribution | None:
        """Return the attribution frame whose reported content holds ``start:end`` (narrowest first)."""
        best = None
        for x in self.docs[doc_id].attrs:
            if x.seg_id == seg_id and x.reported_start <= start and end <= x.reported_end \
                    and x.reported_end > x.reported_start:
                if best is None or (x.reported_end - x.reported_start) < (best.reported_end - best.reported_start):
                    best = x
        return best


# --------------------------------------------------------------------------
# Helpers shared by several kinds
# --------------------------------------------------------------------------

def _entries(analysis: "Analysis") -> dict:
    return {e.id: e for e in analysis.lexicon.entries}


def _category_description(analysis: "Analysis", category: str) -> str:
    cat = analysis.lexicon.categories.get(category)
    return cat.description if cat else ""


def _speaker_label(view: _View, m: Match) -> str:
    """Return who says a quoted match: the resolved speaker, else the vague source named, else "an unnamed source"."""
    if m.voice != "quoted":
        return ""
    if m.speaker:
        return m.speaker
    x = view.covering_attribution(m.doc_id, m.seg_id, m.start, m.end)
    if x is not None and x.source:
        src = x.source[4:] if x.source.lower().startswith("the ") else x.source
        return f"unnamed {src}" if not x.named else src
    return UNNAMED_SPEAKER


def _voice_explanation(view: _View, m: Match, speaker: str) -> str:
    """Explain in a sentence why a match is the outlet's own voice or quoted speech."""
    d = view.docs[m.doc_id]
    if m.voice == "own":
        if m.scare_quote:
            return ("The outlet puts the word in scare quotes: it keeps its distance, but choosing "
                    "to use it is still the outlet's framing.")
        if m.seg_kind == "comment":
            return "A forum reply in the commenter's own words."
        return ("Not inside quotation marks or a reporting frame: the outlet says this in its own "
                "voice, so the framing is the outlet's.")
    q = view.in_direct_quote(m.doc_id, m.start, m.end)
    if q is not None:
        return (f"Inside a direct quotation from {speaker}: these are the speaker's words; the "
                "outlet's choice is to quote them and how it introduces them.")
    x = view.covering_attribution(m.doc_id, m.seg_id, m.start, m.end)
    if x is not None:
        frame = d.text[x.start:x.end].strip()
        return (f"Reported speech: “{frame}” attributes it to {speaker}; the wording is the "
                "outlet's paraphrase of what was said.")
    return f"Attributed to {speaker}."


def _phrase_answer(view: _View, analysis: "Analysis", m: Match, passage: Passage, pidx: int = 0,
                   question: str = "", explanation: str | None = None, offset_map=None) -> Answer:
    """Return the key entry for one lexicon match: category, rationale, neutral alternative, voice."""
    e = _entries(analysis).get(m.entry_id)
    rationale = student_text(e.rationale) if e else ""
    speaker = _speaker_label(view, m)
    s, t = m.start - passage.start, m.end - passage.start
    if offset_map is not None:
        s, t = offset_map(s), offset_map(t)
    return Answer(
        text=m.text, start=s, end=t, category=m.category,
        explanation=rationale if explanation is None else explanation,
        neutral_alternative=(e.neutral_alternative if e else ""), voice=m.voice, speaker=speaker,
        passage=pidx, question=question, entry_id=m.entry_id, weight=m.weight, doc_id=m.doc_id,
        doc_start=m.start, doc_end=m.end)


def _level_ok(level: Level, n_sentences: int, cues: Sequence[Match]) -> bool:
    """True when the cues of a window fit ``level`` (density, blatant/subtle cues)."""
    if not cues:
        return False
    density = len(cues) / max(1, n_sentences)
    if not (level.min_density <= density <= level.max_density):
        return False
    if level.blatant and not any(m.weight >= BLATANT_WEIGHT for m in cues):
        return False
    if level.subtle and not any(m.weight <= SUBTLE_WEIGHT for m in cues):
        return False
    return True


def _dedupe_label(text: str, seen: Counter) -> str:
    """Return ``text`` made unique among phrases already seen ("WOT", "WOT (2nd)")."""
    key = text.lower()
    seen[key] += 1
    n = seen[key]
    if n == 1:
        return text
    suffix = {2: "2nd", 3: "3rd"}.get(n, f"{n}th")
    return f"{text} ({suffix})"


def _norm_phrase(s: str) -> str:
    return " ".join(s.lower().replace("\u2019", "'").split())


# Clauses of a lexicon rationale that talk about how the pattern matches
# ("the prefix covers liberate, liberated..."), useful to a lexicon editor but
# noise to a student.
_MECHANICS = re.compile(r"\b(prefix|stem(?:s|mer)?|match(?:es|ing)?|pattern|entry|entries|written as a phrase|"
                        r"covers|wildcard|case-sensitive)\b", re.IGNORECASE)
# "seed 004" in a rationale names a bundled example file: as a citation
# ('("holy war", seed 004)', "in seed 004", "(seed 000)") it is dropped; as the
# subject of a clause ("seed 000 applies it to both") it becomes "an example article".
_SEED_CITE = re.compile(r"(?:,\s*|\s+(?:in|of|from)\s+(?:the\s+)?)seeds? \d{3}\b|\(seeds? \d{3}\)",
                        re.IGNORECASE)
_SEED_SUBJ = re.compile(r"\bseeds? \d{3}\b", re.IGNORECASE)


def student_text(rationale: str) -> str:
    """Return a lexicon rationale as a student reads it: no pattern mechanics, no seed file numbers.

    "Presents a win as certain ("will emerge victorious", seed 004); prefix
    keeps it apart from the neutral noun "victory"." becomes "Presents a win
    as certain ("will emerge victorious")."  The first clause is always kept.
    """
    text = (rationale or "").strip()
    if not text:
        return ""
    clauses = re.split(r"(?<=[.;])\s+", text)
    kept = [c for i, c in enumerate(clauses) if i == 0 or not _MECHANICS.search(c)]
    out = " ".join(kept).strip()
    out = _SEED_CITE.sub("", out)
    out = _SEED_SUBJ.sub("an example article", out)
    out = re.sub(r"(^|\.\s+)an example article", r"\1An example article", out)
    out = re.sub(r"\(\s*\)", "", out)
    out = re.sub(r"\s+([,.;)])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if out.endswith(";"):
        out = out[:-1] + "."
    if out and out[-1] not in ".!?\"”)":
        out += "."
    return out


# --------------------------------------------------------------------------
# spot
# --------------------------------------------------------------------------

def _spot(view: _View, analysis: "Analysis", w: _Window, n: int, level: Level,
          rng: random.Random) -> Exercise | None:
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    answers = tuple(_phrase_answer(view, analysis, m, passage, question="q1") for m in cues)
    # distractors: the passage's non-loaded lexicon matches first (near misses
    # worth explaining: toponyms, hedges, attribution verbs), then content words
    taken = [(a.start, a.end) for a in answers]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    answer_keys = {_norm_phrase(a.text) for a in answers}
    near = [(m.start - passage.start, m.end - passage.start, m.text) for m in view.matches(w)
            if not m.loaded and m.category != "attribution"]
    urls = [u.span() for u in _URL_RE.finditer(passage.text)]
    # ordinary words as distractors: lower-case content words outside links
    # (names and URL pieces are never loaded, so offering them teaches nothing)
    stop = _stop_words()
    words = [(mm.start(), mm.end(), mm.group()) for mm in TOKEN_RE.finditer(passage.text)
             if len(mm.group()) >= 4 and mm.group().lower() not in stop and mm.group()[0].islower()
             and not any(a <= mm.start() < b for a, b in urls)]
    pool: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for group in (near, words):
        group = [g for g in group if free(g[0], g[1]) and _norm_phrase(g[2]) not in answer_keys]
        rng.shuffle(group)
        for s, e, t in group:
            k = _norm_phrase(t)
            if k in seen or any(k in a or a in k for a in answer_keys) or not free(s, e):
                continue
            seen.add(k)
            pool.append((s, e, t))
            taken.append((s, e))  # "It is not excluded" and then "excluded" would be one thing twice
    distractors = pool[:level.distractors]
    options: list[tuple[int, str]] = []
    opt_seen: set[str] = set()
    for s, t in sorted([(a.start, a.text) for a in answers] + [(s, t) for s, _, t in distractors]):
        if _norm_phrase(t) not in opt_seen:
            opt_seen.add(_norm_phrase(t))
            options.append((s, t))
    k = len({_norm_phrase(a.text) for a in answers})
    hint = f" There {'is' if k == 1 else 'are'} {k} to find." if level.count_hint else ""
    subtle = " Some are subtle: words that sound normal but carry a judgement." if level.subtle else ""
    instructions = ("Read the passage. Underline every word or phrase that carries a judgement or an "
                    "emotion instead of just describing (loaded language). For each one, write what "
                    f"a more neutral word would be.{hint}{subtle}")
    q = Question("q1", "Mark the loaded words and phrases.", "phrases", tuple(t for _, t in options))
    return Exercise("spot", n, f"{KIND_TITLES['spot']} {n}", instructions, (passage,), (q,), answers,
                    level.name, 0, lexicon_dir=analysis.lexicon.directory)


# --------------------------------------------------------------------------
# voice
# --------------------------------------------------------------------------

def _voice(view: _View, analysis: "Analysis", w: _Window, n: int, level: Level,
           rng: random.Random) -> Exercise | None:
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    d = view.docs[w.doc_id]
    speakers: list[str] = []
    for m in cues:
        sp = _speaker_label(view, m)
        if sp and sp not in speakers:
            speakers.append(sp)
    # distractor speakers: who else is cited or quoted in the passage, then in the document
    lo, hi = passage.start, passage.end
    nearby = [x.resolved or x.source for x in d.attrs if lo <= x.start < hi and x.named] + \
             [q.speaker for q in d.direct if lo <= q.start < hi and q.speaker]
    same_stance = {sg.seg_id for sg in d.a.parsed.segments if sg.stance == w.stance}
    elsewhere = [x.resolved or x.source for x in d.attrs if x.named and x.seg_id in same_stance] + \
                [q.speaker for q in d.direct if q.speaker and q.seg_id in same_stance]
    canon = _alias_canon(analysis.lexicon.directory)
    for sp in nearby + elsewhere:
        if len(speakers) >= 3:
            break
        # one choice per person or organisation ("CNS" and "Centre for National
        # Resistance (CNR)" are the same answer, so offering both is a trick)
        if sp and sp not in speakers and not any(_same_speaker(sp, s) or canon(sp) == canon(s) for s in speakers):
            speakers.append(sp)
    if UNNAMED_SPEAKER not in speakers and len(speakers) < 2:
        speakers.append(UNNAMED_SPEAKER)
    choices = (OWN_CHOICE,) + tuple(QUOTED_PREFIX + s for s in speakers)
    questions, answers = [], []
    seen: Counter = Counter()
    for i, m in enumerate(cues, 1):
        qid = f"q{i}"
        label = _dedupe_label(m.text, seen)
        s, t = m.start - passage.start, m.end - passage.start
        questions.append(Question(qid, f"“{label}”: who says it?", "choice", choices, m.text, 0, s, t))
        speaker = _speaker_label(view, m)
        e = _entries(analysis).get(m.entry_id)
        why = _voice_explanation(view, m, speaker)
        if e is not None and e.rationale:
            why += f" Why it is loaded: {student_text(e.rationale)}"
        answers.append(_phrase_answer(view, analysis, m, passage, question=qid, explanation=why))
    instructions = ("Each phrase below is loaded language from the passage. Decide whether the outlet "
                    "says it in its own words or is quoting or paraphrasing someone, and if so, whom. "
                    "Look for quotation marks and for reporting words such as “said”, “noted”, "
                    "“according to”.")
    return Exercise("voice", n, f"{KIND_TITLES['voice']} {n}", instructions, (passage,), tuple(questions),
                    tuple(answers), level.name, 0, lexicon_dir=analysis.lexicon.directory)


def _alias_canon(lexicon_dir: str):
    """Return a function mapping a source label to its ``outlets.csv`` name (or itself, lower-cased)."""
    table: dict[str, str] = {}
    for row in _outlet_rows(lexicon_dir):
        for x in row:
            table[x.lower()] = row[0].lower()

    def canon(label: str) -> str:
        low = label.lower().strip()
        low = low[4:] if low.startswith("the ") else low
        if low in table:
            return table[low]
        for part in [re.sub(r"\s*\([^)]*\)", "", low).strip(), *re.findall(r"\(([^)]*)\)", low)]:
            if part.strip() in table:
                return table[part.strip()]
        return low
    return canon


def _name_tokens(s: str) -> set[str]:
    return {t.lower() for t in TOKEN_RE.findall(s) if len(t) >= 3 and t[0].isupper()}


def _same_speaker(a: str, b: str) -> bool:
    """True when two speaker labels share a name ("Choe" vs "Choe Son-hui (relaying Kim Jong-un)")."""
    if _norm_phrase(a) == _norm_phrase(b):
        return True
    ta, tb = _name_tokens(a), _name_tokens(b)
    return bool(ta & tb)


# --------------------------------------------------------------------------
# rewrite
# --------------------------------------------------------------------------

def _pattern_base(pattern: str) -> str:
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


def _neutral_for(m: Match, entry, text: str, sent_start: int) -> str | None:
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
    form = _form_of(words[-1], _pattern_base(entry.pattern)) if words else ""
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
            alt = f"{_article_for(alt)} {alt}"
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


def _article_for(word: str) -> str:
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
                want = _article_for(new)
                want = want.capitalize() if art.group(1)[0] == "A" else want
                done = done[:art.start(1)] + want + done[art.end(1):]
                out = [done]
            start = len(done)
            out.append(new)
            spans.append((start, start + len(new)))
        pos = e
    out.append(text[pos:])
    return "".join(out), spans


def _rewrite(view: _View, analysis: "Analysis", w: _Window, n: int, level: Level,
             rng: random.Random) -> Exercise | None:
    cues = view.loaded(w)
    if not cues:
        return None
    passage = view.passage(w)
    p = view.docs[w.doc_id].a.parsed
    entries = _entries(analysis)
    repl: list[tuple[int, int, str]] = []
    answers: list[Answer] = []
    notes: list[str] = []
    for m in cues:
        e = entries.get(m.entry_id)
        s, t = m.start - passage.start, m.end - passage.start
        q = view.in_direct_quote(m.doc_id, m.start, m.end)
        rationale = student_text(e.rationale) if e else ""
        if q is not None:
            speaker = _speaker_label(view, m) or UNNAMED_SPEAKER
            alt = _neutral_for(m, e, p.text, p.sentences[m.sent_idx].start)
            para = f" (in reported speech: “{alt}”)" if alt else ""
            answers.append(_phrase_answer(view, analysis, m, passage, explanation=(
                f"Inside a direct quote from {speaker}: keep it, because changing the words would "
                f"misquote the speaker; a neutral report makes clear who said it, or paraphrases it{para}. "
                f"Why it is loaded: {rationale}")))
            continue
        alt = _neutral_for(m, e, p.text, p.sentences[m.sent_idx].start)
        if alt is None:
            desc = _category_description(analysis, m.category)
            answers.append(_phrase_answer(view, analysis, m, passage, explanation=(
                f"The lexicon has no neutral wording for this {m.category.replace('_', ' ')} phrase: "
                f"describe what it refers to instead, or leave it out. Why it is loaded: {rationale}")))
            notes.append(f"No neutral wording in the lexicon for “{m.text}” ({m.category}): "
                         f"the model keeps it. {desc}".strip())
            continue
        repl.append((s, t, alt))
        if e is not None and not e.neutral_alternative:
            how = f"Drop the label “{m.text[:len(m.text) - len(alt)]}”: “{alt}” says the same without the verdict."
        else:
            how = f"Replace with “{alt}”."
        a = _phrase_answer(view, analysis, m, passage, explanation=f"{how} {rationale}")
        answers.append(Answer(**{**a.__dict__, "neutral_alternative": alt}))
    if not repl:
        return None  # nothing the outlet says itself has a neutral alternative: not a rewrite exercise
    model, model_spans = model_rewrite(passage.text, repl)
    before = [h for h in _matcher(analysis.lexicon).match_text(passage.text) if _is_loaded(analysis, h)]
    after = [h for h in _matcher(analysis.lexicon).match_text(model) if _is_loaded(analysis, h)]
    if len(after) >= len(before):
        return None  # a substitution that is itself loaded would teach nothing
    quoted = any(a.explanation.startswith("Inside a direct quote") for a in answers)
    instructions = ("Rewrite the passage so that it reports the same facts in neutral language: replace "
                    "loaded words with neutral ones, and keep every fact, number and name."
                    + (" Do not change words inside quotation marks: a quote must stay what the person "
                       "said; make sure it is clear who said it." if quoted else ""))
    q = Question("q1", "Your neutral rewrite:", "text")
    return Exercise("rewrite", n, f"{KIND_TITLES['rewrite']} {n}", instructions, (passage,), (q,),
                    tuple(answers), level.name, 0, model_answer=model, model_spans=tuple(model_spans),
                    notes=tuple(notes),
                    lexicon_dir=analysis.lexicon.directory)


def _is_loaded(analysis: "Analysis", hit) -> bool:
    cat = analysis.lexicon.categories.get(hit.entry.category)
    return bool(cat and cat.loaded)


def _matcher(lexicon: "Lexicon") -> "Matcher":
    from framing.detect.matcher import compile_matcher
    return compile_matcher(lexicon)


# --------------------------------------------------------------------------
# sourcing
# --------------------------------------------------------------------------

def _sentence_sources(view: _View, doc_id: str, i: int) -> tuple[str, list[tuple[str, str, str]]]:
    """Return ``(status, items)`` for sentence ``i``: status ``named``, ``vague`` or ``none``.

    ``items`` are ``(kind, source, evidence)`` with kind ``named`` or
    ``vague``.  A sentence names its source when it holds a named attribution
    frame, a direct quote with a known speaker, or an endnote marker, or when
    at least half of it is the reported content of a named frame elsewhere
    ("This was reported in the CNR" covers the sentences before it).  It is
    vague when its only frames are unnamed ("observers", "it is noted").
    """
    d = view.docs[doc_id]
    p = d.a.parsed
    s = p.sentences[i]
    items: list[tuple[str, str, str]] = []
    for u in _URL_RE.finditer(s.text):
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", u.group()).split("/")[0]
        items.append(("named", host, f"it links to {host}"))
    if p.segment(s.seg_id).kind == "comment":
        # forum replies have no reporting frames: the commenter speaks, at most with a link
        return ("named", items) if items else ("none", [])
    length = max(1, s.end - s.start)
    for x in d.attrs:
        inside = s.start <= x.start < s.end
        overlap = min(s.end, x.reported_end) - max(s.start, x.reported_start)
        covers = x.reported_end > x.reported_start and overlap >= length / 2
        if not (inside or covers):
            continue
        frame = " ".join(d.text[x.start:x.end].split())
        who = x.resolved or x.source
        if x.named and who:
            if not any(k == "named" and _same_speaker(w, who) for k, w, _ in items):
                items.append(("named", who, f"“{frame}” names {who}" if inside else
                              f"“{frame}”, in a nearby sentence, attributes it to {who}"))
        else:
            label = x.source or frame
            if not any(w == label for _, w, _ in items):
                items.append(("vague", label, f"“{frame}” names no one who can be checked"))
    for q in d.direct:
        if s.start <= q.start < s.end and q.speaker \
                and not any(k == "named" and _same_speaker(q.speaker, w) for k, w, _ in items):
            items.append(("named", q.speaker, f"a direct quote from {q.speaker}"))
    for num in d.citations.get(i, []):
        refs = d.references.get(num, [])
        what = "; ".join(filter(None, (_ref_label(r) for r in refs))) or "a published source"
        items.append(("named", f"endnote {num}", f"endnote {num} cites {what}"))
    if any(k == "named" for k, _, _ in items):
        return "named", items
    if items:
        return "vague", items
    return "none", []


def _seg_kind(view: _View, doc_id: str, i: int) -> str:
    """Return the segment kind of sentence ``i`` of ``doc_id``."""
    p = view.docs[doc_id].a.parsed
    return p.segment(p.sentences[i].seg_id).kind


def _ref_label(r) -> str:
    bits = [b for b in (r.authors, r.outlet, r.date) if b]
    return ", ".join(bits) or r.title


def _sourcing(view: _View, analysis: "Analysis", w: _Window, n: int, level: Level,
              rng: random.Random) -> Exercise | None:
    statuses = [_sentence_sources(view, w.doc_id, i) for i in w.sent_idx]
    kinds = Counter(st for st, _ in statuses)
    if not kinds["named"] and not kinds["vague"]:
        return None
    if level.name == "easy" and not (kinds["named"] and kinds["none"]):
        return None  # easy: a clear contrast between a sourced and an unsourced sentence
    if level.name == "hard" and not kinds["vague"] and not (kinds["named"] and kinds["none"]):
        return None  # hard: something to think about (vague sources, or a mix)
    passage = view.passage(w)
    questions, answers = [], []
    for k, ((st, items), (s, e)) in enumerate(zip(statuses, passage.sentences), 1):
        qid = f"s{k}"
        sent = passage.text[s:e]
        questions.append(Question(qid, f"Sentence {k}: does it name its source?", "check", (), sent, 0, s, e))
        srcs = [w for _, w, _ in items]
        ev = "; ".join(x for _, _, x in items)
        if st == "named":
            expl = f"Names its source: {ev}."
        elif st == "vague":
            expl = f"Only a vague source: {ev}; a reader cannot check who said it."
        elif _seg_kind(view, w.doc_id, w.sent_idx[k - 1]) == "comment":
            expl = "A forum reply: the commenter's own opinion, with no source."
        else:
            expl = "Stated in the outlet's own voice, with no source given."
        answers.append(Answer(sent, s, e, st, expl, speaker="; ".join(srcs), question=qid,
                              doc_id=w.doc_id, doc_start=passage.start + s, doc_end=passage.start + e))
    instructions = ("For each numbered sentence, tick it if it tells you who the information comes from "
                    "(a named person, organisation, document or endnote), and write the source down. "
                    "Leave it unticked if the source is vague (“observers”, “it is noted”) or if the "
                    "outlet simply states it. Which unsourced sentences would you want checked?")
    return Exercise("sourcing", n, f"{KIND_TITLES['sourcing']} {n}", instructions, (passage,),
                    tuple(questions), tuple(answers), level.name, 0, lexicon_dir=analysis.lexicon.directory)


# --------------------------------------------------------------------------
# source (guess the stance)
# --------------------------------------------------------------------------

#: Lower-case words allowed inside an organisation's name ("Center for National Resistance").
_NAME_LINKS = frozenset({"for", "of", "and", "the", "on", "in", "de", "du", "la", "le", "des", "&"})


def _nameish(s: str) -> bool:
    """True when ``s`` reads as a proper name: capitalised words, with only linking words in lower case."""
    words = s.split()
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_LINKS for w in words)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"”)]+")


def _outlet_rows(lexicon_dir: str) -> list[list[str]]:
    """Return ``[name, alias, ...]`` per row of ``outlets.csv`` in the lexicon folder ([] if absent)."""
    path = Path(lexicon_dir) / "outlets.csv" if lexicon_dir else None
    if path is None or not path.is_file():
        return []
    return _read_outlets(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_outlets(path: str, _mtime: int) -> list[list[str]]:
    import csv
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            names = [r.get("name", "").strip()] + [a.strip() for a in (r.get("aliases") or "").split("|")]
            rows.append([x for x in names if x])
    return rows


def outlet_names(outlets: Iterable[str], urls: Iterable[str] = (), lexicon_dir: str = "") -> list[str]:
    """Return the names that identify a publisher: catalog outlet names, their aliases in ``outlets.csv``, URL hosts.

    "Institute for Security and Development Policy (ISDP)" gives the full
    string, the name without the parenthesis and "ISDP"; each is looked up in
    ``outlets.csv`` (name or alias, any case) to add every alias ("CNS",
    "CNR", "Centre for National Resistance").  Generic lower-case outlet
    labels ("forum thread") are not names and are skipped.  Longest first.
    """
    names: set[str] = set()
    for outlet in outlets:
        outlet = (outlet or "").strip()
        if not outlet or outlet == UNKNOWN:
            continue
        cands = [outlet, re.sub(r"\s*\([^)]*\)", "", outlet).strip()]
        cands += [c.strip() for c in re.findall(r"\(([^)]*)\)", outlet)]
        for c in cands:
            if c and _nameish(c):
                names.add(c)
    for u in urls:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", (u or "").strip()).split("/")[0]
        if "." in host:
            names.add(host)
    low = {n.lower() for n in names}
    for row in _outlet_rows(lexicon_dir):
        if any(x.lower() in low for x in row):
            names.update(row)
    return sorted(names, key=lambda s: (-len(s), s))


def _name_pattern(name: str) -> re.Pattern:
    # acronyms are matched case-sensitively ("RT" must not hit "rt" in "Art"),
    # longer names in any case; never inside a longer word
    flags = 0 if (name.isupper() and len(name) <= 6) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])", flags)


def _redact(text: str, names: Sequence[str]) -> tuple[str, list[tuple[int, int]], list[str]]:
    """Return ``(redacted text, removed spans of the original, removed strings)``.

    URLs on a publisher's host go whole; "the Centre for National Resistance
    (CNR)" becomes one placeholder, not "[outlet] ([outlet])".
    """
    spans: list[tuple[int, int]] = []
    hosts = [n.lower() for n in names if "." in n and " " not in n]
    for m in _URL_RE.finditer(text):
        if any(h in m.group().lower() for h in hosts):
            spans.append(m.span())
    for n in names:
        for m in _name_pattern(n).finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and re.fullmatch(r"\s*\(", text[merged[-1][1]:s]) and text[e:e + 1] == ")":
            merged[-1] = (merged[-1][0], e + 1)
        else:
            merged.append((s, e))
    out, pos, removed = [], 0, []
    for s, e in merged:
        out.append(text[pos:s])
        out.append(OUTLET_PLACEHOLDER)
        removed.append(text[s:e])
        pos = e
    out.append(text[pos:])
    return "".join(out), merged, removed


def _offset_mapper(spans: list[tuple[int, int]]):
    """Return a function mapping an original offset to the redacted text (None inside a removed span)."""
    def f(x: int) -> int | None:
        shift = 0
        for s, e in spans:
            if x <= s:
                break
            if x < e:
                return None
            shift += (e - s) - len(OUTLET_PLACEHOLDER)
        return x - shift
    return f


def _stance_terms(analysis: "Analysis") -> dict[str, list[tuple[str, str, float]]]:
    """Return per stance its distinctive terms ``(norm, term, z)`` with z above the significance threshold."""
    from framing.analyze.distinctive import Z_THRESHOLD
    try:
        df = analysis.distinctive(by="stance")
    except FramingError:
        return {}
    out: dict[str, list[tuple[str, str, float]]] = {}
    for r in df[df["z"] >= max(Z_THRESHOLD, DISTINCTIVE_MIN_Z)].sort_values(
            ["group", "z"], ascending=[True, False]).itertuples():
        if r.count < DISTINCTIVE_MIN_SHARE * (r.count + r.rest_count):
            continue  # shared vocabulary (the topic itself), not this stance's own word
        out.setdefault(r.group, []).append((r.norm, r.term, float(r.z)))
    return out


def _source_cues(view: _View, analysis: "Analysis", w: _Window, passage: Passage, mapper,
                 names: Sequence[str], terms: Mapping[str, list]) -> list[Answer]:
    """Return the cues to a passage's stance the tool found: toponyms, loaded/stance words, sources, distinctive terms."""
    from framing.analyze.claims import terms_with_surfaces
    d = view.docs[w.doc_id]
    cues: list[Answer] = []
    name_low = {n.lower() for n in names}

    def mapped(s: int, e: int) -> tuple[int, int] | None:
        a, b = mapper(s - passage.start), mapper(e - passage.start)
        return None if a is None or b is None else (a, b)

    for m in view.matches(w):
        if m.category == "attribution":
            continue  # "said" tells nothing about the side; the sources below do
        span = mapped(m.start, m.end)
        if span is None:
            continue
        e = _entries(analysis).get(m.entry_id)
        rationale = student_text(e.rationale) if e else ""
        if m.category == "toponym":
            why = f"Place-name choice: {rationale}"
        elif m.loaded:
            who = "in the outlet's own voice" if m.voice == "own" else f"quoted from {_speaker_label(view, m)}"
            why = f"Loaded {m.category.replace('_', ' ')} {who}: {rationale}"
        else:
            # hedges, boosters, vague attributions: the category says what they signal
            # (a research register, certainty, unnamed authorities) better than one entry
            why = (f"{m.category.replace('_', ' ').capitalize()}: "
                   f"{_category_description(analysis, m.category) or rationale}")
        cues.append(Answer(m.text, span[0], span[1], m.category, why.strip(), voice=m.voice,
                           speaker=_speaker_label(view, m), entry_id=m.entry_id, weight=m.weight,
                           doc_id=m.doc_id, doc_start=m.start, doc_end=m.end))
    seen_src: set[str] = set()
    for x in d.attrs:
        if not (passage.start <= x.start < passage.end):
            continue
        who = x.resolved or x.source
        if not who or who.lower() in name_low or who in seen_src:
            continue
        span = mapped(x.start, x.end)
        if span is None:
            continue
        seen_src.add(who)
        frame = " ".join(d.text[x.start:x.end].split())
        why = (f"Cites {who}: which sources an outlet relies on, and how it introduces them, hints at "
               "its side." if x.named else
               f"A vague source (“{frame}”): an unnamed authority the reader cannot check.")
        cues.append(Answer(frame, span[0], span[1], "source", why, speaker=who, doc_id=w.doc_id,
                           doc_start=x.start, doc_end=x.end))
    notes = sorted({num for i in w.sent_idx for num in d.citations.get(i, [])})
    if notes:
        cues.append(Answer(f"{len(notes)} endnote{'s' if len(notes) > 1 else ''}", -1, -1, "source",
                           "Backs its statements with numbered endnotes to published sources, a habit of "
                           "research reports rather than news or state media.", doc_id=w.doc_id))
    have = {_norm_phrase(c.text) for c in cues}
    spans = [(c.start, c.end) for c in cues if c.start >= 0]
    n_terms = 0
    for norm, term, z in terms.get(w.stance, []):
        if n_terms >= MAX_TERMS:
            break
        if term.lower() in name_low or any(term.lower() in n for n in name_low):
            continue
        for i, (s, e) in zip(w.sent_idx, passage.sentences):
            sent = view.docs[w.doc_id].a.parsed.sentences[i]
            surf = dict(terms_with_surfaces(sent.text)).get(norm)
            if not surf or _norm_phrase(surf) in have:
                continue
            at = sent.text.find(surf)
            if at < 0:
                continue
            span = mapped(sent.start + at, sent.start + at + len(surf))
            if span is None or any(a < span[1] and span[0] < b for a, b in spans):
                continue  # "TASS" inside "according to TASS" is one clue, not two
            have.add(_norm_phrase(surf))
            spans.append(span)
            n_terms += 1
            cues.append(Answer(surf, span[0], span[1], "distinctive",
                               f"“{term}” is one of the words that most set {w.stance} texts apart from the "
                               f"other stances in this corpus (log-odds z = {z:.1f}).", doc_id=w.doc_id,
                               doc_start=sent.start + at, doc_end=sent.start + at + len(surf)))
            break
    cues.sort(key=lambda c: (c.start < 0, c.start))
    return cues


def _source(view: _View, analysis: "Analysis", w: _Window, n: int, level: Level, rng: random.Random,
            stances: Sequence[str], terms: Mapping[str, list]) -> Exercise | None:
    if w.stance == UNKNOWN:
        return None
    base = view.passage(w)
    d = view.docs[w.doc_id]
    p = d.a.parsed
    seg = p.segment(w.seg_id)
    names = outlet_names([seg.outlet, d.a.parsed.doc.outlet], [seg.meta.get("url", ""), d.meta.get("url", "")],
                         analysis.lexicon.directory)
    text, spans, removed = _redact(base.text, names)
    mapper = _offset_mapper(spans)
    sents = []
    for s, e in base.sentences:
        a, b = mapper(s), mapper(e)
        sents.append((a if a is not None else s, b if b is not None else e))
    passage = Passage(**{**base.__dict__, "text": text, "sentences": tuple(sents), "redacted": tuple(removed)})
    cues = _source_cues(view, analysis, w, base, mapper, names, terms)
    if len(cues) < level.source_cues:
        return None
    if level.name == "hard" and len(cues) > 4:
        return None  # hard: few cues to go on
    answer = Answer(w.stance, -1, -1, "stance",
                    f"From {w.outlet} (stance {w.stance})" + (f", “{base.title}”" if base.title else "")
                    + (f", {base.date}" if base.date else "") + ".", doc_id=w.doc_id)
    q = Question("q1", "Which kind of source do you think published this passage?", "choice", tuple(stances))
    q2 = Question("q2", "Which words or features gave it away?", "text")
    instructions = ("The name of the outlet has been replaced by [outlet]. Read the passage and guess which "
                    "kind of source published it. Then list the clues: the names it uses for places, "
                    "loaded words and whose they are, whom it cites, and words that only one side tends "
                    "to use. Before deciding, ask what you would search for to check (lateral reading).")
    return Exercise("source", n, f"{KIND_TITLES['source']} {n}", instructions, (passage,), (q, q2),
                    (answer, *cues), level.name, 0, model_answer=w.stance,
                    lexicon_dir=analysis.lexicon.directory)


# --------------------------------------------------------------------------
# frames
# --------------------------------------------------------------------------

def _frames(view: _View, analysis: "Analysis", claim_id: str, stances: Sequence[str], n: int, level: Level,
            rng: random.Random, claim_sents: Mapping[tuple[str, int], float]) -> Exercise | None:
    claim = analysis.data.claims.get(claim_id)
    passages: list[Passage] = []
    windows: list[_Window] = []
    for k, stance in enumerate(stances):
        cands = view.windows(level.sentences, {stance}, set(claim_sents))
        if not cands:
            return None
        order = list(cands)
        rng.shuffle(order)
        # the window with the most (and most confident) claim sentences, shortest first on ties
        best = max(order, key=lambda w: (sum(1 for i in w.sent_idx if (w.doc_id, i) in claim_sents),
                                         round(sum(claim_sents.get((w.doc_id, i), 0.0) for i in w.sent_idx), 6),
                                         w.clean_start, -len(w.sent_idx)))
        windows.append(best)
        passages.append(view.passage(best, label=f"Passage {chr(ord('A') + k)}"))
    contrast = analysis.contrast(claim_id)
    not_cov = [r.stance for r in contrast.itertuples() if not r.covered and r.stance != UNKNOWN]
    answers: list[Answer] = []
    for pi, (w, psg) in enumerate(zip(windows, passages)):
        for m in view.loaded(w):
            sp = _speaker_label(view, m)
            e = _entries(analysis).get(m.entry_id)
            who = "in its own voice" if m.voice == "own" else f"quoting {sp}"
            a = _phrase_answer(view, analysis, m, psg, pidx=pi, question="q1",
                               explanation=f"{psg.label} ({w.stance}) uses this {who}. "
                                           f"{student_text(e.rationale) if e else ''}".strip())
            answers.append(Answer(**{**a.__dict__, "category": "loaded_own" if m.voice == "own" else "loaded_quoted"}))
        seen: set[str] = set()
        for i in w.sent_idx:
            for kind_, src, ev in _sentence_sources(view, w.doc_id, i)[1]:
                if src in seen:
                    continue
                seen.add(src)
                answers.append(Answer(src, -1, -1, f"source_{kind_}", f"{psg.label} ({w.stance}): {ev}.",
                                      passage=pi, question="q2", doc_id=w.doc_id))
        if not any(a.passage == pi and a.question == "q2" for a in answers):
            answers.append(Answer("no source given", -1, -1, "source_none",
                                  f"{psg.label} ({w.stance}) names no source for what it says here.",
                                  passage=pi, question="q2", doc_id=w.doc_id))
    named = {pi: [a.text for a in answers if a.passage == pi and a.question == "q2"] for pi in range(len(passages))}
    answers.extend(t for t in _frames_terms(view, analysis, claim_id, windows, passages)
                   # a cited source's name ("TASS") is already in the sourcing answer
                   if not any(_same_speaker(t.text, src) for src in named.get(t.passage, [])))
    for st in not_cov:
        answers.append(Answer(st, -1, -1, "not_covered",
                              f"No {st} document in this corpus has a sentence about this claim: "
                              "what an outlet leaves out is part of its framing.", question="q3"))
    notes = []
    for r in contrast.itertuples():
        if r.stance in stances:
            bits = [f"{r.sentences} sentence(s) about the claim"]
            if r.loaded_own:
                bits.append(f"own voice: {r.loaded_own}")
            if r.loaded_quoted:
                bits.append(f"quoted: {r.loaded_quoted}")
            if r.cited_sources:
                bits.append(f"cites: {r.cited_sources}")
            if r.vague_sources:
                bits.append(f"vague: {r.vague_sources}")
            notes.append(f"Across the corpus, {r.stance}: " + "; ".join(bits) + ".")
    if not answers:
        return None
    qs = [
        Question("q1", "Word choice: which words in each passage carry a judgement? Which does the outlet "
                       "use itself, and which does it only quote?", "text"),
        Question("q2", "Sourcing: whom does each passage cite? Are the sources named, vague, or missing?",
                 "text"),
        Question("q3", "What is left out: what does one passage mention that another does not? Whose side "
                       "of the story is missing?", "text"),
    ]
    if level.name != "easy" and any(a.category == "distinctive" for a in answers):
        qs.append(Question("q4", "Which words does only one passage use? What picture does each choice "
                                 "create?", "text"))
    which = "Both passages are" if len(passages) == 2 else f"All {len(passages)} passages are"
    instructions = (f"{which} about the same claim, shown above them. Compare how they tell it: the words "
                    "they choose, whom they cite, and what they leave out. Answer the questions, quoting "
                    "words from the passages.")
    return Exercise("frames", n, f"{KIND_TITLES['frames']} {n}", instructions, tuple(passages), tuple(qs),
                    tuple(answers), level.name, 0, claim_id=claim_id, claim_statement=claim.statement,
                    notes=tuple(notes), lexicon_dir=analysis.lexicon.directory)


# --------------------------------------------------------------------------
# generate
# --------------------------------------------------------------------------

def _known_stances(view: _View) -> list[str]:
    return sorted({s.stance for d in view.docs.values() for s in d.a.parsed.segments
                   if s.kind in PASSAGE_KINDS and s.stance != UNKNOWN})


def _all_stances(view: _View) -> list[str]:
    return sorted({s.stance for d in view.docs.values() for s in d.a.parsed.segments
                   if s.kind in PASSAGE_KINDS})


def _claim_sentences(analysis: "Analysis", claims: Sequence[str] | None) -> dict[tuple[str, int], float]:
    """Return ``(doc_id, sent_idx) -> confidence`` for sentences assigned to ``claims`` (all claims if None)."""
    df = analysis.assignments()
    if claims:
        df = df[df["claim_id"].isin(list(claims))]
    out: dict[tuple[str, int], float] = {}
    for r in df.itertuples(index=False):
        k = (r.doc_id, int(r.sent_idx))
        out[k] = max(out.get(k, 0.0), float(r.confidence))
    return out


_TOO_FEW = {
    "spot": "passages with loaded language",
    "voice": "passages with loaded language",
    "rewrite": "passages whose loaded words (outside direct quotes) have a neutral alternative in the lexicon",
    "sourcing": "passages with an attributed sentence",
    "source": "passages with enough stance cues",
}


def generate(analysis: "Analysis", kind: str, count: int = 5, seed: int = 0, level: str = "medium",
             claims: Sequence[str] | None = None, stances: Sequence[str] | None = None) -> list[Exercise]:
    """Return up to ``count`` exercises of ``kind`` built from ``analysis``, deterministically for ``seed``.

    ``level`` is ``easy``, ``medium`` or ``hard`` (see :data:`LEVELS`).
    ``claims`` keeps passages about those claim ids (and, for ``frames``,
    the claims to compare); ``stances`` keeps passages from those stances.
    Raises :class:`FramingError` when no exercise of the kind can be made
    (saying what is missing and the fix); warns with :class:`ShortfallWarning`
    when fewer than ``count`` can be made.
    """
    if kind not in KINDS:
        raise FramingError(f"unknown exercise kind {kind!r}", fix="use one of: " + ", ".join(KINDS))
    if level not in LEVELS:
        raise FramingError(f"unknown level {level!r}", fix="use one of: " + ", ".join(LEVELS))
    if count < 1:
        raise FramingError(f"count must be at least 1, not {count}", fix="ask for 1 or more exercises")
    lv = LEVELS[level]
    rng = random.Random(seed)
    view = _View(analysis)
    known = _all_stances(view)
    if stances:
        bad = [s for s in stances if s not in known]
        if bad:
            raise FramingError(f"no prose from stance(s) {', '.join(bad)} in this corpus",
                               fix="use one of: " + ", ".join(known) if known else "add documents with a catalog")
    if claims:
        reg = analysis.data.claims
        for c in claims:
            reg.get(c)  # raises a FramingError listing the known ids
    stance_set = set(stances) if stances else None
    if kind == "frames":
        out = _generate_frames(view, analysis, count, rng, lv, claims, stances)
    else:
        allowed = set(_claim_sentences(analysis, claims)) if claims else None
        if kind == "source":
            choices = _known_stances(view)
            if len(choices) < 2:
                raise FramingError(
                    f"'source' needs documents from at least 2 known stances; this corpus has "
                    f"{len(choices)} ({', '.join(choices) or 'none'})",
                    fix="add documents from other outlets with their stance in catalog.csv")
            terms = _stance_terms(analysis)
        windows = view.windows(lv.sentences, stance_set, allowed)
        build = {"spot": _spot, "voice": _voice, "rewrite": _rewrite, "sourcing": _sourcing}.get(kind)
        if kind in ("spot", "voice", "rewrite"):
            windows = [w for w in windows if _level_ok(lv, len(w.sent_idx), view.loaded(w))]
        order = list(windows)
        rng.shuffle(order)
        order.sort(key=lambda w: not w.clean_start)  # stable: the shuffle decides within a tier
        used: set[tuple[str, int]] = set()
        made: list[tuple[_Window, Exercise]] = []
        per_source: Counter = Counter()
        failed: set[_Window] = set()
        # rounds: at most one exercise per (document, stance) in round 0, two in
        # round 1, ...; so a long document cannot fill a worksheet on its own
        for rnd in itertools.count():
            grew = False
            for w in order:
                if len(made) == count:
                    break
                src = (w.doc_id, w.stance)
                if per_source[src] > rnd or w in failed:
                    continue
                keys = {(w.doc_id, i) for i in w.sent_idx}
                if keys & used:
                    continue
                if kind == "source":
                    ex = _source(view, analysis, w, 0, lv, rng, choices, terms)
                else:
                    ex = build(view, analysis, w, 0, lv, rng)
                if ex is None or not ex.answers:
                    failed.add(w)
                    continue
                used |= keys
                per_source[src] += 1
                made.append((w, ex))
                grew = True
            if len(made) == count or not grew:
                break
        order_idx = {doc_id: i for i, doc_id in enumerate(view.docs)}
        made.sort(key=lambda t: (order_idx[t[0].doc_id], t[0].sent_idx))
        out = [ex for _, ex in made]
        if not out:
            where = []
            if stances:
                where.append(f"stance(s) {', '.join(stances)}")
            if claims:
                where.append(f"claim(s) {', '.join(claims)}")
            scope = f" from {' and '.join(where)}" if where else ""
            raise FramingError(
                f"cannot make any '{kind}' exercise at level {level}: the corpus has no {_TOO_FEW[kind]}{scope} "
                f"that fit the level ({lv.sentences[0]}-{lv.sentences[1]} sentences)",
                fix="try another level or kind, drop the --claim/--stance filters, or add more documents")
    out = [_renumber(ex, i, seed, lv) for i, ex in enumerate(out, 1)]
    if len(out) < count:
        what = ("claim/stance comparison(s) (a claim covered by 2 or more stances)" if kind == "frames"
                else f"non-overlapping passage(s) that fit ({_TOO_FEW[kind]})")
        warnings.warn(ShortfallWarning(
            f"made {len(out)} of {count} '{kind}' exercises at level {level}: the corpus has only "
            f"{len(out)} {what} (fix: add documents, or try another level or kind)"), stacklevel=2)
    return out


def _renumber(ex: Exercise, n: int, seed: int, lv: Level) -> Exercise:
    title = f"{KIND_TITLES[ex.kind]} {n}"
    passages = ex.passages
    return Exercise(**{**ex.__dict__, "number": n, "title": title, "seed": seed, "level": lv.name,
                       "passages": passages})


def _frames_terms(view: _View, analysis: "Analysis", claim_id: str, windows: Sequence[_Window],
                  passages: Sequence[Passage], per_passage: int = MAX_TERMS) -> list[Answer]:
    """Return the distinctive terms each passage shows: the stance's wording of this claim, or its wording overall.

    Only terms with z >= :data:`DISTINCTIVE_MIN_Z` are used, first those of
    the claim's sentences, then those of the stance's whole text.
    """
    from framing.analyze.claims import terms_with_surfaces
    frames = []
    for by_claim in (True, False):
        try:
            frames.append((by_claim, analysis.distinctive(by="stance", claim_id=claim_id if by_claim else None)))
        except Exception:  # noqa: BLE001 - too few sentences for log-odds is not an error for a worksheet
            continue
    out: list[Answer] = []
    for pi, (w, psg) in enumerate(zip(windows, passages)):
        surfaces: dict[str, str] = {}
        for i in w.sent_idx:
            for norm, surf in terms_with_surfaces(view.docs[w.doc_id].a.parsed.sentences[i].text):
                surfaces.setdefault(norm, surf)
        shown: set[str] = set()
        for by_claim, dist in frames:
            top = dist[(dist["group"] == w.stance) & (dist["z"] >= DISTINCTIVE_MIN_Z)].sort_values("z", ascending=False)
            for r in top.itertuples():
                if len(shown) >= per_passage:
                    break
                if r.count < DISTINCTIVE_MIN_SHARE * (r.count + r.rest_count):
                    continue
                surf = surfaces.get(r.norm)
                if not surf or r.norm in shown or any(r.norm in x or x in r.norm for x in shown):
                    continue
                shown.add(r.norm)
                at = psg.text.find(surf)
                scope = "about this claim" if by_claim else "across the corpus"
                out.append(Answer(surf, at, at + len(surf) if at >= 0 else -1, "distinctive",
                                  f"{psg.label} ({w.stance}) uses “{r.term}” much more than the other stances "
                                  f"do {scope} (log-odds z = {r.z:.1f}).", passage=pi, question="q4",
                                  doc_id=w.doc_id))
    return out


def _generate_frames(view: _View, analysis: "Analysis", count: int, rng: random.Random, lv: Level,
                     claims: Sequence[str] | None, stances: Sequence[str] | None) -> list[Exercise]:
    reg = analysis.data.claims
    ids = list(claims) if claims else reg.ids
    df = analysis.assignments()
    wanted = set(stances) if stances else None
    combos_by_claim: dict[str, list[tuple[str, ...]]] = {}
    coverage: dict[str, list[str]] = {}
    for cid in ids:
        sub = df[(df["claim_id"] == cid) & (df["confidence"] >= FRAMES_MIN_CONFIDENCE)]
        covering = sorted({s for s in sub["stance"] if s != UNKNOWN and (wanted is None or s in wanted)})
        coverage[cid] = covering
        if len(covering) < 2:
            continue
        k = min(lv.stances, len(covering))
        combos = list(itertools.combinations(covering, k))
        rng.shuffle(combos)
        combos_by_claim[cid] = combos
    if not combos_by_claim:
        stance_list = _known_stances(view)
        best = max(coverage.items(), key=lambda kv: len(kv[1]), default=("", []))
        raise FramingError(
            f"'frames' needs a claim covered by at least 2 known stances (a sentence assigned with confidence "
            f">= {FRAMES_MIN_CONFIDENCE}), and none is"
            + (f" (the corpus has {len(stance_list)} known stance(s): {', '.join(stance_list) or 'none'}"
               + (f"; the best-covered claim, {best[0]}, is covered by {', '.join(best[1]) or 'no stance'}"
                  if best[0] else "") + ")"),
            fix="add documents about the same claim from other outlets, with their stance in catalog.csv "
                "(or drop the --stance/--claim filters)")
    claim_order = sorted(combos_by_claim)
    rng.shuffle(claim_order)
    # round-robin over claims so a worksheet compares several claims before repeating one
    queue = [c for tier in itertools.zip_longest(*[[(cid, combo) for combo in combos_by_claim[cid]]
                                                  for cid in claim_order]) for c in tier if c is not None]
    out: list[Exercise] = []
    claim_sents_cache: dict[str, dict] = {}
    for cid, combo in queue:
        if len(out) == count:
            break
        cs = claim_sents_cache.setdefault(cid, {k: v for k, v in _claim_sentences(analysis, [cid]).items()
                                                if v >= FRAMES_MIN_CONFIDENCE})
        ex = _frames(view, analysis, cid, combo, len(out) + 1, lv, rng, cs)
        if ex is not None:
            out.append(ex)
    return out


# --------------------------------------------------------------------------
# check_answer
# --------------------------------------------------------------------------

def check_answer(exercise: Exercise, student_response: object, lexicon: "Lexicon | None" = None) -> Feedback:
    """Return :class:`Feedback` on a student's response to ``exercise``.

    Responses by kind:

    * ``spot``: the phrases marked (strings, any case) or ``(start, end)``
      spans of the passage.  Score = right / (answers + wrong marks), so
      marking everything does not pay.
    * ``voice``: ``{question id or phrase: choice}``; a choice is one of the
      question's choices, or just ``"own"``/``"quoted"``.  A right voice with
      the wrong speaker earns half.
    * ``source``: the stance guessed (a string).
    * ``rewrite``: the rewritten text.  The matcher re-reads it; each loaded
      phrase of the passage (outside direct quotes) that is gone counts as
      right, each that remains as missed, each new loaded phrase as wrong.
      Keeping less than :data:`REWRITE_MIN_KEPT` of the passage's other
      content words caps the score.  ``lexicon`` defaults to the one the
      exercise was made with.
    * ``sourcing``: the sentence numbers (1-based) ticked as naming their
      source, or ``{number: bool}``.
    * ``frames``: free text (or ``{question id: text}``); a rough self-check
      counting the key's items mentioned.
    """
    kind = exercise.kind
    if kind == "spot":
        return _check_spot(exercise, student_response)
    if kind == "voice":
        return _check_voice(exercise, student_response)
    if kind == "source":
        return _check_source(exercise, student_response)
    if kind == "rewrite":
        return _check_rewrite(exercise, str(student_response or ""), lexicon)
    if kind == "sourcing":
        return _check_sourcing(exercise, student_response)
    if kind == "frames":
        return _check_frames(exercise, student_response)
    raise FramingError(f"unknown exercise kind {kind!r}", fix="use one of: " + ", ".join(KINDS))


def _explain(a: Answer) -> str:
    bits = [f"“{a.text}” ({a.category.replace('_', ' ')})"]
    if a.explanation:
        bits.append(a.explanation)
    if a.neutral_alternative:
        bits.append(f"Neutral: {a.neutral_alternative}.")
    return " ".join(bits)


def _check_spot(ex: Exercise, response: object) -> Feedback:
    picks = list(response or [])
    answers = list(ex.answers)
    hit: set[int] = set()
    wrong: list[str] = []
    text = ex.passage.text
    for r in picks:
        if isinstance(r, (tuple, list)) and len(r) == 2:
            s, e = int(r[0]), int(r[1])
            idx = [i for i, a in enumerate(answers) if s < a.end and a.start < e]
            label = text[s:e]
        else:
            label = str(r)
            k = _norm_phrase(label)
            idx = [i for i, a in enumerate(answers) if _norm_phrase(a.text) == k]
        if idx:
            hit.update(idx)
        elif label.strip():
            wrong.append(label)
    # the same phrase twice is one thing to find, not two
    keys = {}
    for i, a in enumerate(answers):
        keys.setdefault(_norm_phrase(a.text), []).append(i)
    found = [k for k, ids in keys.items() if any(i in hit for i in ids)]
    missed = [k for k in keys if k not in found]
    score = len(found) / (len(keys) + len(wrong)) if keys else 0.0
    first = {k: answers[ids[0]] for k, ids in keys.items()}
    expl = [("Right: " if k in found else "Missed: ") + _explain(first[k]) for k in keys]
    for w in wrong:
        expl.append(f"Not loaded: “{w}” " + _why_not_loaded(ex, w))
    return Feedback(round(score, 4), tuple(first[k].text for k in found), tuple(first[k].text for k in missed),
                    tuple(wrong), tuple(expl))


def _why_not_loaded(ex: Exercise, phrase: str) -> str:
    """Explain why a phrase a student marked is not in the key (a non-loaded lexicon entry, or ordinary wording)."""
    try:
        lex = _lexicon_for(ex)
    except Exception:  # noqa: BLE001 - an explanation is optional
        return "describes rather than judges here."
    hits = _matcher(lex).match_text(phrase)
    for h in hits:
        cat = lex.categories.get(h.entry.category)
        if cat is not None and not cat.loaded:
            return (f"is a {cat.name.replace('_', ' ')} word, not loaded language: {cat.description}")
    return "is ordinary descriptive wording in this passage (the lexicon does not list it as loaded)."


def _choice_voice(choice: str) -> tuple[str, str]:
    c = (choice or "").strip()
    low = c.lower()
    if low in ("own", OWN_CHOICE.lower(), "outlet", "the outlet"):
        return "own", ""
    if low.startswith(QUOTED_PREFIX):
        return "quoted", c[len(QUOTED_PREFIX):].strip()
    if low == "quoted":
        return "quoted", ""
    return "quoted", c


def _check_voice(ex: Exercise, response: object) -> Feedback:
    resp = dict(response or {}) if isinstance(response, Mapping) else {}
    by_q = {a.question: a for a in ex.answers}
    total = 0.0
    correct, missed, wrong, expl = [], [], [], []
    for q in ex.questions:
        a = by_q.get(q.id)
        if a is None:
            continue
        choice = resp.get(q.id, resp.get(q.target))
        truth = OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + (a.speaker or UNNAMED_SPEAKER)
        if choice is None:
            missed.append(a.text)
            expl.append(f"Not answered: “{a.text}”: {truth}. {a.explanation}")
            continue
        v, who = _choice_voice(str(choice))
        if v != a.voice:
            wrong.append(a.text)
            expl.append(f"Wrong: “{a.text}”: {truth}. {a.explanation}")
            continue
        if v == "own" or not who or _same_speaker(who, a.speaker or UNNAMED_SPEAKER) \
                or (who == UNNAMED_SPEAKER and a.speaker.startswith("unnamed")):
            total += 1
            correct.append(a.text)
            expl.append(f"Right: “{a.text}”: {truth}. {a.explanation}")
        else:
            total += 0.5
            wrong.append(a.text)
            expl.append(f"Half right: “{a.text}” is quoted, but from {a.speaker or UNNAMED_SPEAKER}, "
                        f"not {who}. {a.explanation}")
    n = len(by_q)
    return Feedback(round(total / n, 4) if n else 0.0, tuple(correct), tuple(missed), tuple(wrong), tuple(expl))


def _check_source(ex: Exercise, response: object) -> Feedback:
    guess = str(response or "").strip()
    truth = ex.answers[0]
    cues = [a for a in ex.answers[1:]]
    expl = [f"Clue: {_explain(c)}" for c in cues]
    if guess == truth.text:
        return Feedback(1.0, (truth.text,), (), (), (f"Right: {truth.explanation}", *expl))
    return Feedback(0.0, (), (truth.text,), (guess,) if guess else (),
                    (f"Not {guess or 'answered'}: {truth.explanation}", *expl))


def _check_sourcing(ex: Exercise, response: object) -> Feedback:
    if isinstance(response, Mapping):
        ticked = {int(k) for k, v in response.items() if v}
    else:
        ticked = {int(x) for x in (response or [])}
    correct, missed, wrong, expl = [], [], [], []
    answers = [a for a in ex.answers if a.question.startswith("s")]
    for k, a in enumerate(answers, 1):
        named = a.category == "named"
        label = f"Sentence {k}"
        if (k in ticked) == named:
            correct.append(label)
            expl.append(f"Right: {label}: {a.explanation}")
        elif named:
            missed.append(label)
            expl.append(f"Missed: {label}: {a.explanation}")
        else:
            wrong.append(label)
            expl.append(f"Wrong: {label}: {a.explanation}")
    n = len(answers)
    return Feedback(round(len(correct) / n, 4) if n else 0.0, tuple(correct), tuple(missed), tuple(wrong),
                    tuple(expl))


def _check_frames(ex: Exercise, response: object) -> Feedback:
    text = " ".join(response.values()) if isinstance(response, Mapping) else str(response or "")
    low = _norm_phrase(text)
    items = [a for a in ex.answers if a.category in ("loaded_own", "loaded_quoted", "source_named",
                                                     "source_vague", "distinctive", "not_covered")]
    seen: dict[str, Answer] = {}
    for a in items:
        seen.setdefault(_norm_phrase(a.text), a)
    correct = [a.text for k, a in seen.items() if k and k in low]
    missed = [a.text for k, a in seen.items() if k and k not in low]
    expl = [("Mentioned: " if _norm_phrase(a.text) in low else "Not mentioned: ") + _explain(a)
            for a in seen.values()]
    n = len(seen)
    return Feedback(round(len(correct) / n, 4) if n else 0.0, tuple(correct), tuple(missed), (), tuple(expl))


_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


@lru_cache(maxsize=4)
def _load_lexicon_cached(directory: str):
    from framing.detect.lexicon import load_lexicon
    return load_lexicon(directory or None)


def _lexicon_for(ex: Exercise) -> "Lexicon":
    return _load_lexicon_cached(ex.lexicon_dir)


def _check_rewrite(ex: Exercise, text: str, lexicon: "Lexicon | None") -> Feedback:
    lex = lexicon or _lexicon_for(ex)
    quoted = [m.span() for m in _QUOTED_RE.finditer(text)]
    hits = [h for h in _matcher(lex).match_text(text)
            if (c := lex.categories.get(h.entry.category)) is not None and c.loaded
            and not any(s <= h.start and h.end <= e for s, e in quoted)]
    remaining = Counter(h.entry.id for h in hits)
    targets = [a for a in ex.answers if not a.explanation.startswith("Inside a direct quote")]
    target_ids = Counter(a.entry_id for a in targets)
    correct, missed, expl = [], [], []
    for a in targets:
        if remaining[a.entry_id] > 0:
            remaining[a.entry_id] -= 1
            missed.append(a.text)
            expl.append(f"Still loaded: {_explain(a)}")
        else:
            correct.append(a.text)
            expl.append(f"Reworded: {_explain(a)}")
    wrong = [h_text for h in hits if h.entry.id not in target_ids
             for h_text in [text[h.start:h.end]]]
    for w in wrong:
        expl.append(f"New loaded word: “{w}”: a neutral rewrite should not add loaded language.")
    score = len(correct) / (len(targets) + len(wrong)) if targets else 0.0
    kept = _kept_share(ex.passage.text, text, {_norm_phrase(a.text) for a in ex.answers})
    if kept < REWRITE_MIN_KEPT:
        score = min(score, kept)
        expl.append(f"Your rewrite keeps only {kept:.0%} of the passage's other words: a neutral rewrite "
                    "rewords the loaded phrases and keeps the facts.")
    orig_quotes = [m.group()[1:-1] for m in _QUOTED_RE.finditer(ex.passage.text)]
    changed = [qt for qt in orig_quotes if len(qt.split()) > 1 and qt not in text
               and _norm_phrase(qt) not in _norm_phrase(text)]
    if changed:
        expl.append("Some quotations no longer appear word for word: if you paraphrased them, check that "
                    "it is still clear who said what.")
    return Feedback(round(score, 4), tuple(correct), tuple(missed), tuple(wrong), tuple(expl))


def _kept_share(original: str, rewrite: str, loaded: set[str]) -> float:
    """Return the share of ``original``'s ordinary content words (not loaded, not stop words) found in ``rewrite``."""
    stop = _stop_words()

    def words(t: str) -> list[str]:
        return [w.lower() for w in TOKEN_RE.findall(t) if w.lower() not in stop and len(w) > 2]
    loaded_words = {w for phrase in loaded for w in phrase.split()}
    orig = [w for w in words(original) if w not in loaded_words]
    if not orig:
        return 1.0
    have = set(words(rewrite))
    return sum(1 for w in orig if w in have) / len(orig)


def category_colours(exercise: Exercise) -> dict[str, str]:
    """Return ``{category: "#rrggbb"}`` from the lexicon the exercise was made with ({} if it cannot be read)."""
    try:
        lex = _lexicon_for(exercise)
    except Exception:  # noqa: BLE001 - colours are decoration; a key renders without them
        return {}
    return {name: c.colour for name, c in lex.categories.items()}
