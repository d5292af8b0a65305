"""The learned span model: a linear token tagger stored as plain JSON weights, and its span decoder.

A model file holds ``classes`` (``O`` plus guideline categories), one
weight per class for each feature name (see :mod:`.features`), the
intercepts and the decision ``threshold``: a token is inside a span when
``1 - P(O)`` reaches it.  Runs of such tokens in one sentence are one span,
whose category is the class with the most probability over its tokens.
Each span's ``why`` lists the features that pushed it most toward its
category.  No pickle: the file is readable and cannot run code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from framing.core.errors import InputError
from framing.core.types import Match
from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon
from framing.detect.spanmodel.features import _OFFSETS, SPARSE_ROWS, DocumentTokens, Vocabulary, encode_document, encoder_for

if TYPE_CHECKING:
    from framing.detect.span_rules import SpanRow

MODEL_FORMAT = "framing-span-model/1"
BUNDLED = Path(__file__).resolve().parent.parent / "models" / "spans.json"
WHY_FEATURES = 3
#: Tokens that never start or end a span on their own (articles, prepositions).
_EDGE_STOP = frozenset("the a an of and or to in on for by with at from as is are was were be this that".split())


@dataclass(frozen=True)
class ModelSpan:
    """One span the model found: repaired and raw offsets, category, probability and why."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    sent_idx: int
    seg_id: str
    category: str
    score: float
    why: str
    entry_ids: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class SpanModel:
    """A trained token tagger: ``weights[feature][k]`` is the weight of ``feature`` for ``classes[k]``."""

    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    intercept: tuple[float, ...]
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ io
    def to_json(self) -> dict:
        """Return the model as a JSON-serialisable dict."""
        return {"format": MODEL_FORMAT, "classes": list(self.classes), "threshold": self.threshold,
                "intercept": [round(x, 4) for x in self.intercept], "meta": self.meta,
                "weights": {k: [round(x, 4) for x in v] for k, v in sorted(self.weights.items())}}

    def save(self, path: Path | str) -> Path:
        """Write the model as JSON to ``path``; return the path."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(self.to_json(), separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
        return p

    @classmethod
    def from_json(cls, data: dict, source: str = "") -> "SpanModel":
        """Return the model a :meth:`to_json` dict describes (raises InputError on another format)."""
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise InputError(f"not a span model file (format {data.get('format') if isinstance(data, dict) else None!r})",
                             source or None, fix="give a file written by `framing train --out`")
        classes = tuple(data["classes"])
        weights = {k: list(map(float, v)) for k, v in data["weights"].items()}
        if any(len(v) != len(classes) for v in weights.values()) or "O" not in classes:
            raise InputError("span model weights do not match its classes", source or None,
                             fix="retrain with `framing train`")
        return cls(classes, weights, tuple(map(float, data["intercept"])), float(data.get("threshold", 0.5)),
                   dict(data.get("meta", {})))

    # ------------------------------------------------------------- predict
    def token_probs(self, feats: dict[str, float]) -> list[float]:
        """Return the class probabilities of one token's features by name (softmax over the linear scores)."""
        z = list(self.intercept)
        for name, val in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    z[k] += wk * val
        top = max(z)
        ex = [math.exp(x - top) for x in z]
        total = sum(ex)
        return [x / total for x in ex]

    @property
    def vocab(self) -> Vocabulary:
        """Return the model's frozen vocabulary (its feature names, in weight-row order)."""
        return self._compiled()[0]

    def _compiled(self):
        """Return ``(vocabulary, weight matrix, intercept vector)`` built once per model."""
        got = self.__dict__.get("_compiled_cache")
        if got is None:
            names = list(self.weights)
            # One more row of zeros: the column DocumentTokens.matrix gives empty slots and unknown features.
            w = np.array([self.weights[n] for n in names] + [[0.0] * len(self.classes)],
                         dtype=np.float64).reshape(len(names) + 1, len(self.classes))
            got = (Vocabulary(names, frozen=True), w, np.array(self.intercept, dtype=np.float64))
            encoder_for(got[0]).attach(w)
            object.__setattr__(self, "_compiled_cache", got)
        return got

    def _col_map(self, vocab: Vocabulary):
        """Return the array renumbering ``vocab``'s columns to this model's rows (-1: no weight), cached."""
        cache = self.__dict__.setdefault("_col_maps", {})
        got = cache.get(id(vocab))
        if got is None or got[0] is not vocab or len(got[1]) != len(vocab):
            index = self.vocab.index
            got = (vocab, np.array([index.get(n, -1) for n in vocab.names], dtype=np.int64))
            cache[id(vocab)] = got
        return got[1]

    def encode(self, detected: DetectedDocument, lexicon: Lexicon) -> DocumentTokens:
        """Return the document's tokens with features in this model's columns (unknown features left out)."""
        return encode_document(detected, lexicon, self.vocab)

    def _x(self, toks: DocumentTokens):
        """Return the tokens' feature matrix in this model's columns."""
        vocab, w, _ = self._compiled()
        return toks.matrix(len(vocab), None if toks.vocab is vocab else self._col_map(toks.vocab))

    def scores(self, toks: DocumentTokens):
        """Return the linear class scores of a document's tokens (an ``n x classes`` array).

        Tokens encoded in this model's vocabulary are scored from per-word-type
        sums (each word's own features and what it gives its neighbours,
        computed once per word type) plus the token-level features; others go
        through the sparse feature matrix.
        """
        vocab, w, b = self._compiled()
        enc = encoder_for(vocab)
        if toks.vocab is not vocab or toks.generation != enc.generation or toks.type_ids is None:
            return self._x(toks) @ w[:-1] + b
        n = len(toks)
        pad = len(vocab)
        g = toks.type_ids
        table = enc.type_scores(g)
        z = table[g, 0] + b
        side = max(abs(o) for o in _OFFSETS)
        gp = np.concatenate([g[:1].repeat(side), g, g[:1].repeat(side)])  # shifted: each token's neighbour
        for k, o in enumerate(_OFFSETS):
            nb = table[:, 1 + k][gp[side + o:side + o + n]]
            nb[~toks.valid[k]] = w[enc.edge[o] if enc.edge[o] >= 0 else pad]
            z += nb
        for cols, index in toks.groups:  # sentence and voice features: one sum per sentence / voice stretch
            z += w[np.where(cols >= 0, cols, pad)].sum(axis=1)[index]
        tc = toks.token_cols
        for r in SPARSE_ROWS:  # the rest are mostly empty
            at = np.flatnonzero(tc[r] >= 0)
            z[at] += w[tc[r, at]]
        if len(toks.hit_rows):
            np.add.at(z, toks.hit_rows, w[np.where(toks.hit_cols >= 0, toks.hit_cols, pad)])
        return z

    def batch_probs(self, toks: DocumentTokens, z=None):
        """Return the class probabilities of a document's tokens (an ``n x classes`` array)."""
        z = self.scores(toks) if z is None else z
        z = z - z.max(axis=1, keepdims=True)
        ez = np.exp(z)
        return ez / ez.sum(axis=1, keepdims=True)

    def _inside(self, z, o: int):
        """Return the tokens (rows of scores ``z``) with ``1 - P(O) >= threshold``, and their probabilities."""
        ez = np.exp(z - z.max(axis=1, keepdims=True))
        total = ez.sum(axis=1)
        at = np.flatnonzero((1.0 - ez[:, o] / total) >= self.threshold)
        return at, ez[at] / total[at, None]

    def predict(self, detected: DetectedDocument, lexicon: Lexicon,
                tokens: DocumentTokens | None = None) -> list[ModelSpan]:
        """Return the spans the model finds in one document, in text order.

        ``tokens`` are the document's encoded tokens in any vocabulary
        (default: encoded here in the model's own).
        """
        toks = tokens if tokens is not None else self.encode(detected, lexicon)
        if not len(toks):
            return []
        o = self.classes.index("O")
        text = detected.parsed.text
        inside_a, probs_in = self._inside(self.scores(toks), o)
        inside = inside_a.tolist()
        row_of = {i: r for r, i in enumerate(inside)}
        runs: list[list[int]] = []
        run: list[int] = []
        starts, ends, sent_of = toks.starts, toks.ends, toks.sent_of

        def flush() -> None:
            while run and text[starts[run[0]]:ends[run[0]]].lower() in _EDGE_STOP:
                run.pop(0)
            while run and text[starts[run[-1]]:ends[run[-1]]].lower() in _EDGE_STOP:
                run.pop()
            if run:
                runs.append(list(run))
            run.clear()

        for i in inside:
            if run and (i != run[-1] + 1 or sent_of[i] != sent_of[run[-1]]
                        or not _joined(text, ends[run[-1]], starts[i])):
                flush()
            run.append(i)
        flush()
        if not runs:
            return []
        # Every span's features at once; rows come back as positions in `flat`, grouped by span below.
        flat = [i for r in runs for i in r]
        rows, cols, vals = toks.columns(flat)
        vocab, w, _ = self._compiled()
        if toks.vocab is not vocab:
            cols = np.where(cols >= 0, self._col_map(toks.vocab)[np.maximum(cols, 0)], -1)
        keep = cols >= 0
        order = np.argsort(rows[keep], kind="stable")  # token order, as features are summed by name
        rows, cols, vals = rows[keep][order], cols[keep][order], vals[keep][order]
        rep = detected.parsed.repaired
        picked = []
        for r in runs:
            p = probs_in[[row_of[i] for i in r]]
            sums = p.sum(axis=0).tolist()
            sums[o] = -1.0
            k = max(range(len(sums)), key=sums.__getitem__)
            picked.append((k, float((1.0 - p[:, o]).sum()) / len(r)))
        whys = self._whys(rows, cols, vals, [len(r) for r in runs], [k for k, _ in picked], o)
        spans = []
        for r, (k, score), why in zip(runs, picked, whys):
            first, last = r[0], r[-1]
            raw_start, raw_end = rep.raw_span(starts[first], ends[last])
            spans.append(ModelSpan(starts[first], ends[last], raw_start, raw_end, toks.sent_idx(first),
                                   toks.seg_id(first), self.classes[k], score, why,
                                   tuple(sorted({toks.entry_ids[i] for i in r if toks.entry_ids[i]}))))
        return spans

    def _whys(self, rows, cols, vals, lengths: list[int], ks: list[int], o: int, top: int = WHY_FEATURES
              ) -> list[str]:
        """Return, per span, the ``top`` features that pushed its tokens most toward its class, as text.

        ``rows``/``cols``/``vals`` are the spans' features (model columns) in
        token order, ``rows`` counting the spans' tokens one after another;
        span ``i`` has ``lengths[i]`` tokens and class ``ks[i]``.  A feature's
        push is the sum over the span's tokens of ``(w[k] - w[O]) * value``.
        """
        vocab, w, _ = self._compiled()
        span_of = np.repeat(np.arange(len(lengths)), lengths)[rows]
        k = np.array(ks, dtype=np.int64)[span_of]
        gain = (w[cols, k] - w[cols, o]) * vals
        width = len(vocab) + 1
        uniq, inv = np.unique(span_of * width + cols, return_inverse=True)
        sums = np.zeros(len(uniq))
        np.add.at(sums, inv.reshape(-1), gain)  # in token order, as one would add them up by hand
        pos = np.flatnonzero(sums > 0)
        names = vocab.names
        found: list[list[tuple[float, str]]] = [[] for _ in lengths]
        for sp, c, g in zip((uniq[pos] // width).tolist(), (uniq[pos] % width).tolist(), sums[pos].tolist()):
            found[sp].append((g, names[c]))
        return ["; ".join(f"{n} {c:+.2f}" for c, n in sorted(f, reverse=True)[:top]) for f in found]

    def explain(self, feats: list[dict[str, float]], k: int, top: int = WHY_FEATURES) -> str:
        """Return the ``top`` features (by name, over several tokens) that pushed most toward class ``k``, as text."""
        o = self.classes.index("O")
        contrib: dict[str, float] = {}
        for f in feats:
            for name, val in f.items():
                w = self.weights.get(name)
                if w is not None:
                    contrib[name] = contrib.get(name, 0.0) + (w[k] - w[o]) * val
        best = sorted(((c, n) for n, c in contrib.items() if c > 0), reverse=True)[:top]
        return "; ".join(f"{n} {c:+.2f}" for c, n in best)

    def span_rows(self, detected: DetectedDocument, lexicon: Lexicon,
                  tokens: DocumentTokens | None = None) -> list["SpanRow"]:
        """Return the model's spans as span rows (detector ``model``), with voice and the lexicon entry matched."""
        from framing.detect.span_rules import SpanRow, lexicon_entry

        parsed = detected.parsed
        seg_by_id = {s.seg_id: s for s in parsed.segments}
        rows = []
        for sp in self.predict(detected, lexicon, tokens):
            seg = seg_by_id[sp.seg_id]
            voice, speaker, scare = detected.voice.voice_of(seg, sp.start, sp.end)
            entry_id = ";".join(sp.entry_ids)
            cat = sp.category
            entry = lexicon_entry(lexicon, sp.entry_ids[0]) if sp.entry_ids else None
            if entry is not None:
                cat = entry.category
            why = sp.why + (f"; lexicon {entry_id}" if entry_id else "")
            m = Match(parsed.doc.doc_id, seg.seg_id, sp.sent_idx, seg.stance, seg.outlet, seg.kind,
                      sp.start, sp.end, sp.raw_start, sp.raw_end, parsed.text[sp.start:sp.end], entry_id, cat,
                      "", round(sp.score, 3), sp.category != "toponym", voice, speaker, scare)
            rows.append(SpanRow(m, sp.category, "model", why, True))
        return rows


def _joined(text: str, end: int, start: int) -> bool:
    """Return True when two tokens are separated by at most a space or hyphen (same phrase)."""
    gap = text[end:start]
    return len(gap) <= 2 and all(c in " -\u2010\u2011\u00a0" for c in gap)


@lru_cache(maxsize=8)
def _load(path: str) -> SpanModel:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("span model file not found", p, fix="give --model a file written by `framing train`") \
            from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read span model: {exc}", p, fix="give a JSON file written by `framing train`") \
            from None
    return SpanModel.from_json(data, str(p))


def load_model(path: Path | str | None = None) -> SpanModel:
    """Return the span model at ``path`` (default: the bundled ``detect/models/spans.json``), loaded once per process."""
    return _load(str(Path(path).resolve() if path else BUNDLED))
