"""Claim registry and sentence -> claim assignment.

A *claim* is a proposition several outlets report on (``seeds/claims.csv``:
"North Korean troops are fighting for Russia", "the partnership treaty entered
into force", ...).  This module loads the registry, scores every sentence of
every readable segment against every claim, and returns the assignments as a
DataFrame, so a later stage (``contrast``) can show side by side how each
outlet stance frames the same claim.

How a sentence is scored (see ``docs/claims.md`` for the measurements):

* Terms are unigrams and bigrams of normalized tokens (:mod:`framing.text.tokens`:
  lower case + Snowball stem), sklearn's English stop words removed before
  the bigrams are formed (as ``TfidfVectorizer`` does), hyphenated compounds
  split into their parts (``Kim Jong-un`` == ``Kim Jong Un``,
  ``DPRK-Russia treaty`` -> ``dprk``, ``russia``, ``treati``).
* One ``TfidfVectorizer`` (sublinear tf, l2 norm) is fitted on the registry
  text plus the sentences being analysed, so its IDF knows which words are
  common *in this corpus* ("Russia", "North Korea" are everywhere) even for
  articles nobody tuned on.
* Two similarities per (sentence, claim), both in [0, 1]:

  - ``key``: ``min(1, distinct key terms present / sqrt(distinct content
    words))``.  A one-word key term is a unigram, a two-word one a bigram, a
    longer one a whole-phrase feature, so "North Korean troops" needs the
    phrase, not just "North".  Key terms count equally (curated, and corpus
    IDF would down-weight a claim's central word in corpora about it).
  - ``exemplar``: the largest cosine between the sentence and one of the
    claim's exemplar sentences (or its statement).

* ``confidence = KEY_WEIGHT * key + (1 - KEY_WEIGHT) * exemplar``; a sentence
  is assigned every claim whose confidence reaches ``ASSIGN_THRESHOLD`` (so a
  sentence may belong to several claims or to none).

Everything is vectorized once into sparse matrices; the only per-pair Python
work is building the explanation of the (few) assignments that pass.

Modules: :mod:`.registry` (loading and validating the registry),
:mod:`.terms` (the term analyzer), :mod:`.model` (the fitted TF-IDF scorer),
:mod:`.assign` (sentences, scores, assignments) and :mod:`.labels`
(evaluation against hand labels).  Every public name is importable from
``framing.analyze.claims``.
"""

from __future__ import annotations

from framing.analyze.claims.assign import (ASSIGN_THRESHOLD, ASSIGNMENT_COLUMNS, CLAIM_KINDS, SENTENCE_COLUMNS,
                                           assign_claims, claim_sentences, claims_by_stance, score_sentences)
from framing.analyze.claims.labels import LABEL_COLUMNS, label_metrics, read_labels
from framing.analyze.claims.model import KEY_WEIGHT, N_EXPLAIN, ClaimModel, fit_claim_model
from framing.analyze.claims.registry import (LIST_SEP, REGISTRY_COLUMNS, Claim, Claims, default_claims_path,
                                             load_claims)
# _grams: the term spans, also read by framing.analyze.distinctive.
from framing.analyze.claims.terms import (TermAnalyzer, _grams, key_term_feature, phrase_key, sentence_terms,
                                          surface_forms, terms_with_surfaces)

__all__ = [
    "ASSIGN_THRESHOLD", "ASSIGNMENT_COLUMNS", "CLAIM_KINDS", "KEY_WEIGHT", "LABEL_COLUMNS", "LIST_SEP", "N_EXPLAIN",
    "REGISTRY_COLUMNS", "SENTENCE_COLUMNS", "Claim", "ClaimModel", "Claims", "TermAnalyzer", "assign_claims",
    "claim_sentences", "claims_by_stance", "default_claims_path", "fit_claim_model", "key_term_feature",
    "label_metrics", "load_claims", "phrase_key", "read_labels", "score_sentences", "sentence_terms",
    "surface_forms", "terms_with_surfaces",
]
