"""Named thresholds and text patterns shared by the credibility modules (each documented in docs/credibility.md)."""

from __future__ import annotations

import re

from framing.core.types import PROSE_KINDS
from framing.detect.outlets import URL_RE  # noqa: F401 - one URL pattern for the whole tool (re-exported)

#: A document is flagged as a rewrite of outlet O when at least this share of
#: its factual sentences relay O.  Measured on the seeds: the two rewrites relay
#: their main source in 0.45 (003, TASS) and 0.56 (001, the Kremlin) of their
#: sentences, the CNS relay in 000 in 0.50, while the think-tank brief (002)
#: credits any one outlet in under 0.05 and the RT article relays no outlet.
#: A third sits well inside that gap and reads as "a large part of this text
#: is someone else's copy", the W3C "Is Original" question.
RELAY_SHARE_THRESHOLD = 0.3

#: ... and at least this many sentences relay it: one credited sentence in a
#: two-line item is too little evidence of rewriting.
RELAY_MIN_SENTENCES = 2

#: A sentence counts as covered by an attribution's reported content (or a
#: direct quote) when at least this share of its tokens lie inside it.
COVER_MIN = 0.5

#: Sentences shorter than this many tokens are not read as factual statements
#: (fragments such as "Yes." or "Not again." carry no claim worth sourcing).
MIN_FACTUAL_TOKENS = 3

#: A line in a body without sentence-final punctuation and at most this many
#: tokens is a heading ("The Significance of Putin's Visit"), not a statement.
HEADING_MAX_TOKENS = 10

#: Lexicon categories that are about attribution itself, so they do not make
#: a sentence "claim-like" (a sentence is not a claim because it says "said").
ATTRIBUTION_CATEGORIES = frozenset({"attribution", "unsupported_attribution"})

#: Categories counted as vague attribution when no voice frame already covers
#: the same sentence ("experts say", "it is widely believed").
VAGUE_CATEGORIES = frozenset({"unsupported_attribution"})

#: Adverbs that pass a claim on without naming who made it ("Reportedly,
#: the DPRK delivered infantry rockets", 002): a vague attribution when no
#: voice frame in the sentence already is one.
VAGUE_ADVERBS = ("reportedly", "purportedly")

#: Verbs that make "<outlet> published/released ..." a publication frame: the
#: outlet is credited as the publisher of what the sentence reports
#: ("Rodong Sinmun, published thoughts from Putin", 001; "KCNA released the
#: full text", 002).  voice.py does not read these as reporting verbs.
PUBLICATION_VERBS = ("published", "publishes", "carried", "carries", "released", "releases",
                     "ran", "posted", "posts", "printed", "aired", "broadcast")

#: Segment kinds whose sentences are statements an outlet makes: prose
#: without headlines (a headline is read for attribution, but it summarises
#: the body rather than adding a claim to be sourced).
STATEMENT_KINDS = frozenset(PROSE_KINDS - {"title"})

#: A URL as written in running text (links and the "number" test skip it).

#: A corrections notice: not a statement to source, and a transparency item.
CORRECTION_RE = re.compile(
    r"\b(?:correction|clarification)\s*:|an earlier version of this (?:article|story|report)|"
    r"this (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)", re.I)
