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
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
import pandas as pd

from framing.core.errors import CatalogError, Problem
from framing.text.parse import ParsedDocument
from framing.text.stopwords import english_stop_words
from framing.text.tokens import TOKEN_RE, fold, normalize

if TYPE_CHECKING:  # scipy and scikit-learn are imported where they are used (about 1 s to import)
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

# --------------------------------------------------------------------------
# Named constants (chosen by measurement; see docs/claims.md)

#: Weight of the key-term similarity in the confidence; the rest is the
#: exemplar similarity.  Key terms do most of the work (alone: F1 0.814 on
#: the hand labels); exemplars are the only route for paraphrases without a
#: key word, and the 0.5 mix measured F1 0.807 (docs/claims.md).
KEY_WEIGHT = 0.5
#: Smallest confidence that makes an assignment: the best F1 with precision
#: >= 0.8 on the hand labels (tests/data/claims/labels.csv), P 0.856 / R 0.763
#: overall; also the best-F1 value on the seed labels alone, where the unseen
#: test articles then score P 0.886 / R 0.867.  docs/claims.md has the sweep.
ASSIGN_THRESHOLD = 0.10
#: How many explaining terms to report per assignment.
N_EXPLAIN = 5
#: Segment kinds whose sentences are scored: the prose kinds plus titles.
#: Pull quotes and summaries repeat the body (counting them would double a
#: stance's sentences), boilerplate and references are not claims.
CLAIM_KINDS = frozenset({"body", "quoted_article", "comment", "title"})

#: Columns of the registry file, in order.
REGISTRY_COLUMNS = ("claim_id", "statement", "description", "key_terms", "exemplars")
#: Separator inside the key_terms and exemplars cells.
LIST_SEP = "|"
#: Columns of :func:`assign_claims`'s DataFrame.
ASSIGNMENT_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind",
                      "start", "end", "raw_start", "raw_end", "text", "claim_id",
                      "confidence", "key_score", "exemplar_score", "terms"]

_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SPLIT_RE = re.compile(r"[-'\u2019]")


# --------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Claim:
    """One registry row; ``line`` is where it starts in ``file``."""

    claim_id: str
    statement: str
    description: str
    key_terms: tuple[str, ...]
    exemplars: tuple[str, ...]
    file: str = ""
    line: int = 0


@dataclass(frozen=True, eq=False)
class Claims:
    """An immutable claim registry.

    ``version`` is the first 12 hex digits of the sha256 of the file bytes (so
    stored assignments can be keyed by it); ``problems`` lists skipped rows.
    """

    claims: tuple[Claim, ...]
    path: str = ""
    version: str = ""
    problems: tuple[Problem, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self):
        return iter(self.claims)

    @property
    def ids(self) -> list[str]:
        """Return the claim ids in registry order."""
        return [c.claim_id for c in self.claims]

    def get(self, claim_id: str) -> Claim:
        """Return the claim with id ``claim_id``; raise :class:`CatalogError` naming the known ids."""
        for c in self.claims:
            if c.claim_id == claim_id:
                return c
        raise CatalogError(f"unknown claim {claim_id!r}", self.path or None,
                           fix="use one of: " + ", ".join(self.ids))

    def frame(self) -> pd.DataFrame:
        """Return the registry as a DataFrame in the file's column format (lists joined by ``|``)."""
        rows = [{"claim_id": c.claim_id, "statement": c.statement, "description": c.description,
                 "key_terms": LIST_SEP.join(c.key_terms), "exemplars": LIST_SEP.join(c.exemplars)}
                for c in self.claims]
        return pd.DataFrame(rows, columns=list(REGISTRY_COLUMNS))


def default_claims_path() -> Path:
    """Return the bundled registry path, ``seeds/claims.csv`` (``FRAMING_SEEDS`` moves it)."""
    from framing.core.config import seeds_dir
    return seeds_dir() / "claims.csv"


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(LIST_SEP) if p.strip())


def load_claims(path: str | Path | None = None, strict: bool = False) -> Claims:
    """Load and validate the claim registry at ``path`` (default ``seeds/claims.csv``).

    Returns a :class:`Claims`.  A malformed row (bad or duplicate id, empty
    statement, no key terms and no exemplars, a key term that has no word
    left after stop-word removal) is skipped and reported in ``.problems`` as
    ``file:line: reason (fix: ...)``; with ``strict=True`` it raises
    :class:`CatalogError` instead.  A missing file, an unreadable file or a
    header without the five registry columns always raises.  Extra columns
    (such as the counts :func:`framing.analyze.discover.write_candidates` adds) are
    ignored, so candidate files can be merged as they are.
    """
    p = Path(path) if path is not None else default_claims_path()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read claim registry: {exc.strerror or exc}", p,
                           fix="pass --registry FILE with columns " + ",".join(REGISTRY_COLUMNS))
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError as exc:
        raise CatalogError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", p,
                           fix="save the registry as UTF-8 CSV")
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    cols: dict[str, int] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if cols is None:
                names = [c.strip().lower() for c in row]
                missing = [c for c in REGISTRY_COLUMNS if c not in names]
                if missing:
                    raise CatalogError(f"bad header: missing column(s) {', '.join(missing)}", p, 1,
                                       fix="the first line must be: " + ",".join(REGISTRY_COLUMNS))
                cols = {c: names.index(c) for c in REGISTRY_COLUMNS}
                continue
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue  # blank lines and # comments
            f = {c: (row[i].strip() if i < len(row) else "") for c, i in cols.items()}
            problem = _check_row(f, seen)
            if problem:
                reason, fix = problem
                if strict:
                    raise CatalogError(reason, p, line, fix)
                problems.append(Problem(str(p), line, reason, fix))
                continue
            seen[f["claim_id"]] = line
            claims.append(Claim(f["claim_id"], f["statement"], f["description"],
                                _split_list(f["key_terms"]), _split_list(f["exemplars"]),
                                str(p), line))
    except csv.Error as exc:
        raise CatalogError(f"unreadable CSV: {exc}", p, reader.line_num,
                           fix="check the double quotes on this line")
    if cols is None:
        raise CatalogError("empty claim registry", p, fix="add the header " + ",".join(REGISTRY_COLUMNS))
    return Claims(tuple(claims), str(p), hashlib.sha256(data).hexdigest()[:12], tuple(problems))


def _check_row(f: dict[str, str], seen: dict[str, int]) -> tuple[str, str] | None:
    """Return ``(reason, fix)`` when a registry row is unusable, else None."""
    cid = f["claim_id"]
    if not cid:
        return "empty claim_id", "give the claim an id such as `nk_troops`"
    if not _ID_RE.fullmatch(cid):
        return (f"claim_id {cid!r} is not a lower-case identifier",
                "use lower-case letters, digits and underscores, starting with a letter")
    if cid in seen:
        return (f"duplicate claim_id {cid!r} (first defined on line {seen[cid]})",
                "merge the two rows or rename one")
    if not f["statement"]:
        return "empty statement", "write the claim as one plain sentence"
    keys, exs = _split_list(f["key_terms"]), _split_list(f["exemplars"])
    if not keys and not exs:
        return ("no key_terms and no exemplars: nothing to match sentences with",
                "add key terms and a few example sentences, separated by |")
    for k in keys:
        if not phrase_key(k):
            return (f"key term {k!r} has no word left after stop-word removal",
                    "use content words (e.g. `troops` rather than `them`)")
    return None


# --------------------------------------------------------------------------
# Terms


def _stream(text: str, start: int = 0, end: int | None = None, split_compounds: bool = True
            ) -> list[tuple[str, int, int]]:
    """Return ``(normalized, start, end)`` for the content words of ``text[start:end]``.

    Stop words (sklearn's English list, checked on the folded surface form and
    on the form without a possessive) and one-letter words (the pieces of
    ``U.S.`` or ``D.P.R.K.``) are dropped; numbers are kept (2023 vs 2024
    matters here).
    """
    out: list[tuple[str, int, int]] = []
    stop_words = english_stop_words()
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        tok = m.group()
        if split_compounds and ("-" in tok or "'" in tok or "\u2019" in tok):
            # Split on hyphens only; an apostrophe part like "s" is dropped below.
            pieces = []
            pos = s
            for part in tok.split("-"):
                pieces.append((part, pos, pos + len(part)))
                pos += len(part) + 1
        else:
            pieces = [(tok, s, e)]
        for part, ps, pe in pieces:
            low = fold(part)
            if low.endswith("'s"):
                low = low[:-2]
            if not low or low in stop_words or (len(low) == 1 and not low.isdigit()):
                continue
            out.append((normalize(part), ps, pe))
    return out


# Punctuation that ends a phrase: n-grams never span it ("Pyongyang, said"
# is not a bigram).  Quotes are not here: "so-called "missions"" is a phrase.
_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\u2014\u2013\n]")


def _runs(text: str, split_compounds: bool = True) -> list[list[tuple[str, int, int]]]:
    """Return the content words of ``text`` grouped into runs not broken by clause punctuation."""
    runs: list[list[tuple[str, int, int]]] = []
    prev_end = None
    for tok in _stream(text, split_compounds=split_compounds):
        if prev_end is None or _BREAK_RE.search(text, prev_end, tok[1]):
            runs.append([])
        runs[-1].append(tok)
        prev_end = tok[2]
    return runs


def _grams(text: str, split_compounds: bool = True, phrases: frozenset = frozenset(),
           lengths: Sequence[int] = ()) -> list[tuple[str, int, int]]:
    """Return ``(term, start, end)`` for unigrams, bigrams and the listed longer phrases."""
    out: list[tuple[str, int, int]] = []
    for run in _runs(text, split_compounds):
        out.extend(run)
        out.extend((f"{a[0]} {b[0]}", a[1], b[2]) for a, b in zip(run, run[1:]))
        for n in lengths:
            for i in range(len(run) - n + 1):
                gram = tuple(t for t, _, _ in run[i:i + n])
                if gram in phrases:
                    out.append((" ".join(gram), run[i][1], run[i + n - 1][2]))
    return out


def sentence_terms(text: str, split_compounds: bool = True) -> list[str]:
    """Return the unigram and bigram terms of ``text`` (bigrams joined by a space).

    Normalized tokens, stop words removed first, then bigrams of the
    remaining neighbours (what ``TfidfVectorizer(ngram_range=(1, 2),
    stop_words="english")`` does, but on :mod:`framing.text.tokens` forms and
    never across clause punctuation).
    """
    return [t for t, _, _ in _grams(text, split_compounds)]


def terms_with_surfaces(text: str, split_compounds: bool = True) -> list[tuple[str, str]]:
    """Return ``(term, surface)`` for the unigrams and bigrams of ``text``.

    ``term`` is what :func:`sentence_terms` yields; ``surface`` is the text it
    came from, whitespace collapsed (``"visit to Pyongyang"`` for the bigram
    ``visit pyongyang``), so reports can show words a reader recognises.
    """
    return [(t, " ".join(text[s:e].split())) for t, s, e in _grams(text, split_compounds)]


def surface_forms(texts: Iterable[str], split_compounds: bool = True) -> dict[str, str]:
    """Return the most frequent surface form of every term in ``texts`` (ties: first seen)."""
    counts: dict[str, Counter] = {}
    for text in texts:
        for term, surf in terms_with_surfaces(text, split_compounds):
            counts.setdefault(term, Counter())[surf] += 1
    return {t: c.most_common(1)[0][0] for t, c in counts.items()}


def phrase_key(term: str) -> tuple[str, ...]:
    """Return the normalized content words of a key term (``"Putin's visit to Pyongyang"`` -> putin, visit, pyongyang)."""
    return tuple(t for t, _, _ in _stream(term))


class TermAnalyzer:
    """The claim vectorizer's analyzer: unigrams, bigrams and the registry's longer phrases.

    A key term of three or more content words (``North Korean troops``)
    becomes one feature that is emitted only when the whole phrase occurs, so
    it does not leak its generic pieces (``north korean``) into the claim.
    A class rather than a closure so a fitted model can be pickled.
    """

    def __init__(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self.phrases = frozenset(p for p in phrases if len(p) >= 3)
        self.lengths = sorted({len(p) for p in self.phrases})

    def __call__(self, text: str) -> list[str]:
        return [t for t, _, _ in _grams(text, True, self.phrases, self.lengths)]


def key_term_feature(term: str) -> str:
    """Return the one feature a key term stands for: its unigram, bigram or whole phrase."""
    return " ".join(phrase_key(term))


# --------------------------------------------------------------------------
# Model


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
        indptr, indices, data = [0], [], []
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


def _fit(claims: Claims | None, texts: Sequence[str], key_weight: float = KEY_WEIGHT
         ) -> tuple[ClaimModel, sparse.csr_matrix]:
    """Fit a model on the registry plus ``texts``; return it and the rows of ``texts``."""
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
    return _fit(claims, list(texts), key_weight)[0]


# --------------------------------------------------------------------------
# Sentences and assignments


_SENTENCE_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind",
                     "start", "end", "raw_start", "raw_end", "text"]


def claim_sentences(parsed_docs: Iterable[ParsedDocument]) -> pd.DataFrame:
    """Return one row per scorable sentence (segments of a :data:`CLAIM_KINDS` kind).

    Columns: doc_id, seg_id, sent_idx (index into ``ParsedDocument.sentences``),
    stance, outlet, seg_kind, start, end (repaired text), raw_start, raw_end
    (original file) and text (whitespace collapsed to single spaces).
    """
    rows = []
    for p in parsed_docs:
        segs = {s.seg_id: s for s in p.segments}
        for i, s in enumerate(p.sentences):
            seg = segs.get(s.seg_id)
            if seg is None or seg.kind not in CLAIM_KINDS:
                continue
            rs, re_ = p.repaired.raw_span(s.start, s.end)
            rows.append((p.doc.doc_id, s.seg_id, i, seg.stance, seg.outlet, seg.kind,
                         s.start, s.end, rs, re_, " ".join(s.text.split())))
    return pd.DataFrame(rows, columns=_SENTENCE_COLUMNS)


def _scored(parsed_docs: Iterable[ParsedDocument], claims: Claims | None,
            model: ClaimModel | None):
    """Return ``(sentences, model, X, words)``, fitting a model on the sentences if none is given."""
    sents = claim_sentences(parsed_docs)
    texts = sents["text"].tolist()
    if model is None:
        model, X = _fit(claims, texts)
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


# --------------------------------------------------------------------------
# Evaluation against hand labels

#: Columns of a hand-label file (tests/data/claims/labels.csv).
LABEL_COLUMNS = ("doc_id", "sentence", "claims")


def read_labels(path: str | Path) -> pd.DataFrame:
    """Return hand labels: one row per labelled sentence (doc_id, sentence prefix, claims, ...).

    ``sentence`` is the start of the sentence text (whitespace collapsed), so
    labels survive changes in sentence numbering; ``claims`` is a ``|``-list
    (empty: the sentence is on no claim).  Other columns (e.g. ``split``) are kept.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in LABEL_COLUMNS if c not in df.columns]
    if missing:
        raise CatalogError(f"label file lacks column(s) {', '.join(missing)}", path, 1,
                           fix="header must include " + ",".join(LABEL_COLUMNS))
    return df


def label_metrics(scores: pd.DataFrame, labels: pd.DataFrame,
                  thresholds: Sequence[float] = (ASSIGN_THRESHOLD,)) -> pd.DataFrame:
    """Return micro precision, recall and F1 per threshold, overall and per claim.

    ``scores`` is :func:`score_sentences`'s frame; each label row is matched to
    the scored sentence of the same document whose text starts with its
    ``sentence`` prefix (a label that matches none, or several, raises
    :class:`CatalogError`).  Pairs are (sentence, claim); one output row per
    (threshold, claim) plus ``claim == "ALL"``: tp, fp, fn, precision, recall, f1.
    """
    ids = [c for c in scores.columns if c not in _SENTENCE_COLUMNS]
    Y = np.zeros((len(labels), len(ids)), dtype=bool)
    S = np.zeros((len(labels), len(ids)))
    by_doc = {d: g for d, g in scores.groupby("doc_id")}
    for r, (doc, prefix, cl) in enumerate(zip(labels["doc_id"], labels["sentence"], labels["claims"])):
        g = by_doc.get(doc)
        hit = g[g["text"].str.startswith(prefix)] if g is not None else g
        if hit is None or len(hit) != 1:
            n = 0 if hit is None else len(hit)
            raise CatalogError(f"label {doc!r} / {prefix[:40]!r} matches {n} sentences",
                               fix="make the sentence prefix unique within its document")
        S[r] = hit[ids].to_numpy()[0]
        for c in filter(None, cl.split(LIST_SEP)):
            if c not in ids:
                raise CatalogError(f"label names unknown claim {c!r}", fix="use a registry id")
            Y[r, ids.index(c)] = True
    rows = []
    for th in thresholds:
        P = S >= th
        for name, cols in [("ALL", slice(None))] + [(c, [j]) for j, c in enumerate(ids)]:
            tp = int((P[:, cols] & Y[:, cols]).sum())
            fp = int((P[:, cols] & ~Y[:, cols]).sum())
            fn = int((~P[:, cols] & Y[:, cols]).sum())
            prec = tp / (tp + fp) if tp + fp else float("nan")
            rec = tp / (tp + fn) if tp + fn else float("nan")
            f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
            rows.append({"threshold": th, "claim": name, "tp": tp, "fp": fp, "fn": fn,
                         "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows)
