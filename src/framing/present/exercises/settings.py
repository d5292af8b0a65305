"""Named constants of the exercises: the kinds, the difficulty levels, and the thresholds cues must pass."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from framing.text.stopwords import english_stop_words

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
def stop_words() -> frozenset[str]:
    """Return the words that are never distractors nor count for rewrite coverage."""
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
