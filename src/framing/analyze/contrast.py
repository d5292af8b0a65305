"""Per-claim contrasts by stance: how each stance frames the same claim, side by side.

For one claim, every stance in the corpus gets a row, including stances with
no sentences about it (``covered`` is False), because what an outlet leaves
out is part of its framing.  Each measure is built from visible parts: the
assigned sentences, their lexicon matches split into own voice and quoted
speech, the attribution frames (who is cited), hedges and boosters, sentence
sentiment, and the terms that distinguish this stance's wording of the claim.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from framing.analyze.scoring import BOOSTER_CATEGORIES, HEDGE_CATEGORIES

if TYPE_CHECKING:
    from framing.core.types import Match
    from framing.analyze.corpus_analysis import CorpusAnalysis

#: How many distinctive terms and phrases to list per stance: enough to read
#: at a glance in a dashboard column, few enough not to be noise.
TOP_TERMS = 8

CONTRAST_COLUMNS = ["claim_id", "stance", "covered", "outlets", "documents", "sentences",
                    "loaded_own", "loaded_quoted", "loaded_own_weight", "loaded_quoted_weight",
                    "cited_sources", "vague_sources", "hedges", "boosters", "sentiment_mean",
                    "sentiment_min", "distinctive_terms"]

SENTENCE_COLUMNS = ["claim_id", "stance", "outlet", "doc_id", "seg_id", "seg_kind", "sent_idx", "start",
                    "end", "confidence", "text", "own_matches", "quoted_matches", "sources", "sentiment"]


def _phrases(matches: list, voice: str) -> str:
    c = Counter(f"{m.text.lower()} ({m.category})" for m in matches if m.loaded and m.voice == voice)
    return "; ".join(f"{k} x{v}" if v > 1 else k for k, v in c.most_common())


def contrast_sentences(corpus: "CorpusAnalysis", claim_id: str) -> pd.DataFrame:
    """Return one row per sentence assigned to ``claim_id`` with its own-voice and quoted matches and sources."""
    sub = corpus.assignments_for(claim_id)
    rows = []
    by_doc = corpus.by_id
    for r in sub.itertuples(index=False):
        a = by_doc.get(r.doc_id)
        if a is None:
            continue
        ms = [m for m in a.matches if m.sent_idx == r.sent_idx]
        attrs = a.voice.sentence_attribution(r.sent_idx)
        sc = a.sentiment[r.sent_idx] if r.sent_idx < len(a.sentiment) else None
        rows.append({
            "claim_id": claim_id, "stance": r.stance, "outlet": r.outlet, "doc_id": r.doc_id,
            "seg_id": r.seg_id, "seg_kind": r.seg_kind, "sent_idx": r.sent_idx, "start": r.start,
            "end": r.end, "confidence": r.confidence, "text": r.text,
            "own_matches": _phrases(ms, "own"), "quoted_matches": _phrases(ms, "quoted"),
            "sources": "; ".join(dict.fromkeys((x.resolved or x.source) for x in attrs)),
            "sentiment": sc.compound if sc is not None else None})
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def contrast_frame(corpus: "CorpusAnalysis", claim_id: str) -> pd.DataFrame:
    """Return one row per stance for ``claim_id``: coverage, own vs quoted loaded language, sources, hedging, sentiment, distinctive terms.

    ``loaded_own``/``loaded_quoted`` list the loaded phrases (with category and
    count) in the outlet's own voice and in speech it quotes;
    ``*_weight`` sum their lexicon weights.  ``cited_sources`` are the named
    sources of attribution frames in these sentences, ``vague_sources`` the
    unnamed ones ("observers").  ``distinctive_terms`` are the terms with the
    highest log-odds z for this stance within the claim's sentences.
    """
    from framing.analyze.distinctive import distinctive_terms
    sents = contrast_sentences(corpus, claim_id)
    stances = sorted({s.stance for p in corpus.parsed for s in p.segments if s.is_prose})
    try:
        dist = distinctive_terms(list(corpus.parsed), by="stance", claim_id=claim_id,
                                 assignments=corpus.assignments_for(claim_id), lexicon=corpus.lexicon)
    except Exception:  # noqa: BLE001 - too few sentences for log-odds is not an error here
        dist = pd.DataFrame(columns=["group", "term", "z"])
    rows = []
    by_doc = corpus.by_id
    for stance in stances:
        mine = sents[sents["stance"] == stance]
        matches: list[Match] = []
        sources: Counter[str] = Counter()
        vague: Counter[str] = Counter()
        sentiments: list[float] = []
        for r in mine.itertuples(index=False):
            a = by_doc[r.doc_id]
            matches.extend(m for m in a.matches if m.sent_idx == r.sent_idx)
            for x in a.voice.sentence_attribution(r.sent_idx):
                (sources if x.named else vague)[x.resolved or x.source] += 1
            if r.sentiment is not None:
                sentiments.append(r.sentiment)
        terms = dist[(dist["group"] == stance) & (dist["z"] > 0)].sort_values("z", ascending=False)
        rows.append({
            "claim_id": claim_id, "stance": stance, "covered": not mine.empty,
            "outlets": ", ".join(sorted(set(mine["outlet"]))), "documents": mine["doc_id"].nunique(),
            "sentences": len(mine),
            "loaded_own": _phrases(matches, "own"), "loaded_quoted": _phrases(matches, "quoted"),
            "loaded_own_weight": round(sum(m.weight for m in matches if m.loaded and m.voice == "own"), 2),
            "loaded_quoted_weight": round(sum(m.weight for m in matches if m.loaded and m.voice == "quoted"), 2),
            "cited_sources": "; ".join(f"{k} x{v}" if v > 1 else k for k, v in sources.most_common()),
            "vague_sources": "; ".join(vague),
            "hedges": sum(1 for m in matches if m.category in HEDGE_CATEGORIES),
            "boosters": sum(1 for m in matches if m.category in BOOSTER_CATEGORIES),
            "sentiment_mean": round(sum(sentiments) / len(sentiments), 4) if sentiments else None,
            "sentiment_min": min(sentiments) if sentiments else None,
            "distinctive_terms": "; ".join(terms["term"].head(TOP_TERMS)),
        })
    return pd.DataFrame(rows, columns=CONTRAST_COLUMNS)
