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
(lower-weight) cues make an exercise harder.  Generators take the plain
:class:`~framing.orchestrator.CorpusAnalysis` (``framing.api.Analysis.data``)
and call the analysis stages directly.  Nothing here imports Streamlit, the
CLI or the store; :mod:`framing.present.worksheet` renders the records.

Modules: :mod:`.records` (the records), :mod:`.settings` (kinds, levels,
thresholds), :mod:`.view` (the corpus as passage material), :mod:`.wording`,
:mod:`.inflect` and :mod:`.redact` (text helpers), :mod:`.common` (shared by
the kinds), one module per kind (:mod:`.spot`, :mod:`.voice`, :mod:`.rewrite`,
:mod:`.sourcing`, :mod:`.source`, :mod:`.frames`), :mod:`.generate` and
:mod:`.check`.
"""

from framing.present.exercises.check import category_colours, check_answer, student_feedback
from framing.present.exercises.generate import generate
from framing.present.exercises.inflect import model_rewrite
from framing.present.exercises.records import (
                                                Answer,
                                                Exercise,
                                                Feedback,
                                                Passage,
                                                Question,
                                                ShortfallWarning,
)
from framing.present.exercises.redact import outlet_names
from framing.present.exercises.settings import (
                                                BLATANT_WEIGHT,
                                                DISTINCTIVE_MIN_SHARE,
                                                DISTINCTIVE_MIN_Z,
                                                FRAMES_MIN_CONFIDENCE,
                                                KIND_TITLES,
                                                KINDS,
                                                LEVELS,
                                                MAX_TERMS,
                                                OUTLET_PLACEHOLDER,
                                                OWN_CHOICE,
                                                PASSAGE_KINDS,
                                                QUOTED_PREFIX,
                                                REWRITE_MIN_KEPT,
                                                SUBTLE_WEIGHT,
                                                UNNAMED_SPEAKER,
                                                Level,
)
from framing.present.exercises.wording import student_text

__all__ = [
    "KINDS", "KIND_TITLES", "LEVELS", "Level", "Passage", "Question", "Answer", "Exercise", "Feedback",
    "ShortfallWarning", "generate", "check_answer", "student_feedback", "model_rewrite", "outlet_names", "student_text",
    "category_colours", "BLATANT_WEIGHT", "SUBTLE_WEIGHT", "FRAMES_MIN_CONFIDENCE", "DISTINCTIVE_MIN_Z",
    "DISTINCTIVE_MIN_SHARE", "MAX_TERMS", "OUTLET_PLACEHOLDER", "OWN_CHOICE", "QUOTED_PREFIX", "UNNAMED_SPEAKER",
    "REWRITE_MIN_KEPT", "PASSAGE_KINDS",
]
