"""Registry checks against a corpus: key terms too broad to mean a claim, or colliding with names.

``framing claims check`` runs :func:`check_registry`.  Two problems make a
key term match documents that are not about its claim:

* **broad**: after stop-word removal and stemming the term matches at least
  ``BROAD_SHARE`` of the documents ("most Russians" is just ``russian``;
  "war against Ukraine" matches every "war in Ukraine" once "against" is a
  stop word).
* **name**: most of its occurrences are inside a capitalised multi-word name
  the registry did not write ("workers" in "Workers' Party of Korea",
  "security council" in "National Security Council").

Each flagged term comes with the documents it matched and an example.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

import pandas as pd

from framing.analyze.claims.assign import claim_sentences
from framing.analyze.claims.registry import Claims
from framing.analyze.claims.terms import _grams, key_term_feature, phrase_key
from framing.text.parse import ParsedDocument

#: A key term matching at least this share of documents is flagged broad ...
BROAD_SHARE = 0.3
#: ... once the corpus has at least this many documents.
BROAD_MIN_DOCUMENTS = 10
#: A key term whose occurrences lie inside capitalised names at least this
#: often is flagged as colliding with a name.
NAME_SHARE = 0.5

CHECK_COLUMNS = ["claim_id", "key_term", "feature", "issue", "documents", "share", "detail"]

_CAP_RUN = re.compile(r"(?:[A-Z][\w'\u2019.-]*)(?:\s+(?:of\s+(?:the\s+)?|the\s+)?[A-Z][\w'\u2019.-]*)+")


def _name_spans(text: str) -> list[tuple[int, int, str]]:
    """Return capitalised multi-word runs that do not start the sentence ("National Security Council").

    A title-case headline ("Finland Boards Tanker After Power ...") has no names to tell apart.
    """
    words = [w for w in text.split() if w[:1].isalpha()]
    if words and sum(w[:1].isupper() for w in words) / len(words) >= 0.6:
        return []
    out = []
    for m in _CAP_RUN.finditer(text):
        if m.start() == 0 and len(m.group(0).split()) < 3:
            continue  # a capitalised first word is grammar
        out.append((m.start(), m.end(), m.group(0)))
    return out


def check_registry(parsed_docs: Iterable[ParsedDocument], claims: Claims,
                   broad_share: float = BROAD_SHARE, name_share: float = NAME_SHARE) -> pd.DataFrame:
    """Return one row per flagged key term (:data:`CHECK_COLUMNS`), broad terms first.

    ``documents`` is how many documents the term's feature occurs in,
    ``share`` that over all documents; ``detail`` gives the name it
    collides with or example documents.
    """
    sents = claim_sentences(parsed_docs)
    n_docs = sents["doc_id"].nunique() if not sents.empty else 0
    features: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in claims:
        for k in c.key_terms:
            features[key_term_feature(k)].append((c.claim_id, k))
    docs_of: dict[str, set[str]] = defaultdict(set)
    in_name: Counter = Counter()
    seen: Counter = Counter()
    name_example: dict[str, str] = {}
    phrases = frozenset(phrase_key(k) for c in claims for k in c.key_terms if len(phrase_key(k)) >= 3)
    lengths = sorted({len(p) for p in phrases})
    for doc_id, text in zip(sents["doc_id"], sents["text"]):
        names = _name_spans(text)
        for term, s, e in _grams(text, True, phrases, lengths):
            if term not in features:
                continue
            docs_of[term].add(doc_id)
            seen[term] += 1
            hit = next((n for a, b, n in names if a <= s and e <= b and len(n.split()) > len(term.split())), None)
            if hit is not None:
                in_name[term] += 1
                name_example.setdefault(term, hit)
    rows = []
    for feat, owners in features.items():
        n = len(docs_of.get(feat, ()))
        share = n / n_docs if n_docs else 0.0
        for cid, k in owners:
            written_capitalised = any(w[:1].isupper() for w in k.split())
            if n_docs >= BROAD_MIN_DOCUMENTS and share >= broad_share:
                rows.append({"claim_id": cid, "key_term": k, "feature": feat, "issue": "broad", "documents": n,
                             "share": round(share, 3),
                             "detail": f"matches {n} of {n_docs} documents, e.g. "
                                       + ", ".join(sorted(docs_of[feat])[:3])})
            if seen[feat] and not written_capitalised and in_name[feat] / seen[feat] >= name_share:
                rows.append({"claim_id": cid, "key_term": k, "feature": feat, "issue": "name", "documents": n,
                             "share": round(share, 3),
                             "detail": f"{in_name[feat]} of {seen[feat]} occurrences inside a name, e.g. "
                                       f"'{name_example[feat]}'"})
    df = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    if df.empty:
        return df
    order = {"broad": 0, "name": 1}
    return df.sort_values(["issue", "share"], key=lambda s: s.map(order) if s.name == "issue" else -s,
                          kind="stable").reset_index(drop=True)
