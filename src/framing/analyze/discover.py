"""Propose candidate claims by clustering sentences across documents.

A researcher who opens a new corpus does not yet know its claims.  This
module clusters the readable sentences (TF-IDF over the same terms the claim
scorer uses, reduced with LSA, then k-means; deterministic for a given
``seed``) and ranks the clusters by how many outlet stances they span, since a
claim is interesting here exactly when several stances report it.  Each
candidate comes out in the registry's column format, so the researcher can
edit its statement and paste the row into ``claims.csv``
(:func:`write_candidates` writes such a file; the registry loader ignores the
extra count columns).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
from framing.analyze.claims import (LIST_SEP, REGISTRY_COLUMNS, Claims, TermAnalyzer, claim_sentences,
                     score_sentences, surface_forms)
from framing.core import config
from framing.core.errors import FramingError
from framing.core.export import write_frame
from framing.text.parse import ParsedDocument

#: Clusters made per requested candidate: over-cluster, then keep the best
#: ranked, so a few broad clusters do not swallow the cross-stance ones.
OVERCLUSTER = 3
#: Sentences with fewer distinct content words carry too little to cluster
#: ("He stayed in Russia for about a week.") and are left out.
MIN_CONTENT_WORDS = 5
#: LSA dimensions: at most 100 (the usual choice for LSA on short texts) and
#: at most one per ``SENTENCES_PER_DIM`` sentences.  On the ~200 seed + test
#: sentences, 100 dimensions nearly reproduce raw TF-IDF and split topics by
#: names; 20 gave clusters for the treaty, Kursk troops and sanctions.
LSA_DIMS = 100
SENTENCES_PER_DIM = 10
#: Above this many sentences, MiniBatchKMeans replaces KMeans (same result
#: quality here, linear memory, seconds instead of minutes at 10,000 documents).
MINIBATCH_ABOVE = 20_000
#: Up to this many sentences, Ward agglomerative clustering (deterministic);
#: above it k-means, seeded by ``seed``.
AGGLOMERATIVE_MAX = 5_000
#: Key terms and exemplars proposed per candidate.
N_KEY_TERMS = 8
N_EXEMPLARS = 3
#: A cluster is a candidate only if it spans at least this many documents.
MIN_DOCUMENTS = 2

CANDIDATE_COLUMNS = list(REGISTRY_COLUMNS) + [
    "n_sentences", "n_documents", "n_stances", "stances", "examples",
    "nearest_claim", "nearest_score"]

_ID_CLEAN = re.compile(r"[^a-z0-9]+")


def _candidate_id(terms: list[str], taken: set[str]) -> str:
    """Return a registry-valid, unique id like ``cand_kursk_troops`` from the top terms."""
    words = []
    for t in terms:
        for w in _ID_CLEAN.sub(" ", t.lower()).split():
            if w not in words:
                words.append(w)
        if len(words) >= 2:
            break
    base = "cand_" + "_".join(words[:2]) if words else "cand"
    cid, k = base[:60], 2
    while cid in taken:
        cid, k = f"{base[:56]}_{k}", k + 1
    taken.add(cid)
    return cid


def reporting_terms(lexicon_dir: str | Path | None = None) -> frozenset[str]:
    """Return the claim-term forms of every reporting verb in the voice lexicon (``said`` -> ``said``, ``adding`` -> ``ad``).

    These are the words of attribution (``attribution.csv``'s ``voice`` column
    and ``voice/verbs.csv``), normalized as :class:`TermAnalyzer` normalizes
    sentence words, so discovery can leave them out of its vectors.
    """
    from framing.analyze.claims.terms import sentence_terms
    from framing.detect.voice.words import load_words
    w = load_words(str(lexicon_dir or config.lexicons_dir()))
    forms = w.reporting | w.base_form | w.participles | w.person_only | w.invertible
    return frozenset(t for f in forms if " " not in f for t in sentence_terms(f) if " " not in t)


def discover_claims(parsed_docs: Iterable[ParsedDocument], n_candidates: int = 10, seed: int = 0,
                    registry: Claims | None = None, lexicon_dir: str | Path | None = None) -> pd.DataFrame:
    """Return up to ``n_candidates`` candidate claims, best first, as a DataFrame.

    Columns: the registry's (claim_id, statement, description, key_terms,
    exemplars; lists joined by ``|``) plus n_sentences, n_documents,
    n_stances, stances (``; ``-joined), examples (one sentence per stance,
    ``[stance] text`` joined by `` || ``), nearest_claim and nearest_score
    (the existing registry claim the cluster's sentences score highest on,
    and that mean confidence, so already-covered topics are easy to spot).
    Ranked by n_stances, then n_documents, then cohesion.  ``registry``
    defaults to the bundled claims.  Page chrome is dropped and names are
    left out of the vectors, and so are reporting verbs ("said", "adding":
    :func:`reporting_terms` of ``lexicon_dir``, default the bundled lexicons);
    up to ``AGGLOMERATIVE_MAX`` sentences the result does not depend on
    ``seed``.
    """
    # scikit-learn takes about a second to import: only discovery needs these.
    from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize as l2_normalize
    parsed_docs = list(parsed_docs)
    if n_candidates < 1:
        raise FramingError(f"n_candidates must be at least 1, not {n_candidates}")
    sents = claim_sentences(parsed_docs)
    empty = pd.DataFrame(columns=CANDIDATE_COLUMNS)
    if sents.empty:
        return empty
    analyzer = TermAnalyzer()
    # min_df=2: a term in one sentence only cannot tie sentences together.
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2, dtype=np.float64)
    try:
        X = vec.fit_transform(sents["text"].tolist()).tocsr()
    except ValueError:  # no term occurs twice: nothing to cluster
        return empty
    names = vec.get_feature_names_out()
    # Names ("Kim Jong Un", "Vostochny") tie sentences by who is named, not by
    # what is claimed: their columns are dropped before clustering.
    surf = surface_forms(sents["text"].tolist())
    # Verbs of saying tie sentences by how they are reported, not by what is
    # claimed ("said", "confirmed", "adding" topped the seed candidates).
    saying = reporting_terms(lexicon_dir)
    name_parts = _compound_name_parts(sents["text"].tolist())
    proper = np.array([_is_name(surf.get(str(f), str(f))) or any(w in saying for w in str(f).split())
                       or all(w in name_parts for w in str(f).split()) for f in names])
    if proper.any() and not proper.all():
        X = X[:, np.flatnonzero(~proper)]
        names = names[~proper]
    unigram = np.array([" " not in f for f in names])
    words = np.asarray((X[:, unigram] > 0).sum(axis=1)).ravel()
    keep = np.flatnonzero(words >= MIN_CONTENT_WORDS)
    k = min(n_candidates * OVERCLUSTER, len(keep) // 2)
    if k < 2:
        return empty
    sents = sents.iloc[keep].reset_index(drop=True)
    X = X[keep]

    dims = min(LSA_DIMS, X.shape[0] // SENTENCES_PER_DIM, X.shape[1] - 1)
    # arpack SVD and Ward clustering are deterministic: the candidates do not
    # change with the seed (k-means did).  Above AGGLOMERATIVE_MAX sentences
    # Ward's memory grows too fast and MiniBatchKMeans (seeded) takes over.
    Z = TruncatedSVD(n_components=dims, algorithm="arpack", random_state=0).fit_transform(X) \
        if dims >= 2 else X.toarray()
    Z = l2_normalize(Z)
    if len(Z) > AGGLOMERATIVE_MAX:
        km = (MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
              if len(Z) > MINIBATCH_ABOVE else KMeans(n_clusters=k, random_state=seed, n_init=10))
        labels = km.fit_predict(Z)
    else:
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(Z)

    # Existing-claim scores, to tell the researcher what a cluster overlaps.
    nearest = None
    try:
        scored = score_sentences(parsed_docs, registry)
        key = scored.set_index(["doc_id", "sent_idx"])
        claim_cols = [c for c in scored.columns if c not in sents.columns]
        nearest = key.loc[list(zip(sents["doc_id"], sents["sent_idx"])), claim_cols].to_numpy()
    except FramingError:
        claim_cols = []

    surfaces = surf
    overall = np.asarray(X.mean(axis=0)).ravel()
    rows = []
    for c in range(k):
        idx = np.flatnonzero(labels == c)
        if not len(idx):
            continue
        part = sents.iloc[idx]
        centroid = np.asarray(X[idx].mean(axis=0)).ravel()
        # Contrast with the whole corpus, so words every sentence has
        # ("Russia", "said") do not become key terms.
        top = np.argsort(-(centroid - overall), kind="stable")
        # Key terms: highest mean tf-idf; a bigram hides its own unigrams'
        # repetition so the list is not "Kursk; Kursk region; region".
        key_terms: list[str] = []
        for f in top:
            if centroid[f] <= overall[f] or len(key_terms) >= N_KEY_TERMS:
                break
            term = str(names[f])
            if any(term in kt.split() or kt in term.split() for kt in key_terms):
                continue
            key_terms.append(term)
        # Cohesion and centrality in the LSA space.
        zc = Z[idx].mean(axis=0)
        sims = Z[idx] @ (zc / (np.linalg.norm(zc) or 1.0))
        order = idx[np.argsort(-sims, kind="stable")]
        exemplars, seen_docs = [], set()
        for i in order:  # central sentences, one per document first
            d = sents.at[i, "doc_id"]
            if d not in seen_docs:
                exemplars.append(sents.at[i, "text"])
                seen_docs.add(d)
            if len(exemplars) >= N_EXEMPLARS:
                break
        by_stance: dict[str, str] = {}
        for i in order:
            by_stance.setdefault(sents.at[i, "stance"], sents.at[i, "text"])
        stances = sorted(by_stance)
        near_id, near_score = "", 0.0
        if nearest is not None and claim_cols:
            means = nearest[idx].mean(axis=0)
            near_id, near_score = claim_cols[int(means.argmax())], round(float(means.max()), 3)
        rows.append({
            "_terms": [surfaces.get(t, t) for t in key_terms],
            "statement": _clean(exemplars[0]) if exemplars else "",
            "description": (f"Candidate from {len(idx)} sentences in {part['doc_id'].nunique()} "
                            f"documents ({', '.join(stances)}); edit into one plain claim."),
            "key_terms": LIST_SEP.join(_clean(surfaces.get(t, t)) for t in key_terms),
            "exemplars": LIST_SEP.join(_clean(e) for e in exemplars),
            "n_sentences": int(len(idx)),
            "n_documents": int(part["doc_id"].nunique()),
            "n_stances": len(stances),
            "stances": "; ".join(stances),
            "examples": " || ".join(f"[{s}] {by_stance[s]}" for s in stances),
            "nearest_claim": near_id,
            "nearest_score": near_score,
            "_cohesion": float(sims.mean()),
        })
    cand = pd.DataFrame(rows)
    if cand.empty:
        return empty
    cand = cand.sort_values(["n_stances", "n_documents", "_cohesion", "n_sentences"],
                            ascending=False, kind="stable")
    multi = cand[cand["n_documents"] >= MIN_DOCUMENTS]
    cand = pd.concat([multi, cand.drop(multi.index)]).head(n_candidates)
    taken: set[str] = set(registry.ids) if registry is not None else set()
    cand["claim_id"] = [_candidate_id(t, taken) for t in cand["_terms"]]
    cand["cohesion"] = cand["_cohesion"].round(3)
    return cand[CANDIDATE_COLUMNS + ["cohesion"]].reset_index(drop=True)


def _is_name(surface: str) -> bool:
    """Return True when a term's usual surface form is capitalised throughout ("Kim Jong Un", "Vostochny")."""
    # "Moscow and Pyongyang", "Treaty on Comprehensive ...": short lower-case joining words do not count.
    words = [w for w in surface.split() if w[:1].isalpha() and not (w.islower() and len(w) <= 3)]
    return bool(words) and all(w[:1].isupper() for w in words)


_COMPOUND_RE = re.compile(r"\b[A-Z][\w']*(?:-[\w']+)+")
_WORD_RE = re.compile(r"(?<![\w'-])[a-z][\w']*(?![\w'-])")


def _compound_name_parts(texts: list[str]) -> set[str]:
    """Return the terms of the parts of capitalised hyphenated words ("Choe Son-hui") never written alone in lower case."""
    from framing.analyze.claims.terms import sentence_terms
    lower: set[str] = set()
    parts: set[str] = set()
    for text in texts:
        lower.update(t for w in _WORD_RE.findall(text) for t in sentence_terms(w))
        parts.update(t for c in _COMPOUND_RE.findall(text) for t in sentence_terms(c.replace("-", " "))
                     if " " not in t)
    return parts - lower


def _clean(text: str) -> str:
    """Return ``text`` safe inside a ``|``-separated registry cell."""
    return " ".join(text.replace(LIST_SEP, "/").split())


def write_candidates(df: pd.DataFrame, path: str | Path) -> Path:
    """Write candidate claims to ``path`` as a registry-shaped CSV; return the path.

    The file has the registry columns first, then the counts; spreadsheet
    formulas are neutralized.  Rows can be pasted into ``claims.csv`` as they
    are (``load_claims`` ignores the extra columns).
    """
    path = Path(path)
    cols = [c for c in CANDIDATE_COLUMNS if c in df.columns]
    write_frame(df[cols], "csv", path)
    return path
