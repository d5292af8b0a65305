"""Train the span model from annotated texts: guideline CSV spans and/or SemEval-2020 (PTC) labels.

Each word token of an annotated text becomes one training example: its
features (:mod:`.features`) and its label, the guideline category of the
gold span it overlaps, or ``O``.  Tokens inside gold scare quotes (found by
the voice stage, not the model) and inside PTC spans of techniques the
guideline has no category for are left out.  PTC examples can carry a lower
weight than in-domain ones.  The fit is scikit-learn's multinomial
LogisticRegression; the result is a :class:`~.model.SpanModel` (plain JSON).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from framing.detect.document import DetectedDocument, detect_document
from framing.detect.lexicon import Lexicon
from framing.detect.matcher import Matcher, compile_matcher
from framing.detect.spanmodel.features import DocumentTokens, encode_document
from framing.detect.spanmodel.model import SpanModel

SKIP = "<skip>"
#: PTC techniques and the guideline category their tokens train (others are left out).
PTC_TO_GUIDELINE = {"Loaded_Language": "loaded_language", "Name_Calling,Labeling": "name_calling"}
#: Guideline categories the model learns (scare quotes come from the voice stage).
MODEL_CATEGORIES = ("name_calling", "delegitimization", "demonization", "glorification", "euphemism",
                    "loaded_language", "toponym")


@dataclass(frozen=True)
class Annotated:
    """One annotated text: its name, text and gold ``(raw_start, raw_end, category)`` spans, and its weight."""

    name: str
    text: str
    gold: tuple[tuple[int, int, str], ...]
    weight: float = 1.0


@dataclass
class Prepared:
    """An annotated text run through the pipeline: detected document, token features and labels."""

    item: Annotated
    detected: DetectedDocument
    tokens: DocumentTokens
    labels: list[str]


def detect_text(text: str, name: str, lexicon: Lexicon, matcher: Matcher | None = None) -> DetectedDocument:
    """Return the detected document of raw ``text`` (no sentiment), as the CLI would see the file."""
    from framing.text.corpus import document_from_text
    from framing.text.parse import parse_document
    parsed = parse_document(document_from_text(text, Path(name).stem, name))
    return detect_document(parsed, lexicon, matcher or compile_matcher(lexicon), with_sentiment=False)


def token_labels(tokens: DocumentTokens, gold: Iterable[tuple[int, int, str]]) -> list[str]:
    """Return one label per token: the category of the gold span its raw offsets overlap, ``O``, or :data:`SKIP`."""
    spans = sorted(gold)
    out = []
    for raw_start, raw_end in zip(tokens.raw_starts, tokens.raw_ends):
        lab = "O"
        for s, e, c in spans:
            if s >= raw_end:
                break
            if e > raw_start:
                lab = c if c in MODEL_CATEGORIES else SKIP
                break
        out.append(lab)
    return out


def prepare(items: Iterable[Annotated], lexicon: Lexicon) -> list[Prepared]:
    """Return the annotated texts with their token features and labels."""
    matcher = compile_matcher(lexicon)
    out = []
    for it in items:
        det = detect_text(it.text, it.name, lexicon, matcher)
        toks = encode_document(det, lexicon, with_raw=True)
        out.append(Prepared(it, det, toks, token_labels(toks, it.gold)))
    return out


def guideline_items(spans_csv: Path | str, articles_dir: Path | str, files: Iterable[str] | None = None,
                    weight: float = 1.0) -> list[Annotated]:
    """Return the annotated texts of a guideline CSV (every ``*.txt`` in ``articles_dir`` unless ``files``)."""
    from framing.text import annotations as guideline_io
    gold = guideline_io.read_guideline_spans(spans_csv)
    names = list(files) if files is not None else guideline_io.list_articles(articles_dir, gold)
    return [Annotated(n, guideline_io.read_article(guideline_io.resolve_article(articles_dir, n)),
                      tuple((g.start, g.end, g.category) for g in gold.get(n, ())), weight) for n in names]


def ptc_items(ptc_dir: Path | str, ids: Iterable[str], weight: float = 0.3) -> list[Annotated]:
    """Return PTC articles (``articles/``, ``labels/``) with Loaded_Language and Name_Calling as guideline spans."""
    d = Path(ptc_dir)
    out = []
    for aid in ids:
        path = d / "articles" / f"article{aid}.txt"
        with path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        gold = []
        lab = d / "labels" / f"article{aid}.task-flc-tc.labels"
        if lab.exists():
            for line in lab.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 4:
                    gold.append((int(parts[2]), int(parts[3]), PTC_TO_GUIDELINE.get(parts[1], SKIP)))
        out.append(Annotated(f"ptc/{aid}", text, tuple(gold), weight))
    return out


def fit(prepared: Sequence[Prepared], c: float = 2.0, min_count: int = 1, threshold: float = 0.25,
        o_weight: float = 0.5, meta: dict | None = None) -> SpanModel:
    """Return a :class:`SpanModel` fitted on the prepared texts.

    ``c`` is LogisticRegression's inverse regularisation; features seen in
    fewer than ``min_count`` tokens are dropped (rare words would only
    memorise the training texts); ``o_weight`` scales the ``O`` examples.
    The defaults are the settings 5-fold CV by file chose on framing-dev
    (docs/evaluation.md).
    """
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    blocks, y, w = [], [], []
    width = max((len(p.tokens.vocab) for p in prepared), default=0)
    vocab = prepared[0].tokens.vocab if prepared else None
    for p in prepared:
        if p.tokens.vocab is not vocab:
            raise ValueError("prepared texts must share one feature vocabulary (encode them with the same one)")
        labels = np.array(p.labels, dtype=object)
        rows = np.flatnonzero(labels != SKIP)
        if len(rows):
            blocks.append(p.tokens.matrix(width)[rows])
            y += labels[rows].tolist()
            w += [p.item.weight * (o_weight if lab == "O" else 1.0) for lab in labels[rows].tolist()]
    Xall = vstack(blocks, format="csc")
    # Features seen in at least min_count training tokens, in name order (as a DictVectorizer would lay them).
    counts = np.diff(Xall.indptr)
    used = np.flatnonzero(counts[:width] >= min_count).tolist()  # the last column holds empty slots
    names = sorted((vocab.names[j], j) for j in used) if vocab is not None else []
    Xm = Xall[:, [j for _, j in names]].tocsr()
    clf = LogisticRegression(C=c, max_iter=300)
    clf.fit(Xm, y, sample_weight=w)
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_
    if len(classes) == 2:  # binary: sklearn keeps one row; expand to one weight per class
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    else:
        intercept = list(clf.intercept_)
    weights = {}
    for j, (name, _) in enumerate(names):
        col = [float(coef[k, j]) for k in range(len(classes))]
        if max(abs(x) for x in col) >= 0.005:  # tiny weights change no decision; keep the file small
            weights[str(name)] = col
    info = {"examples": len(y), "features": len(weights), "c": c, "min_count": min_count,
            "o_weight": o_weight, "labels": dict(Counter(y))}
    info.update(meta or {})
    return SpanModel(tuple(classes), weights, tuple(float(x) for x in intercept), threshold, info)


def train(items: Sequence[Annotated], lexicon: Lexicon, **kw) -> SpanModel:
    """Return a model trained on annotated texts (see :func:`fit` for the keyword options)."""
    return fit(prepare(items, lexicon), **kw)
