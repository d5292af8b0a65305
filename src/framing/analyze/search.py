"""Search across documents: every sentence that contains a word or phrase, with the hit's offsets.

A researcher asks "where does anyone say *denazification*?" and wants the
sentences, per document and stance, not a count.  The query is literal
(case-insensitive; any run of spaces in it matches any run of whitespace,
so a phrase split over a line break is still found); with ``whole_word``
(the default) "war" does not match inside "software" or "warmonger".
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from framing.text.parse import ParsedDocument

#: Columns of :func:`search_sentences` (``sent_idx``: the sentence's index in its segment;
#: ``start``/``end``: the hit in document offsets, end exclusive).
SEARCH_COLUMNS = ["doc_id", "stance", "outlet", "seg_id", "seg_kind", "sent_idx", "sentence", "sent_start", "sent_end",
                  "start", "end", "hit"]
#: Columns of :func:`search_counts`.
COUNT_COLUMNS = ["doc_id", "stance", "outlet", "hits", "sentences"]


def query_pattern(query: str, whole_word: bool = True) -> re.Pattern[str] | None:
    """Return the compiled case-insensitive pattern of ``query`` (None for an empty or blank query)."""
    words = query.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    if whole_word:
        # Word boundaries only where the query itself starts/ends with a word character,
        # so "so-called" or "«regime»" still match as typed.
        if re.match(r"\w", words[0]):
            body = r"(?<!\w)" + body
        if re.search(r"\w$", words[-1]):
            body += r"(?!\w)"
    return re.compile(body, re.IGNORECASE)


def search_sentences(parsed: Iterable[ParsedDocument], query: str, stances: Iterable[str] | None = None,
                     whole_word: bool = True) -> pd.DataFrame:
    """Return one row per hit of ``query`` in the documents' sentences (:data:`SEARCH_COLUMNS`).

    ``stances`` keeps only sentences of segments with those stances (a forum
    post quoting RT has segments of both).  Rows are in corpus, then text
    order; ``sentence`` is the sentence's text and ``start``/``end`` locate the
    hit in the document's (repaired) text, so ``text[start:end]`` is the hit.
    An empty query returns no rows.
    """
    pat = query_pattern(query, whole_word)
    keep = set(stances) if stances is not None else None
    rows: list[dict] = []
    if pat is None:
        return pd.DataFrame(rows, columns=SEARCH_COLUMNS)
    for p in parsed:
        segs = {s.seg_id: s for s in p.segments}
        for sent in p.sentences:
            seg = segs.get(sent.seg_id)
            stance = seg.stance if seg else p.doc.stance
            if keep is not None and stance not in keep:
                continue
            for m in pat.finditer(sent.text):
                rows.append({"doc_id": p.doc.doc_id, "stance": stance, "outlet": seg.outlet if seg else p.doc.outlet,
                             "seg_id": sent.seg_id, "seg_kind": seg.kind if seg else "", "sent_idx": sent.index, "sentence": sent.text,
                             "sent_start": sent.start, "sent_end": sent.end,
                             "start": sent.start + m.start(), "end": sent.start + m.end(), "hit": m.group(0)})
    return pd.DataFrame(rows, columns=SEARCH_COLUMNS)


def search_counts(hits: pd.DataFrame) -> pd.DataFrame:
    """Return hits and matching sentences per (document, stance, outlet) of a :func:`search_sentences` frame."""
    if hits.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    g = hits.groupby(["doc_id", "stance", "outlet"], sort=False)
    out = g.agg(hits=("start", "size"), sentences=("sent_start", "nunique")).reset_index()
    return out[COUNT_COLUMNS]
