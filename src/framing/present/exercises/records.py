"""The exercise records: passages, questions, answer-key items, exercises and feedback (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass

from framing.core.types import UNKNOWN


class ShortfallWarning(UserWarning):
    """Fewer exercises than requested could be made; the message says how many and why."""


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
    #: Endnotes the passage cites, as printed under it ("[1] Rodong Sinmun, 2024"); sourcing passages
    #: also carry the markers in their text, so they are not a slice of the document there either.
    endnotes: tuple[str, ...] = ()

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
