"""Sentence -> claim assignment: the scorable sentences, their scores per claim, and the assignments that pass."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from framing.analyze.claims.chrome import is_chrome
from framing.analyze.claims.model import ClaimModel, fit_model
from framing.analyze.claims.registry import Claims
from framing.text.parse import ParsedDocument

#: Smallest confidence that makes an assignment: the best F1 with precision
#: >= 0.8 on the hand labels (tests/data/claims/labels.csv), P 0.856 / R 0.763
#: overall; also the best-F1 value on the seed labels alone, where the unseen
#: test articles then score P 0.886 / R 0.867.  docs/claims.md has the sweep.
ASSIGN_THRESHOLD = 0.10

#: Segment kinds whose sentences are scored: the prose kinds plus titles.
#: Pull quotes and summaries repeat the body (counting them would double a
#: stance's sentences), boilerplate and references are not claims.
CLAIM_KINDS = frozenset({"body", "quoted_article", "comment", "title"})

#: Columns of :func:`assign_claims`'s DataFrame.
ASSIGNMENT_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind",
                      "start", "end", "raw_start", "raw_end", "text", "claim_id",
                      "confidence", "key_score", "exemplar_score", "terms"]


#: Columns of :func:`claim_sentences` (and the first columns of :func:`score_sentences`).
SENTENCE_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind",
                     "start", "end", "raw_start", "raw_end", "text"]


def claim_sentences(parsed_docs: Iterable[ParsedDocument]) -> pd.DataFrame:
    """Return one row per scorable sentence (segments of a :data:`CLAIM_KINDS` kind, page chrome dropped).

    Columns: doc_id, seg_id, sent_idx (index into ``ParsedDocument.sentences``),
    stance, outlet, seg_kind, start, end (repaired text), raw_start, raw_end
    (original file) and text (whitespace collapsed to single spaces).
    """
    rows = []
    for p in parsed_docs:
        segs = {s.seg_id: s for s in p.segments}
        for i, s in enumerate(p.sentences):
            seg = segs.get(s.seg_id)
            if seg is None or seg.kind not in CLAIM_KINDS or is_chrome(s.text):
                continue
            rs, re_ = p.repaired.raw_span(s.start, s.end)
            rows.append((p.doc.doc_id, s.seg_id, i, seg.stance, seg.outlet, seg.kind,
                         s.start, s.end, rs, re_, " ".join(s.text.split())))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def _scored(parsed_docs: Iterable[ParsedDocument], claims: Claims | None,
            model: ClaimModel | None):
    """Return ``(sentences, model, X, words)``, fitting a model on the sentences if none is given."""
    sents = claim_sentences(parsed_docs)
    texts = sents["text"].tolist()
    if model is None:
        model, X = fit_model(claims, texts)
        words = model.known_words(X)  # every word of a fitted text is in the vocabulary
    else:
        X, words = model.transform(texts)
    return sents, model, X, words


def score_sentences(parsed_docs: Iterable[ParsedDocument], claims: Claims | None = None,
                    model: ClaimModel | None = None) -> pd.DataFrame:
    """Return every scorable sentence with one confidence column per claim id.

    The columns are those of :func:`claim_sentences` followed by one float
    column (0..1) per claim in registry order: the unthresholded scores, for
    charts, threshold studies and candidate discovery.
    """
    sents, model, X, words = _scored(parsed_docs, claims, model)
    conf = model.scores(X, words)[0] if X.shape[0] else np.zeros((0, len(model.ids)))
    return pd.concat([sents, pd.DataFrame(conf, columns=model.ids, index=sents.index)], axis=1)


def assign_claims(parsed_docs: Iterable[ParsedDocument], claims: Claims | None = None,
                  threshold: float = ASSIGN_THRESHOLD, model: ClaimModel | None = None,
                  claim_id: str | None = None) -> pd.DataFrame:
    """Return one row per (sentence, claim) assignment whose confidence reaches ``threshold``.

    Columns (:data:`ASSIGNMENT_COLUMNS`): doc_id, seg_id, sent_idx, stance,
    outlet, seg_kind, start, end (offsets in the repaired text), raw_start,
    raw_end (offsets in the original file), text, claim_id, confidence (0..1),
    key_score and exemplar_score (its two parts) and terms (the normalized
    terms that explain the assignment, joined by ``"; "``).  Rows are ordered
    by document, sentence and descending confidence.  ``claims`` defaults to
    the bundled registry; pass a fitted ``model`` to score on a fixed IDF;
    ``claim_id`` keeps only that claim (an unknown id raises
    :class:`CatalogError` listing the known ones).  A later ``contrast`` stage
    takes this frame as it is (group by claim_id and stance).
    """
    sents, model, X, words = _scored(parsed_docs, claims, model)
    if claim_id is not None:
        model.claims.get(claim_id)  # raises with the list of known ids
    if sents.empty:
        return pd.DataFrame(columns=ASSIGNMENT_COLUMNS)
    conf, key, ex = model.scores(X, words)
    mask = conf >= threshold
    if claim_id is not None:
        keep = np.zeros(len(model.ids), dtype=bool)
        keep[model.ids.index(claim_id)] = True
        mask &= keep[None, :]
    ii, jj = np.nonzero(mask)
    out = sents.iloc[ii].reset_index(drop=True)
    out["claim_id"] = np.asarray(model.ids, dtype=object)[jj]
    out["confidence"] = np.round(conf[ii, jj], 4)
    out["key_score"] = np.round(key[ii, jj], 4)
    out["exemplar_score"] = np.round(ex[ii, jj], 4)
    out["terms"] = ["; ".join(t) for t in model.explain(X, ii, jj)]
    out = out[ASSIGNMENT_COLUMNS]
    return out.sort_values(["doc_id", "sent_idx", "confidence"], ascending=[True, True, False],
                           kind="stable").reset_index(drop=True)


def claims_by_stance(assignments: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (claim_id, stance): sentences, documents and mean confidence.

    The input is :func:`assign_claims`'s DataFrame; this is the table a
    side-by-side contrast starts from.
    """
    cols = ["claim_id", "stance", "sentences", "documents", "mean_confidence"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    g = assignments.groupby(["claim_id", "stance"], sort=True)
    out = g.agg(sentences=("sent_idx", "size"), documents=("doc_id", "nunique"),
                mean_confidence=("confidence", "mean")).reset_index()
    out["mean_confidence"] = out["mean_confidence"].round(3)
    return out[cols]
