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
from itertools import repeat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from framing.core.errors import InputError
from framing.core.types import Match
from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon
from framing.detect.spanmodel.features import TokenFeatures, document_features

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
        """Return the class probabilities of one token's features (softmax over the linear scores)."""
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

    def _matrix(self):
        """Return ``(feature -> row index, weight matrix, intercept vector)`` built once per model."""
        got = self.__dict__.get("_compiled")
        if got is None:
            import numpy as np
            names = list(self.weights)
            index = {n: i for i, n in enumerate(names)}
            w = np.array([self.weights[n] for n in names], dtype=np.float64).reshape(len(names), len(self.classes))
            got = (index, w, np.array(self.intercept, dtype=np.float64))
            object.__setattr__(self, "_compiled", got)
        return got

    def batch_probs(self, toks: list[TokenFeatures]):
        """Return the class probabilities of many tokens at once (an ``n x classes`` array)."""
        import numpy as np
        from scipy.sparse import csr_matrix
        index, w, b = self._matrix()
        get = index.get
        ids: list[int] = []
        vals: list[float] = []
        lengths = []
        for t in toks:
            f = t.features
            ids.extend(map(get, f, repeat(-1)))  # C-speed look-ups; -1 for features the model lacks
            vals.extend(f.values())
            lengths.append(len(f))
        cols = np.array(ids, dtype=np.int64)
        rows = np.repeat(np.arange(len(toks)), lengths)
        keep = cols >= 0
        x = csr_matrix((np.array(vals, dtype=np.float64)[keep], (rows[keep], cols[keep])),
                       shape=(len(toks), w.shape[0]))
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        ez = np.exp(z)
        return ez / ez.sum(axis=1, keepdims=True)

    def predict(self, detected: DetectedDocument, lexicon: Lexicon,
                tokens: list[TokenFeatures] | None = None) -> list[ModelSpan]:
        """Return the spans the model finds in one document, in text order."""
        toks = tokens if tokens is not None else document_features(detected, lexicon)
        if not toks:
            return []
        o = self.classes.index("O")
        text = detected.parsed.text
        rep = detected.parsed.repaired
        probs_all = self.batch_probs(toks)
        inside_all = (1.0 - probs_all[:, o]) >= self.threshold
        spans: list[ModelSpan] = []
        run: list[tuple[TokenFeatures, list[float]]] = []

        def flush() -> None:
            while run and fold_word(text, run[0][0]) in _EDGE_STOP:
                run.pop(0)
            while run and fold_word(text, run[-1][0]) in _EDGE_STOP:
                run.pop()
            if run:
                spans.append(self._span(run, o, rep))
            run.clear()

        for i, t in enumerate(toks):
            inside = bool(inside_all[i])
            if run and (not inside or t.sent_idx != run[-1][0].sent_idx
                        or not _joined(text, run[-1][0].end, t.start)):
                flush()
            if inside:
                run.append((t, probs_all[i].tolist()))
        flush()
        return spans

    def _span(self, run: list[tuple[TokenFeatures, list[float]]], o: int, rep) -> ModelSpan:
        sums = [sum(p[k] for _, p in run) for k in range(len(self.classes))]
        sums[o] = -1.0
        k = max(range(len(sums)), key=sums.__getitem__)
        first, last = run[0][0], run[-1][0]
        score = sum(1.0 - p[o] for _, p in run) / len(run)
        raw_start, raw_end = rep.raw_span(first.start, last.end)
        return ModelSpan(first.start, last.end, raw_start, raw_end, first.sent_idx, first.seg_id,
                         self.classes[k], score, self.explain([t for t, _ in run], k),
                         tuple(sorted({t.entry_id for t, _ in run if t.entry_id})))

    def explain(self, toks: list[TokenFeatures], k: int, top: int = WHY_FEATURES) -> str:
        """Return the ``top`` features that pushed ``toks`` most toward class ``k`` (against ``O``), as text."""
        o = self.classes.index("O")
        contrib: dict[str, float] = {}
        for t in toks:
            for name, val in t.features.items():
                w = self.weights.get(name)
                if w is not None:
                    contrib[name] = contrib.get(name, 0.0) + (w[k] - w[o]) * val
        best = sorted(((c, n) for n, c in contrib.items() if c > 0), reverse=True)[:top]
        return "; ".join(f"{n} {c:+.2f}" for c, n in best)

    def span_rows(self, detected: DetectedDocument, lexicon: Lexicon,
                  tokens: list[TokenFeatures] | None = None) -> list["SpanRow"]:
        """Return the model's spans as span rows (detector ``model``), with voice and the lexicon entry matched."""
        from framing.detect.span_rules import SpanRow

        parsed = detected.parsed
        seg_by_id = {s.seg_id: s for s in parsed.segments}
        entries = {e.id: e for e in lexicon.entries} if any(True for _ in detected.matches) else {}
        rows = []
        for sp in self.predict(detected, lexicon, tokens):
            seg = seg_by_id[sp.seg_id]
            voice, speaker, scare = detected.voice.voice_of(seg, sp.start, sp.end)
            entry_id = ";".join(sp.entry_ids)
            cat = sp.category
            if sp.entry_ids and sp.entry_ids[0] in entries:
                cat = entries[sp.entry_ids[0]].category
            why = sp.why + (f"; lexicon {entry_id}" if entry_id else "")
            m = Match(parsed.doc.doc_id, seg.seg_id, sp.sent_idx, seg.stance, seg.outlet, seg.kind,
                      sp.start, sp.end, sp.raw_start, sp.raw_end, parsed.text[sp.start:sp.end], entry_id, cat,
                      "", round(sp.score, 3), sp.category != "toponym", voice, speaker, scare)
            rows.append(SpanRow(m, sp.category, "model", why, True))
        return rows


def fold_word(text: str, t: TokenFeatures) -> str:
    """Return the lower-cased surface of a token."""
    return text[t.start:t.end].lower()


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
