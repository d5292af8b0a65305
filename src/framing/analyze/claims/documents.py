"""Document level: which claims a document is *mainly about*, from its sentence assignments.

Three rules turn sentence assignments into document claims (measurements in
docs/claims.md):

1. **Mentions are demoted.**  A claim whose key terms occur in a sentence
   only inside a temporal or subordinate phrase ("when they meet in Moscow
   this week for Russia's Victory Day celebrations", "in what was seen as a
   revenge attack for the explosion on a key bridge") is a time anchor or a
   cause, not the topic.  The trigger words are in
   ``lexicons/text/mention_triggers.csv``; the phrase runs from the trigger to
   the next clause punctuation.  Such an assignment keeps its row with
   ``mention`` set and does not count for the document.
2. **The best claim of a sentence suppresses a weaker neighbour.**  When a
   sentence is assigned several claims, those below ``SUPPRESS_RATIO`` x the
   best one's confidence are dropped (``suppressed`` = True): the troops
   sentence is about troops, not also about "support for the war".
3. **The document rule.**  A document is about a claim when at least
   ``MIN_SENTENCES`` of its sentences count for it, or one counts with
   confidence >= ``STRONG_CONFIDENCE``.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from framing.analyze.claims.registry import Claims
from framing.analyze.claims.terms import _grams, key_term_feature

#: Sentences a document needs on a claim to be about it ...
MIN_SENTENCES = 2
#: ... unless one sentence is this strong (a headline-like sentence that names
#: the claim with several key terms and resembles an exemplar).
STRONG_CONFIDENCE = 0.5
#: A sentence's claims below this share of its best claim's confidence are
#: suppressed.
SUPPRESS_RATIO = 0.6

TRIGGERS_FILE = "text/mention_triggers.csv"
_CLAUSE_END = re.compile(r"[,;:.!?()\u2014\u2013]")

#: Columns of :func:`document_claims`.
DOCUMENT_COLUMNS = ["doc_id", "claim_id", "sentences", "mentions", "suppressed", "max_confidence", "about"]


def _triggers_path(directory: str | Path | None = None) -> Path:
    from framing.core.config import _bundled, lexicons_dir
    base = Path(directory) if directory is not None else lexicons_dir()
    path = base / TRIGGERS_FILE
    return path if path.is_file() else _bundled("lexicons") / TRIGGERS_FILE


@lru_cache(maxsize=4)
def _trigger_re(path_str: str) -> re.Pattern[str] | None:
    path = Path(path_str)
    if not path.is_file():
        return None
    words = [(r.get("trigger") or "").strip() for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))]
    words = sorted((w for w in words if w and not w.startswith("#")), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)


def mention_spans(text: str, directory: str | Path | None = None) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of temporal/subordinate phrases in a sentence."""
    trig = _trigger_re(str(_triggers_path(directory)))
    if trig is None:
        return []
    spans = []
    for m in trig.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def is_mention(text: str, terms: str | list[str], directory: str | Path | None = None) -> bool:
    """Return True when every key-term occurrence in ``text`` lies inside a mention phrase.

    ``terms`` are the normalized terms of the assignment (its ``terms``
    column, ``"; "``-joined, or a list).  A sentence whose terms cannot be
    found is not a mention.
    """
    wanted = set(terms.split("; ") if isinstance(terms, str) else terms) - {""}
    if not wanted:
        return False
    spans = mention_spans(text, directory)
    if not spans:
        return False
    hits = [(s, e) for t, s, e in _grams(text) if t in wanted]
    if not hits:
        return False
    return all(any(a <= s and e <= b for a, b in spans) for s, e in hits)


def _key_features(claims: Claims | None) -> dict[str, set[str]]:
    """Return each claim's key-term features (its unigram, bigram or phrase per key term)."""
    if claims is None:
        return {}
    return {c.claim_id: {key_term_feature(k) for k in c.key_terms} for c in claims}


def mark_assignments(assignments: pd.DataFrame, suppress_ratio: float = SUPPRESS_RATIO,
                     directory: str | Path | None = None, claims: Claims | None = None) -> pd.DataFrame:
    """Return ``assignments`` with ``mention`` (bool) and ``suppressed`` (bool) columns (rules 1 and 2).

    With ``claims`` (the registry the assignments came from), only the
    claim's own key terms decide whether it is a mere mention: "Putin" in
    the explanation of a Victory Day match is context, "Victory Day" the claim.
    """
    out = assignments.copy()
    if out.empty:
        out["mention"] = pd.Series(dtype=bool)
        out["suppressed"] = pd.Series(dtype=bool)
        return out
    keys = _key_features(claims)

    def terms_of(cid: str, terms: str) -> list[str]:
        found = [t for t in terms.split("; ") if t]
        if cid in keys:
            found = [t for t in found if t in keys[cid]]
        return found

    out["mention"] = [is_mention(t, terms_of(c, k), directory)
                      for t, c, k in zip(out["text"], out["claim_id"], out["terms"])]
    # The best claim per sentence among those that are not mere mentions.
    live = out["confidence"].where(~out["mention"], 0.0)
    best = live.groupby([out["doc_id"], out["sent_idx"]]).transform("max")
    out["suppressed"] = (~out["mention"]) & (live < suppress_ratio * best)
    return out


def document_claims(assignments: pd.DataFrame, min_sentences: int = MIN_SENTENCES,
                    strong: float = STRONG_CONFIDENCE, suppress_ratio: float = SUPPRESS_RATIO,
                    directory: str | Path | None = None, claims: Claims | None = None) -> pd.DataFrame:
    """Return one row per (document, claim) with assignments: counts, best confidence and ``about``.

    ``assignments`` is :func:`~framing.analyze.claims.assign_claims`'s frame.
    Identical sentences within a document (a headline printed twice) count once.
    Columns (:data:`DOCUMENT_COLUMNS`): ``sentences`` (assignments that count:
    neither mentions nor suppressed), ``mentions``, ``suppressed``,
    ``max_confidence`` (over counting sentences) and ``about`` (rule 3).
    Pass the registry as ``claims`` so rule 1 reads the claims' key terms.
    """
    if assignments.empty:
        return pd.DataFrame(columns=DOCUMENT_COLUMNS)
    m = mark_assignments(assignments, suppress_ratio, directory, claims)
    # A headline printed twice (page extracts often repeat it) is one sentence.
    repeat = m.duplicated(["doc_id", "claim_id", "text"])
    m["counts"] = ~(m["mention"] | m["suppressed"] | repeat)
    m["conf_counting"] = m["confidence"].where(m["counts"], 0.0)
    g = m.groupby(["doc_id", "claim_id"], sort=True)
    out = g.agg(sentences=("counts", "sum"), mentions=("mention", "sum"), suppressed=("suppressed", "sum"),
                max_confidence=("conf_counting", "max")).reset_index()
    out["about"] = (out["sentences"] >= min_sentences) | ((out["sentences"] >= 1) & (out["max_confidence"] >= strong))
    for c in ("sentences", "mentions", "suppressed"):
        out[c] = out[c].astype(int)
    out["max_confidence"] = out["max_confidence"].round(4)
    return out[DOCUMENT_COLUMNS]


def document_metrics(predicted: pd.DataFrame, labels: dict[str, set[str]]) -> dict[str, float]:
    """Return micro precision, recall and F1 of ``about`` pairs against ``labels`` (doc_id -> claim ids).

    Only documents in ``labels`` are scored; a labelled document with no
    claim is a negative for every claim.
    """
    pred = {(d, c) for d, c, a in zip(predicted["doc_id"], predicted["claim_id"], predicted["about"])
            if a and d in labels}
    gold = {(d, c) for d, cs in labels.items() for c in cs}
    tp, fp, fn = len(pred & gold), len(pred - gold), len(gold - pred)
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
