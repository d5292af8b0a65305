"""Token features for the learned span model: generic, explainable features, never whole sentences.

Every word token of a prose segment gets named features (value 1.0 unless
said): the word, its stem and suffix, its shape, its word frequency
(``wordfreq`` Zipf bucket), its VADER valence (``val_neg``/``val_pos`` carry
the strength), the lexicon entry and category that matched it, the same
for its neighbours, its neighbours' stems and the word pairs around it,
whether it sits inside a quotation, a scare quote or attributed speech,
quote marks next to it, and where its sentence is in the document.  A
trained model's weights over these are readable: each weight belongs to a
word, an entry, a shape or a context cue.

Why integers and not strings: building ~40 feature strings per token cost
more CPU than the rest of the pipeline.  So a :class:`Vocabulary` maps each
feature name to a column once, and :func:`encode_document` computes one
sparse matrix per document from cached per-word-type columns (most features
depend only on the word, so a word seen before costs one dict look-up),
with context features taken by shifting those columns along each sentence.
A model's own vocabulary is *frozen*: features it has no weight for are
never named at all.  Names stay available for explanations
(:meth:`DocumentTokens.features`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon
from framing.detect.sentiment import valence_table
from framing.text.tokens import fold, normalize

if TYPE_CHECKING:
    from framing.detect.span_rules import SpanRow  # noqa: F401

_OFFSETS = (-2, -1, 1, 2)
_OPEN_CODES = np.array([ord(c) for c in "\"\u201c\u00ab'\u2018"], dtype=np.uint32)
_CLOSE_CODES = np.array([ord(c) for c in "\"\u201d\u00bb'\u2019"], dtype=np.uint32)
_NO_PAIR = (-1, -1)
#: Above this many cached word types (or word pairs) an encoder starts its caches afresh (bounded memory).
_CACHE_LIMIT = 300_000
# Layout of a word type's integer row (see Encoder._type_row).
_OWN = slice(0, 7)          # w=, s=, shape=, zipf=, suf=, pre=, val=
_NUM = 7                    # val_neg / val_pos (value: |valence| / 4)
_CTX = {-2: 8, -1: 9, 1: 10, 2: 11}   # s-2=, s-1=, s+1=, s+2= (this word seen from a neighbour)
_VALN = {-1: 12, 1: 13}     # val-1=, val+1= (this word's valence seen from a neighbour)
_ROW_LEN = 14
_FOLD, _LOWER, _FLAGS = 14, 15, 16   # ids of the folded and lower-cased forms; case flags
_TABLE_LEN = 17
_CAP, _ISLOWER, _CAPWORD = 1, 2, 4
#: Rows of DocumentTokens.token_cols that its ``groups`` also hold (sentence 0-1, voice 6-8); the others are sparse.
GROUPED_ROWS = (0, 1, 6, 7, 8)
SPARSE_ROWS = (2, 3, 4, 5, 9, 10)


@lru_cache(maxsize=200_000)
def _zipf_bucket(word: str) -> str:
    """Return the word's English Zipf-frequency bucket ("0" rare .. "7" very common); "na" without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the model still works, with this feature constant
        return "na"
    z = zipf_frequency(word, "en")
    return str(min(7, int(z)))


def _valence_bucket(v: float) -> str:
    if v <= -2.5:
        return "neg3"
    if v <= -1.5:
        return "neg2"
    if v < 0:
        return "neg1"
    if v >= 2.5:
        return "pos3"
    if v >= 1.5:
        return "pos2"
    return "pos1"


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "digit"
    if tok.isupper() and len(tok) > 1:
        return "allcaps"
    if tok[:1].isupper():
        return "title"
    if tok.islower():
        return "lower"
    return "mixed"


def _sent_bucket(i: int) -> str:
    return "0" if i == 0 else "1-2" if i <= 2 else "3-5" if i <= 5 else "6+"


@dataclass(eq=False)
class Vocabulary:
    """Feature names and their column numbers.

    A growing vocabulary (training) adds every new name; a frozen one (a
    model's) answers -1 for names it lacks.
    """

    names: list[str] = field(default_factory=list)
    frozen: bool = False
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {n: i for i, n in enumerate(self.names)}

    def col(self, name: str) -> int:
        """Return the column of ``name`` (added when growing; -1 when frozen and unknown)."""
        i = self.index.get(name)
        if i is None:
            if self.frozen:
                return -1
            i = len(self.names)
            self.index[name] = i
            self.names.append(name)
        return i

    def __len__(self) -> int:
        return len(self.names)


#: The vocabulary training uses (shared, so texts prepared separately -- framing-dev, PTC -- fit together).
TRAINING = Vocabulary()


@dataclass(frozen=True, eq=False)
class DocumentTokens:
    """The word tokens of one document's prose sentences and their features.

    Per token (text order): repaired offsets, original-file offsets (``-1``
    unless encoded ``with_raw``), the sentence it is in and the ids of the
    lexicon entries covering it (``""`` if none).  The features are kept
    factored: each token's word-type row (``types``: its own columns and the
    columns its neighbours see), which neighbours are in the sentence
    (``valid``), the token-level columns (``token_cols``: sentence, voice,
    word pairs, quote marks...) and the lexicon-hit columns (``hit_rows``,
    ``hit_cols``).  :meth:`columns` expands them for any tokens.
    """

    starts: list[int]
    ends: list[int]
    raw_starts: list[int]
    raw_ends: list[int]
    #: Per token: the number of its sentence in ``sentences``.
    sent_of: Any
    #: Per sentence: ``(index into ParsedDocument.sentences, segment id)``.
    sentences: list[tuple[int, str]]
    entry_ids: list[str]
    types: Any
    numval: Any
    valid: Any
    token_cols: Any
    hit_rows: Any
    hit_cols: Any
    vocab: Vocabulary
    #: The encoder's word-type rows of the tokens and the encoder generation they belong to.
    type_ids: Any = None
    generation: int = -1
    #: Token-level features shared by groups of tokens: ``(group columns (groups x k), group of each token)``
    #: for the sentence features and for the voice features (rows of ``token_cols`` in ``GROUPED_ROWS``).
    groups: tuple = ()

    def __len__(self) -> int:
        return len(self.starts)

    def sent_idx(self, i: int) -> int:
        """Return the index (into ``ParsedDocument.sentences``) of token ``i``'s sentence."""
        return self.sentences[int(self.sent_of[i])][0]

    def seg_id(self, i: int) -> str:
        """Return the segment id of token ``i``."""
        return self.sentences[int(self.sent_of[i])][1]

    def columns(self, idx: Any) -> tuple[Any, Any, Any]:
        """Return the features of tokens ``idx`` as COO triples ``(position in idx, column, value)``;
        column -1 marks an empty slot."""
        enc = encoder_for(self.vocab)
        idx = np.asarray(idx, dtype=np.int64)
        n, m = len(self), len(idx)
        I = self.types
        parts = [I[idx, _OWN].T]
        for k, o in enumerate(_OFFSETS):
            ok = self.valid[k, idx]
            j = np.clip(idx + o, 0, n - 1)
            parts.append(np.where(ok, I[j, _CTX[o]], enc.edge[o])[None])
            if o in _VALN:
                parts.append(np.where(ok, I[j, _VALN[o]], -1)[None])
                parts.append(np.where(ok & ((I[j, _FLAGS] & _CAP) > 0), enc.cap[o], -1)[None])
        parts.append(self.token_cols[:, idx])
        parts.append(I[idx, _NUM][None])
        C = np.vstack(parts)
        V = np.ones(C.shape, dtype=np.float64)
        V[-1] = self.numval[idx]
        rows = np.tile(np.arange(m, dtype=np.int64), C.shape[0])
        cols, vals = C.ravel(), V.ravel()
        if len(self.hit_rows):
            where = np.full(n, -1, dtype=np.int64)
            where[idx] = np.arange(m, dtype=np.int64)
            local = where[self.hit_rows]
            sel = local >= 0
            rows = np.concatenate([rows, local[sel]])
            cols = np.concatenate([cols, self.hit_cols[sel]])
            vals = np.concatenate([vals, np.ones(int(sel.sum()))])
        return rows, cols, vals

    def features(self, i: int) -> dict[str, float]:
        """Return token ``i``'s features by name (for explanations and inspection)."""
        _, cols, vals = self.columns([i])
        names = self.vocab.names
        return {names[c]: float(v) for c, v in zip(cols.tolist(), vals.tolist()) if c >= 0}

    def matrix(self, width: int | None = None, col_map: Any = None):
        """Return the ``tokens x width`` CSR matrix (``col_map`` renumbers columns; -1 drops one)."""
        from scipy.sparse import csr_matrix
        width = width if width is not None else len(self.vocab)
        rows, cols, vals = self.columns(np.arange(len(self)))
        if col_map is not None:
            cols = np.where(cols >= 0, col_map[np.maximum(cols, 0)], -1)
        keep = cols >= 0
        return csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(len(self), width))


class Encoder:
    """Feature columns for one vocabulary, with a table of columns per word type (shared by all documents).

    Each word type seen gets a row of ``_TABLE_LEN`` integers: its own
    feature columns, the columns a neighbour sees (``s-1=stem``...), the ids
    of its folded and lower-cased forms and case flags.  A document's
    tokens then cost one dict look-up each, the rest is array indexing.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        col = vocab.col
        self.edge = {o: col(f"ctx{o:+d}=<edge>") for o in _OFFSETS}
        self.cap = {o: col(f"cap{o:+d}") for o in (-1, 1)}
        self.lex_span_n = {o: col(f"lex_span{o:+d}") for o in (-1, 1)}
        self.first_tok = col("first_tok")
        self.lower_name = col("lower_name")
        self.in_scare = col("in_scare_quote")
        self.speaker_named = col("speaker_named")
        self.quote_before = col("quote_before")
        self.quote_after = col("quote_after")
        self.lex_span = col("lex_span")
        self._names: dict[str, int] = {}
        self._hits: dict[tuple, tuple[list[int], dict[int, list[int]]]] = {}
        #: guideline_of per (lexicon version, category, entry id).
        self.guideline: dict[tuple[str, str, str], tuple[str, bool]] = {}
        self._strings: dict[str, int] = {}   # folded / lower-cased word forms -> id
        self._string_list: list[str] = []
        self._types: dict[str, int] = {}     # word as written -> table row
        self._table = np.zeros((1024, _TABLE_LEN), dtype=np.int64)
        self._numval = np.zeros(1024, dtype=np.float64)
        self._growing_pairs: dict[tuple[int, int], tuple[int, int]] = {}
        self._pair_keys = np.zeros(0, dtype=np.int64)
        self._pair_cols = np.zeros((0, 2), dtype=np.int64)
        if vocab.frozen:
            # The model's word pairs, keyed by the ids of their two words (every split at "_": words may hold one).
            pairs: dict[int, list[int]] = {}
            for name, i in vocab.index.items():
                if name.startswith(("bi-1=", "bi+1=")):
                    rest = name[5:]
                    k = 0 if name[2] == "-" else 1
                    at = rest.find("_")
                    while at >= 0:
                        key = (self._string(rest[:at]) << 32) | self._string(rest[at + 1:])
                        pairs.setdefault(key, [-1, -1])[k] = i
                        at = rest.find("_", at + 1)
            keys = sorted(pairs)
            self._pair_keys = np.array(keys, dtype=np.int64)
            self._pair_cols = np.array([pairs[k] for k in keys], dtype=np.int64).reshape(len(keys), 2)
        self._pinned = len(self._string_list)  # these ids survive a reset of the caches
        #: Bumped by every reset: table rows of an older generation mean other words.
        self.generation = 0
        self._w: Any = None
        self._z = np.zeros((0, 1 + len(_OFFSETS), 1))
        self._z_ok = np.zeros(0, dtype=bool)

    def attach(self, w_ext: Any) -> None:
        """Give this (frozen) vocabulary's weights: ``len(vocab) + 1`` rows, the last zeros (empty slots)."""
        self._w = w_ext
        self._z = np.zeros((len(self._table), 1 + len(_OFFSETS), w_ext.shape[1]))
        self._z_ok = np.zeros(len(self._table), dtype=bool)

    def type_scores(self, g: Any) -> Any:
        """Return the table of class scores per word-type row, filled for the rows ``g``: ``[t, 0]`` is what
        the word's own features add, ``[t, 1 + k]`` what a token gets from it as its neighbour at offset
        ``_OFFSETS[k]``; computed once per word type from the attached weights."""
        w = self._w
        if len(self._z_ok) < len(self._table):
            old = len(self._z_ok)
            self._z = np.resize(self._z, (len(self._table),) + self._z.shape[1:])
            self._z_ok = np.resize(self._z_ok, len(self._table))
            self._z_ok[old:] = False
        need = g[~self._z_ok[g]]
        if len(need):
            rows = np.unique(need)
            t = self._table[rows]
            pad = len(w) - 1
            c = np.where(t < 0, pad, t)
            z = np.empty((len(rows),) + self._z.shape[1:])
            z[:, 0] = w[c[:, _OWN]].sum(axis=1) + w[c[:, _NUM]] * self._numval[rows][:, None]
            capf = ((t[:, _FLAGS] & _CAP) > 0)[:, None]
            for k, o in enumerate(_OFFSETS):
                zk = w[c[:, _CTX[o]]]
                if o in _VALN:
                    zk = zk + w[c[:, _VALN[o]]] + capf * w[self.cap[o] if self.cap[o] >= 0 else pad]
                z[:, 1 + k] = zk
            self._z[rows] = z
            self._z_ok[rows] = True
        return self._z

    def _string(self, s: str) -> int:
        got = self._strings.get(s)
        if got is None:
            got = self._strings[s] = len(self._string_list)
            self._string_list.append(s)
        return got

    def named(self, name: str) -> int:
        """Return the column of a feature name, cached (names built per document, not per token)."""
        got = self._names.get(name)
        if got is None:
            got = self._names[name] = self.vocab.col(name)
        return got

    def _reset(self) -> None:
        """Forget the word types (bounded memory over a long batch); the model's pair words keep their ids."""
        self._types.clear()
        self._growing_pairs.clear()
        self._z_ok[:] = False
        self.generation += 1
        del self._string_list[self._pinned:]
        self._strings = {w: i for i, w in enumerate(self._string_list)}

    def type_ids(self, words: list[str]) -> Any:
        """Return the table row of each word (an int array), adding the words not seen before."""
        types = self._types
        new = set(words).difference(types)
        if new:
            if len(types) + len(new) > _CACHE_LIMIT:
                self._reset()
                new = set(words)
            need = len(types) + len(new)
            if need > len(self._table):
                cap = max(need, 2 * len(self._table))
                self._table = np.resize(self._table, (cap, _TABLE_LEN))
                self._numval = np.resize(self._numval, cap)
            for w in sorted(new):  # sorted: the same rows whatever the set order
                self._add(w)
        return np.fromiter(map(types.__getitem__, words), dtype=np.int64, count=len(words))

    def _add(self, w: str) -> None:
        col = self.vocab.col
        low = fold(w)
        stem = normalize(w)
        v = valence_table().get(low, 0.0)
        vb = _valence_bucket(v) if v else ""
        row = [col("w=" + low), col("s=" + stem), col("shape=" + _shape(w)), col("zipf=" + _zipf_bucket(low)),
               col("suf=" + low[-3:]) if len(low) > 4 else -1,
               col("pre=" + low.split("-", 1)[0] + "-") if "-" in low else -1,
               col("val=" + vb) if v else -1,
               col("val_neg" if v < 0 else "val_pos") if v else -1]
        row += [col(f"s{o:+d}={stem}") for o in _OFFSETS]
        row += [col(f"val{o:+d}={vb}") if v else -1 for o in (-1, 1)]
        flags = (_CAP if w[:1].isupper() else 0) | (_ISLOWER if w.islower() else 0) | \
                (_CAPWORD if w[:1].isupper() and not w.isupper() else 0)
        row += [self._string(low), self._string(w.lower()), flags]
        k = len(self._types)
        self._table[k] = row
        self._numval[k] = abs(v) / 4 if v else 0.0
        self._types[w] = k

    def hit_cols(self, hit: tuple[str, str, str, str, bool]) -> tuple[list[int], dict[int, list[int]]]:
        """Return the columns a lexicon hit ``(category, entry, guideline category, B/I, is span)`` gives its
        token, and those it gives the neighbour seeing it at offset -1 / +1 (cached per hit kind)."""
        got = self._hits.get(hit)
        if got is None:
            cat, ent, g, p, is_span = hit
            col = self.vocab.col
            own = [col("lexcat=" + cat), col("lexent=" + ent), col("lexpos=" + p)]
            if g:
                own.append(col("lexg=" + g))
            if is_span:
                own.append(self.lex_span)
            seen = {o: [col(f"lexcat{o:+d}={cat}")] + ([self.lex_span_n[o]] if is_span else []) for o in (-1, 1)}
            got = self._hits[hit] = (own, seen)
        return got

    def string_id(self, s: str) -> int:
        """Return the id of a word form already seen, or -1."""
        return self._strings.get(s, -1)

    def pair_cols(self, fold_ids: Any) -> Any:
        """Return, for each adjacent pair of words (by folded-form id), the columns of
        ``bi-1=a_b`` (for the second word) and ``bi+1=a_b`` (for the first): an ``n-1 x 2`` array."""
        a, b = fold_ids[:-1], fold_ids[1:]
        if self.vocab.frozen:
            out = np.full((len(a), 2), -1, dtype=np.int64)
            # Only words of the model's pairs have ids below _pinned: other pairs cannot match.
            cand = np.flatnonzero((a < self._pinned) & (b < self._pinned))
            if len(cand) and len(self._pair_keys):
                keys = (a[cand] << 32) | b[cand]
                at = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
                hit = self._pair_keys[at] == keys
                out[cand[hit]] = self._pair_cols[at[hit]]
            return out
        found = []
        words = self._string_list
        got = self._growing_pairs
        col = self.vocab.col
        for key in zip(a.tolist(), b.tolist()):
            cols = got.get(key)
            if cols is None:
                name = words[key[0]] + "_" + words[key[1]]
                cols = got[key] = (col("bi-1=" + name), col("bi+1=" + name))
            found.append(cols)
        return np.array(found, dtype=np.int64).reshape(len(found), 2)


_ENCODERS: dict[int, tuple[Vocabulary, Encoder]] = {}


def encoder_for(vocab: Vocabulary) -> Encoder:
    """Return the (cached) encoder of ``vocab``."""
    got = _ENCODERS.get(id(vocab))
    if got is None or got[0] is not vocab:
        got = (vocab, Encoder(vocab))
        _ENCODERS[id(vocab)] = got
    return got[1]


def encode_document(detected: DetectedDocument, lexicon: Lexicon, vocab: Vocabulary | None = None,
                    with_raw: bool = False) -> DocumentTokens:
    """Return the tokens of the prose segments of ``detected`` with their features in ``vocab``'s columns.

    ``vocab`` defaults to the shared training vocabulary; ``with_raw`` fills
    each token's original-file offsets (training needs them to read gold
    labels; prediction maps only the spans it finds).
    """
    vocab = vocab if vocab is not None else TRAINING
    enc = encoder_for(vocab)
    parsed = detected.parsed
    text = parsed.text
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    # The prose sentences with tokens, and their tokens flattened in text order.
    sents = [(idx, sent, seg_by_id[sent.seg_id]) for idx, sent in enumerate(parsed.sentences)
             if sent.tokens and seg_by_id[sent.seg_id].is_prose]
    spans = list(chain.from_iterable(sent.tokens for _, sent, _ in sents))
    n = len(spans)
    if not n:
        none = np.zeros(0, dtype=np.int64)
        return DocumentTokens([], [], [], [], none, [], [], np.zeros((0, _TABLE_LEN), dtype=np.int64),
                              np.zeros(0), np.zeros((len(_OFFSETS), 0), dtype=bool),
                              np.zeros((len(GROUPED_ROWS) + len(SPARSE_ROWS), 0), dtype=np.int64), none, none, vocab,
                              none, enc.generation, ())
    flat = np.fromiter(chain.from_iterable(spans), dtype=np.int64, count=2 * n)
    st_a, en_a = flat[0::2], flat[1::2]
    lens_a = np.fromiter((len(sent.tokens) for _, sent, _ in sents), dtype=np.int64, count=len(sents))
    first_prose = sents[0][0]
    # Each token's row of the encoder's word-type table.
    g = enc.type_ids([text[s:e] for s, e in spans])
    T = enc._table[g]
    # Positions inside the sentence.
    sent_of = np.repeat(np.arange(len(sents), dtype=np.int64), lens_a)
    pos = np.arange(n, dtype=np.int64) - np.repeat(np.cumsum(lens_a) - lens_a, lens_a)
    slen = np.repeat(lens_a, lens_a)
    # Which neighbours (-2, -1, +1, +2) are inside the sentence.
    valid = np.stack([(pos + o >= 0) & (pos + o < slen) for o in _OFFSETS])
    flags = T[:, _FLAGS]
    blocks = []
    # Sentence position and segment kind (rows 0, 1 of token_cols).
    sent_group = np.array([(enc.named(f"sent={_sent_bucket(idx - first_prose)}"), enc.named("seg=" + seg.kind))
                           for idx, _, seg in sents], dtype=np.int64).reshape(len(sents), 2)
    blocks += list(sent_group[sent_of].T)
    blocks.append(np.where(pos == 0, enc.first_tok, -1))
    # A lower-case use of a word the document writes capitalised after a sentence start is deliberate.
    cap_at = (pos > 0) & ((flags & _CAPWORD) > 0)
    other = [t for sent in parsed.sentences if not (sent.tokens and seg_by_id[sent.seg_id].is_prose)
             for t in sent.tokens[1:]]  # the other sentences count too
    if other:
        T2 = enc._table[enc.type_ids([text[s:e] for s, e in other])]
        capitalised = np.concatenate([T[cap_at, _LOWER], T2[(T2[:, _FLAGS] & _CAPWORD) > 0, _LOWER]])
    else:
        capitalised = T[cap_at, _LOWER]
    mark = np.zeros(len(enc._string_list), dtype=bool)
    mark[capitalised] = True
    lower_name = ((flags & _ISLOWER) > 0) & mark[T[:, _FOLD]]
    blocks.append(np.where((pos > 0) & lower_name, enc.lower_name, -1))
    # Word pairs inside a sentence: "bi+1=a_b" on the first word, "bi-1=a_b" on the second.
    pair = enc.pair_cols(T[:, _FOLD])
    same = valid[_OFFSETS.index(1)][:-1]
    bi_minus = np.full(n, -1, dtype=np.int64)
    bi_plus = np.full(n, -1, dtype=np.int64)
    bi_minus[1:] = np.where(same, pair[:, 0], -1)
    bi_plus[:-1] = np.where(same, pair[:, 1], -1)
    blocks += [bi_minus, bi_plus]
    # Voice: one look-up per stretch of tokens no quote or frame boundary cuts (they all get one answer).
    seg_no: dict[str, int] = {}
    sent_seg = np.array([seg_no.setdefault(seg.seg_id, len(seg_no)) for _, _, seg in sents], dtype=np.int64)
    bounds = np.array(detected.voice.boundaries(), dtype=np.int64)
    m = len(bounds) + 1
    key = (sent_seg[sent_of] * m + np.searchsorted(bounds, st_a, "right")) * m + np.searchsorted(bounds, en_a, "left")
    _, first_of, inverse = np.unique(key, return_index=True, return_inverse=True)
    v_cols, s_cols, n_cols = [], [], []
    for i in first_of.tolist():
        voice, speaker, scare = detected.voice.voice_of(sents[sent_of[i]][2], spans[i][0], spans[i][1])
        v_cols.append(enc.named("voice=" + voice))
        s_cols.append(enc.in_scare if scare else -1)
        n_cols.append(enc.speaker_named if voice == "quoted" and speaker else -1)
    inverse = inverse.reshape(-1)
    voice_group = np.array([v_cols, s_cols, n_cols], dtype=np.int64).T  # rows 6, 7, 8 of token_cols
    blocks += list(voice_group[inverse].T)
    # Quote marks right before or after the token.
    chars = np.frombuffer((text + " ").encode("utf-32-le"), dtype=np.uint32)  # " ": the char after the end
    blocks.append(np.where(np.isin(chars[st_a - 1], _OPEN_CODES) & (st_a > 0), enc.quote_before, -1))
    blocks.append(np.where(np.isin(chars[en_a], _CLOSE_CODES), enc.quote_after, -1))
    starts, ends = st_a.tolist(), en_a.tolist()
    entry_ids, hit_rows, hit_cols = _hits(detected, lexicon, enc, starts, ends, valid)
    if with_raw:
        rep = parsed.repaired
        raw = [rep.raw_span(s, e) for s, e in spans]
        raw_starts, raw_ends = [r[0] for r in raw], [r[1] for r in raw]
    else:
        raw_starts = raw_ends = [-1] * n
    return DocumentTokens(starts, ends, raw_starts, raw_ends, sent_of,
                          [(idx, seg.seg_id) for idx, _, seg in sents], entry_ids, T, enc._numval[g], valid,
                          np.vstack(blocks), hit_rows, hit_cols, vocab, g, enc.generation,
                          ((sent_group, sent_of), (voice_group, inverse)))


def _hits(detected: DetectedDocument, lexicon: Lexicon, enc: Encoder, starts: list[int], ends: list[int],
          valid) -> tuple[list[str], Any, Any]:
    """Return each token's entry id ("" if none) and the lexicon-hit features as (token rows, columns).

    A hit token gets its category, entry, guideline category, B/I position and
    whether it is a guideline span; its neighbours in the sentence get the
    category (and the span flag) at their offset.  Of several matches over
    one token the last one counts.
    """
    from framing.detect.span_rules import guideline_of

    n = len(starts)
    entry_ids = [""] * n
    hit_at: dict[int, tuple[str, str, str, str, bool]] = {}
    cache = enc.guideline
    for mt in detected.matches:
        key = (lexicon.version, mt.category, mt.entry_id)
        got = cache.get(key)
        if got is None:
            got = cache[key] = guideline_of(mt, lexicon)
        g, is_span = got
        # The tokens inside the match (starts are sorted; a match lies inside one prose sentence).
        i = bisect_left(starts, mt.start)
        p = "B"
        while i < n and starts[i] < mt.end:
            if ends[i] <= mt.end:
                hit_at[i] = (mt.category, mt.entry_id, g, p, is_span)
                p = "I"
            i += 1
    at_r: list[int] = []
    at_c: list[int] = []
    if not hit_at:
        return entry_ids, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ok1, ok_1 = valid[_OFFSETS.index(1)].tolist(), valid[_OFFSETS.index(-1)].tolist()
    for i in sorted(hit_at):
        hit = hit_at[i]
        entry_ids[i] = hit[1]
        own, seen_from = enc.hit_cols(hit)
        at_r += [i] * len(own)
        at_c += own
        for o, ok in ((-1, ok_1), (1, ok1)):  # token i - o sees this hit at offset o
            k = i - o
            if 0 <= k < n and ok[k]:
                more = seen_from[o]
                at_r += [k] * len(more)
                at_c += more
    return entry_ids, np.array(at_r, dtype=np.int64), np.array(at_c, dtype=np.int64)
