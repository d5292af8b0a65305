"""The claim scorer: one TF-IDF vectorizer fitted on the registry plus the corpus, key-term and exemplar scores."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from framing.analyze.claims.registry import Claims, load_claims
from framing.analyze.claims.terms import TermAnalyzer, key_term_feature, phrase_key
from framing.core.errors import CatalogError

if TYPE_CHECKING:  # scipy and scikit-learn are imported where they are used (about 1 s to import)
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

#: Weight of the key-term similarity in the confidence; the rest is the
#: exemplar similarity.  Key terms do most of the work (alone: F1 0.814 on
#: the hand labels); exemplars are the only route for paraphrases without a
#: key word, and the 0.5 mix measured F1 0.807 (docs/claims.md).
KEY_WEIGHT = 0.5

#: How many explaining terms to report per assignment.
N_EXPLAIN = 5


@dataclass(frozen=True, eq=False)
class ClaimModel:
    """A fitted claim scorer: the vectorizer plus per-claim key-term and exemplar matrices.

    Build it with :func:`fit_claim_model`; score with :meth:`scores`.
    """

    claims: Claims
    vectorizer: TfidfVectorizer
    key_mask: sparse.csr_matrix          # n_features x n_claims, 1 where a feature is a key term
    exemplars: sparse.csr_matrix         # n_exemplars x n_features, l2-normalized tf-idf
    owner: np.ndarray                    # exemplar row -> claim column
    unigram_mask: np.ndarray             # n_features, 1.0 for single-word features
    key_weight: float = KEY_WEIGHT

    @property
    def ids(self) -> list[str]:
        """Return the claim ids, one per score column."""
        return self.claims.ids

    def transform(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Return ``(X, words)``: l2-normalized tf-idf rows of ``texts`` and their content-word counts.

        Unlike ``TfidfVectorizer.transform``, words the model never saw still
        count: each adds its weight (at the largest IDF) to the row's norm and
        one to ``words``.  Dropping them would shrink a sentence to its few
        known words and inflate its similarity to every claim, so an
        off-topic sentence scored by a model fitted on another corpus could
        look on-topic.
        """
        from scipy import sparse
        vocab = self.vectorizer.vocabulary_
        idf = self.vectorizer.idf_
        oov_idf = float(idf.max()) if len(idf) else 1.0
        analyze = self.vectorizer.analyzer
        indptr: list[int] = [0]
        indices: list[int] = []
        data: list[float] = []
        words = np.zeros(len(texts))
        for r, text in enumerate(texts):
            tf = Counter(analyze(text))
            cols, vals, oov_sq, nw = [], [], 0.0, 0
            for term, n in tf.items():
                w = 1.0 + np.log(n)  # sublinear tf, as in the fitted vectorizer
                if " " not in term:
                    nw += 1
                j = vocab.get(term)
                if j is None:
                    oov_sq += (w * oov_idf) ** 2
                else:
                    cols.append(j)
                    vals.append(w * idf[j])
            norm = np.sqrt(sum(v * v for v in vals) + oov_sq) or 1.0
            indices.extend(cols)
            data.extend(v / norm for v in vals)
            indptr.append(len(indices))
            words[r] = nw
        X = sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                               np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(vocab)))
        X.sort_indices()
        return X, words

    def known_words(self, X: sparse.csr_matrix) -> np.ndarray:
        """Return the distinct single-word features per row (the content-word count when none is unseen)."""
        B = X.copy()
        B.data = np.ones_like(B.data)
        return np.asarray(B @ self.unigram_mask).ravel()

    def key_scores(self, X: sparse.csr_matrix, words: np.ndarray | None = None) -> np.ndarray:
        """Return key-term coverage, shape (n_sentences, n_claims), in [0, 1].

        ``min(1, distinct key terms present / sqrt(distinct content words))``.
        Key terms are curated, so each counts the same: weighting them by
        corpus IDF would down-weight a claim's central word ("treaty") exactly
        in the corpora that are about that claim (docs/claims.md shows the
        effect).  ``words`` comes from :meth:`transform`; by default the
        row's known single-word features.
        """
        B = X.copy()
        B.data = np.ones_like(B.data)
        if words is None:
            words = self.known_words(X)
        words = np.maximum(np.asarray(words, dtype=float), 1.0)
        hits = np.asarray((B @ self.key_mask).todense()).reshape(X.shape[0], len(self.ids))
        return np.minimum(1.0, hits / np.sqrt(words)[:, None])

    def exemplar_scores(self, X: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(best cosine, best exemplar row)`` per (sentence, claim)."""
        n, c = X.shape[0], len(self.ids)
        best = np.zeros((n, c))
        which = np.full((n, c), -1, dtype=int)
        if not self.exemplars.shape[0] or not n:
            return best, which
        sims = (X @ self.exemplars.T).tocsc()
        for j in range(c):
            cols = np.flatnonzero(self.owner == j)
            if len(cols):
                sub = sims[:, cols]
                best[:, j] = np.asarray(sub.max(axis=1).todense()).ravel()
                which[:, j] = cols[np.asarray(sub.argmax(axis=1)).ravel()]
        return np.clip(best, 0.0, 1.0), which

    def scores(self, X: sparse.csr_matrix, words: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(confidence, key, exemplar)`` arrays of shape (n_sentences, n_claims).

        ``X`` and ``words`` are what :meth:`transform` returns.
        """
        key = self.key_scores(X, words)
        ex, _ = self.exemplar_scores(X)
        return self.key_weight * key + (1 - self.key_weight) * ex, key, ex

    def explain(self, X: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray,
                n: int = N_EXPLAIN) -> list[list[str]]:
        """Return, per (row, claim column) pair, up to ``n`` terms tying the sentence to the claim.

        A term explains the pair when it is one of the claim's key terms or
        occurs in the claim's best-matching exemplar; terms are ranked by the
        sentence's tf-idf weight times ``key_weight`` (key term) plus
        ``(1 - key_weight)`` times the exemplar's weight.  Vectorized per claim.
        """
        from scipy import sparse
        out: list[list[str]] = [[] for _ in range(len(rows))]
        if not len(rows):
            return out
        names = self.vectorizer.get_feature_names_out()
        for j in np.unique(cols):
            pos = np.flatnonzero(cols == j)
            Xs = X[rows[pos]]
            tie = Xs.multiply(self.key_mask[:, j].T) * self.key_weight
            ex_cols = np.flatnonzero(self.owner == j)
            if len(ex_cols):
                # The exemplar each sentence is closest to, as a row per sentence.
                best = ex_cols[np.asarray((Xs @ self.exemplars[ex_cols].T).argmax(axis=1)).ravel()]
                tie = tie + Xs.multiply(self.exemplars[best]) * (1 - self.key_weight)
            tie = sparse.csr_matrix(tie)
            for k, p in enumerate(pos):
                lo, hi = tie.indptr[k], tie.indptr[k + 1]
                idx, val = tie.indices[lo:hi], tie.data[lo:hi]
                order = np.argsort(-val, kind="stable")[:n]
                out[p] = [str(names[idx[o]]) for o in order if val[o] > 0]
        return out


def _registry_texts(claims: Claims) -> list[str]:
    """Return the registry text the IDF is fitted on: statements, descriptions, exemplars, key terms."""
    texts = []
    for c in claims:
        texts.append(c.statement)
        texts.append(c.description)
        texts.extend(c.exemplars)
        # One document per claim for all its key terms: a document per term
        # would make the key vocabulary look common and lower its IDF.
        texts.append(" ; ".join(c.key_terms))
    return [t for t in texts if t]


def fit_model(claims: Claims | None, texts: Sequence[str], key_weight: float = KEY_WEIGHT
              ) -> tuple[ClaimModel, sparse.csr_matrix]:
    """Return a model fitted on the registry (default: the bundled one) plus ``texts``, and the rows of ``texts``.

    The rows come from the one ``fit_transform``, so scoring the texts the
    model was fitted on costs no second pass of the analyzer.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    claims = claims if claims is not None else load_claims()
    if not len(claims):
        raise CatalogError("the claim registry has no usable claims", claims.path or None,
                           fix="fix the problems reported for the registry")
    analyzer = TermAnalyzer(phrase_key(k) for c in claims for k in c.key_terms)
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, norm="l2", dtype=np.float64)
    reg = _registry_texts(claims)
    # fit_transform once: the analyzer (tokenize + stem) is the expensive part.
    M = vec.fit_transform(reg + list(texts)).tocsr()
    vocab = vec.vocabulary_
    rows, cols = [], []
    for j, c in enumerate(claims):
        for f in sorted({key_term_feature(k) for k in c.key_terms}):
            if f in vocab:  # always true: each key term is part of the fitted text
                rows.append(vocab[f])
                cols.append(j)
    key_mask = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), len(claims)))
    ex_texts, owner = [], []
    for j, c in enumerate(claims):
        for t in (c.statement,) + c.exemplars:
            ex_texts.append(t)
            owner.append(j)
    ex = vec.transform(ex_texts).tocsr()  # registry text: all in the vocabulary
    unigrams = np.array([" " not in f for f in vec.get_feature_names_out()], dtype=np.float64)
    model = ClaimModel(claims, vec, key_mask, ex, np.asarray(owner, dtype=int), unigrams, key_weight)
    return model, M[len(reg):]


def fit_claim_model(claims: Claims | None = None, texts: Iterable[str] = (),
                    key_weight: float = KEY_WEIGHT) -> ClaimModel:
    """Return a :class:`ClaimModel` whose IDF is fitted on the registry plus ``texts``.

    Pass the sentences you are about to score as ``texts`` (``assign_claims``
    does) so that words common in *this* corpus weigh little; fit once and
    reuse the model to score later batches on the same scale.  ``key_weight``
    is the share of the key-term score in the confidence (1.0: key terms only).
    """
    return fit_model(claims, list(texts), key_weight)[0]
