"""Transparent credibility indicators: what the text shows about its sourcing, with the evidence.

Outlet ratings (NewsGuard, Media Bias/Fact Check, Ad Fontes) are opaque and
contested.  This stage does not rate outlets; it counts what a reader can
check in the text itself, following the *content indicators* of Zhang et al.
(2018) and the W3C Credible Web "Is Original" signal, and every number comes
with the sentences or spans behind it (:func:`credibility_evidence`).
Definitions, thresholds and limits are in ``docs/credibility.md``.

Indicator families (column prefixes in :func:`credibility_frame`):

* **Sourcing** -- share of factual sentences attributed to a named source
  (``attributed_share``) or carrying an endnote marker or link
  (``sourced_share``); vague attributions; distinct sources and source types;
  links; endnotes with the outlets they cite and their primary-document share
  (:data:`PRIMARY_RULE`).
* **Relay** -- the share of factual sentences that relay one outlet
  (``relay_share``); a document at or above :data:`RELAY_SHARE_THRESHOLD`
  with at least :data:`RELAY_MIN_SENTENCES` such sentences is flagged as a
  rewrite of that outlet (``rewrite_of``).
* **State reliance** -- share of cited items (attributions, endnote works,
  links) whose source is a state outlet, a government body or an official of
  a party to the conflict (``outlets.csv`` / ``sources/officials.csv``).
* **Calibration** -- hedge and booster rates (from :mod:`framing.analyze.scoring`) and
  claims stated as fact without any attribution (``unattributed_claims``).
* **Loaded language** -- ``loaded_own`` (outlet's voice) apart from
  ``loaded_quoted`` (quoted speech), from :mod:`framing.analyze.scoring`.
* **Transparency** -- byline/authors, date, dateline, corrections notice,
  ownership, from the text and the catalog.
* **Metadata** -- catalog ownership and, where a researcher adds them,
  external ratings (``rating``, ``rating_source``, ``rating_date``): shown as
  cited metadata, never as ground truth and never used in any score.

* **Independence and diversity** -- government vs independent sources,
  reliance on one government and on the outlet's home government, sides
  heard, verification credit, state-media relay (:mod:`.independence`).

:func:`composite` combines indicator scores with visible weights
(:data:`DEFAULT_WEIGHTS`); the components stay in the output.
:func:`~framing.analyze.credibility.validate.validate` compares it with the
cited outlet ratings in ``lexicons/sources/ratings.csv`` (never an input).

Every function takes the plain :class:`~framing.orchestrator.CorpusAnalysis`
(for a notebook :class:`framing.api.Analysis`, pass its ``.data``).

Modules: :mod:`.rules` (named thresholds), :mod:`.records` (the records
built), :mod:`.resolve` (who a citation points to, the primary rule),
:mod:`.sentences` (statement and claim rules), :mod:`.facts` (the one pass
over the documents, cached per analysis), :mod:`.transparency`,
:mod:`.indicators` (:func:`credibility_frame`), :mod:`.evidence` and
:mod:`.composite`, :mod:`.independence` and :mod:`.validate`.
"""

from __future__ import annotations

# The names in __all__, and (as before the split) the other named constants,
# column lists and records, importable from framing.analyze.credibility.
from framing.analyze.credibility.composite import (COMPONENTS, DEFAULT_WEIGHTS, LOADED_HALF, composite, parse_weights,
                                                   weights_text)
from framing.analyze.credibility.evidence import credibility_evidence, endnote_sources
from framing.analyze.credibility.facts import credibility_facts
from framing.analyze.credibility.indicators import FRAME_COLUMNS, GROUPS, credibility_frame
from framing.analyze.credibility.records import (ENDNOTE_COLUMNS, EVIDENCE_COLUMNS, CitedItem, CredibilityFacts,
                                                 SentenceFacts, SourceRef)
from framing.analyze.credibility.resolve import PRIMARY_RULE, is_official_record, is_primary, resolve_source
from framing.analyze.credibility.rules import (ATTRIBUTION_CATEGORIES, COVER_MIN, HEADING_MAX_TOKENS,
                                               MIN_FACTUAL_TOKENS, PUBLICATION_VERBS, RELAY_MIN_SENTENCES,
                                               RELAY_SHARE_THRESHOLD, STATEMENT_KINDS, VAGUE_ADVERBS,
                                               VAGUE_CATEGORIES)

from framing.analyze.credibility.validate import Validation, load_ratings, outlet_composites, validate

__all__ = [
    "validate", "Validation", "load_ratings", "outlet_composites",
    "credibility_frame", "credibility_evidence", "endnote_sources", "composite", "parse_weights",
    "credibility_facts", "resolve_source", "CredibilityFacts", "SourceRef", "CitedItem", "DEFAULT_WEIGHTS",
    "COMPONENTS", "weights_text",
    "RELAY_SHARE_THRESHOLD", "RELAY_MIN_SENTENCES", "PRIMARY_RULE", "is_primary", "GROUPS",
]
