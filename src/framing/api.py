"""The Python API for notebooks: load, parse and analyse a corpus, DataFrames out."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import load_corpus
from .errors import Problem
from .pipeline import ParsedDocument, parse_document


def load_parsed(paths: Iterable[str | Path] | None = None, catalog: str | Path | None = None
                ) -> tuple[list[ParsedDocument], list[Problem]]:
    """Return the parsed documents under ``paths`` (default: bundled seeds) and the problems met."""
    corpus = load_corpus(paths or None, catalog)
    return [parse_document(d, corpus.rules_for(d)) for d in corpus.documents], corpus.problems


def corpus_frame(parsed: list[ParsedDocument]) -> pd.DataFrame:
    """Return one row per segment: doc_id, seg_id, stance, outlet, kind, chars, sentences, tokens."""
    rows = []
    for p in parsed:
        for seg in p.segments:
            sents = p.sentences_of(seg)
            rows.append({"doc_id": p.doc.doc_id, "seg_id": seg.seg_id, "stance": seg.stance,
                         "outlet": seg.outlet, "kind": seg.kind, "chars": seg.end - seg.start,
                         "sentences": len(sents), "tokens": sum(len(s.tokens) for s in sents)})
    cols = ["doc_id", "seg_id", "stance", "outlet", "kind", "chars", "sentences", "tokens"]
    return pd.DataFrame(rows, columns=cols)
