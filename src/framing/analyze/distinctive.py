"""Distinctive terms: which words set one group of texts apart from the rest.

Each group (an outlet stance by default) is compared with all other groups
pooled, term by term, with the log-odds ratio under an informative Dirichlet
prior, z-scored (Monroe, Colaresi and Quinn 2008, "Fightin' Words", eq. 16,
19-22).  For term ``w``, group counts ``y_i``, rest counts ``y_j``, group and
rest totals ``n_i``, ``n_j``, and prior pseudo-counts ``a_w = ALPHA0 * pi_w``
(``pi_w`` the term's share of the whole corpus being compared, ``a_0 =
ALPHA0``)::

    delta_w = log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
            - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    var_w   = 1 / (y_i + a_w) + 1 / (y_j + a_w)
    z_w     = delta_w / sqrt(var_w)

A term with ``z`` above :data:`Z_THRESHOLD` that no lexicon entry covers is a
*candidate for the lexicon*: a phrase one stance uses much more than the
others, which a researcher should look at (it may be loaded language, or just
the topic).  Terms are unigrams and bigrams of normalized tokens with stop
words removed, read from prose segments only (body, quoted article, comment).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable, Literal, Mapping

import numpy as np
import pandas as pd

from framing.analyze.claims import _grams, assign_claims
from framing.core.errors import FramingError
from framing.text.parse import ParsedDocument
from framing.core.types import PROSE_KINDS

if TYPE_CHECKING:  # the lexicon modules are optional at import time
    from framing.detect.lexicon import Lexicon

#: Total prior pseudo-count ``a_0``, spread over terms by corpus frequency.
#: Chosen on the seeds (sweep in docs/claims.md; the seeds' prose has 4,485
#: term occurrences): at 10-100 the small groups are led by generic words
#: ("said", "Russian", "North"); at the corpus size (the "background counts as
#: prior" variant) only one term in the whole corpus passes z > 1.96; at 1000
#: RT is led by "victory", the forum by "menu", the CNS report by "workers",
#: "diplomatic missions", "WOT".  A fixed a_0 matters less as corpora grow,
#: which is what a prior should do.
ALPHA0 = 1000.0
#: z above this (two-sided 5 %) marks a term as distinctive for its group.
Z_THRESHOLD = 1.96
#: Grouping columns a segment can be split by.
GROUP_BY = ("stance", "outlet", "doc_id", "kind")

COLUMNS = ["group", "term", "norm", "count", "group_total", "rest_count",
           "log_odds", "z", "in_lexicon", "proper_noun", "candidate"]
#: A term is a name when at least this share of its occurrences that do not
#: open a sentence are capitalized in every word ("Lavrov", "Russian
#: Federation", "TASS"): names say *who* a text is about, not how it frames
#: them, so they are not lexicon candidates.
NAME_SHARE = 0.8

_OPENERS = " \t\n\"'“‘«([—–-*"


def log_odds_z(counts: Mapping[str, Mapping[str, int]], alpha0: float = ALPHA0) -> pd.DataFrame:
    """Return the log-odds ratio and z of every (group, term) with a count, each group vs the rest.

    ``counts`` maps group -> term -> count.  The prior is the pooled
    frequency of each term scaled to ``alpha0`` pseudo-counts.  Columns:
    group, norm, count, group_total, rest_count, log_odds, z (one row per
    term the group used, sorted by group then descending z).
    """
    rows = [(g, t, c) for g, terms in counts.items() for t, c in terms.items() if c > 0]
    cols = ["group", "norm", "count", "group_total", "rest_count", "log_odds", "z"]
    if not rows:
        return pd.DataFrame(columns=cols)
    long = pd.DataFrame(rows, columns=["group", "norm", "count"])
    total_w = long.groupby("norm")["count"].transform("sum").to_numpy(dtype=float)
    n_i = long.groupby("group")["count"].transform("sum").to_numpy(dtype=float)
    N = float(long["count"].sum())
    y_i = long["count"].to_numpy(dtype=float)
    y_j = total_w - y_i
    n_j = N - n_i
    a_w = alpha0 * total_w / N
    a_0 = float(alpha0)
    delta = (np.log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
             - np.log((y_j + a_w) / (n_j + a_0 - y_j - a_w)))
    z = delta / np.sqrt(1.0 / (y_i + a_w) + 1.0 / (y_j + a_w))
    long["group_total"] = n_i.astype(int)
    long["rest_count"] = y_j.astype(int)
    long["log_odds"] = delta
    long["z"] = z
    return long.sort_values(["group", "z"], ascending=[True, False], kind="stable").reset_index(drop=True)[cols]


def _group_of(seg, by: str) -> str:
    return seg.doc_id if by == "doc_id" else str(getattr(seg, by))


def _name_like(surface: str) -> bool:
    """Return True when every word of ``surface`` starts with a capital letter (or is an acronym)."""
    words = surface.split()
    return bool(words) and all(w[:1].isupper() for w in words)


def term_counts(parsed_docs: Iterable[ParsedDocument], by: str = "stance",
                sentences: set[tuple[str, int]] | None = None,
                name_votes: dict[str, list[int]] | None = None
                ) -> tuple[dict[str, Counter], dict[str, str]]:
    """Return ``(group -> Counter of terms, term -> most frequent surface form)``.

    Counts unigrams and bigrams of whole normalized tokens (hyphenated words
    stay one term, as lexicon patterns treat them) in the sentences of prose
    segments; with ``sentences`` (a set of ``(doc_id, sent_idx)``) only those.
    ``name_votes``, when given, is filled with ``term -> [capitalized,
    counted]`` over the occurrences that do not open a sentence (where a
    capital says nothing), plus ``[acronym, all]`` votes at index 2 and 3.
    """
    if by not in GROUP_BY:
        raise FramingError(f"cannot group by {by!r}", fix="use one of: " + ", ".join(GROUP_BY))
    counts: dict[str, Counter] = {}
    surf: dict[str, Counter] = {}
    for p in parsed_docs:
        segs = {s.seg_id: s for s in p.segments}
        for i, s in enumerate(p.sentences):
            seg = segs.get(s.seg_id)
            if seg is None or seg.kind not in PROSE_KINDS:
                continue
            if sentences is not None and (p.doc.doc_id, i) not in sentences:
                continue
            c = counts.setdefault(_group_of(seg, by), Counter())
            text = s.text
            for term, a, b in _grams(text, split_compounds=False):
                c[term] += 1
                surface = " ".join(text[a:b].split())
                surf.setdefault(term, Counter())[surface] += 1
                if name_votes is not None:
                    v = name_votes.setdefault(term, [0, 0, 0, 0])
                    if text[:a].strip(_OPENERS):  # not the sentence's first word
                        v[0] += _name_like(surface)
                        v[1] += 1
                    v[2] += surface.isupper() and len(surface) > 1
                    v[3] += 1
    return counts, {t: c.most_common(1)[0][0] for t, c in surf.items()}


def _lexicon_test(lexicon, lexicon_terms: set[str] | None):
    """Return ``(test(term_norm, surface) -> bool, description)`` for in_lexicon."""
    if lexicon_terms is not None:
        pats = {tuple(t.split()) for t in lexicon_terms if t.strip()}

        def by_terms(norm: str, surface: str) -> bool:
            words = tuple(norm.split())
            return any(words[i:i + len(p)] == p for p in pats for i in range(len(words) - len(p) + 1))
        return by_terms, f"{len(pats)} given patterns"
    if lexicon is False:
        return (lambda norm, surface: False), "none"
    try:
        from framing.detect.lexicon import load_lexicon
        from framing.detect.matcher import compile_matcher
        from framing.core.errors import LexiconError
    except ImportError as exc:  # pragma: no cover - lexicon modules not installed
        return (lambda norm, surface: False), f"unavailable ({exc})"
    if lexicon is None:
        try:
            lexicon = load_lexicon()
        except LexiconError as exc:
            return (lambda norm, surface: False), f"unavailable ({exc})"
    matcher = compile_matcher(lexicon)

    def by_matcher(norm: str, surface: str) -> bool:
        # Covered when some entry matches inside the term's own words.
        return bool(matcher.match_text(surface))
    return by_matcher, f"lexicon {lexicon.version} ({len(lexicon.entries)} entries)"


def distinctive_terms(parsed_docs: Iterable[ParsedDocument], by: str = "stance",
                      claim_id: str | None = None, assignments: pd.DataFrame | None = None,
                      lexicon: "Lexicon | Literal[False] | None" = None, min_count: int = 2,
                      top: int | None = None, *, lexicon_terms: set[str] | None = None,
                      alpha0: float = ALPHA0, z_threshold: float = Z_THRESHOLD) -> pd.DataFrame:
    """Return the terms that distinguish each group from the rest, most distinctive first.

    One row per (group, term) the group used at least ``min_count`` times;
    columns: group, term (the term's most frequent surface form), norm,
    count (in the group), group_total (all term occurrences in the group),
    rest_count, log_odds, z, in_lexicon (some lexicon entry matches within
    the term) and candidate (``z > z_threshold`` and not in_lexicon: a
    candidate for the lexicon).  ``top`` keeps the first N rows per group.

    ``by``: stance (default), outlet, doc_id or kind.  ``claim_id``: only
    sentences assigned to that claim (from ``assignments``, or computed with
    :func:`framing.analyze.claims.assign_claims`).  ``lexicon``: a loaded Lexicon;
    None loads the bundled one when it exists (otherwise in_lexicon is all
    False); False skips it.  ``lexicon_terms``: instead of a Lexicon, a set of
    normalized patterns (``"holi war"``).  ``df.attrs["lexicon"]`` says which
    was used.
    """
    parsed_docs = list(parsed_docs)
    chosen = None
    if claim_id is not None:
        if assignments is None:
            assignments = assign_claims(parsed_docs, claim_id=claim_id)
        sel = assignments[assignments["claim_id"] == claim_id]
        chosen = set(zip(sel["doc_id"], sel["sent_idx"].astype(int)))
    votes: dict[str, list[int]] = {}
    counts, surfaces = term_counts(parsed_docs, by, chosen, votes)
    scored = log_odds_z(counts, alpha0)
    scored = scored[scored["count"] >= min_count].copy()
    test, desc = _lexicon_test(lexicon, lexicon_terms)
    if top is not None:
        scored = scored.groupby("group", sort=True, group_keys=False).head(top)
    scored["term"] = scored["norm"].map(surfaces)
    memo = {n: test(n, surfaces[n]) for n in scored["norm"].unique()}
    scored["in_lexicon"] = scored["norm"].map(memo).astype(bool)
    scored["proper_noun"] = scored["norm"].map(lambda n: is_name(votes.get(n))).astype(bool)
    scored["candidate"] = (scored["z"] > z_threshold) & ~scored["in_lexicon"] & ~scored["proper_noun"]
    scored["log_odds"] = scored["log_odds"].round(4)
    scored["z"] = scored["z"].round(3)
    out = scored[COLUMNS].reset_index(drop=True)
    out.attrs["lexicon"] = desc
    out.attrs["alpha0"] = alpha0
    # Every group that had prose to compare, also those with no term used
    # min_count times (a claim's sentences are few): pages count groups here.
    out.attrs["groups"] = sorted(g for g, c in counts.items() if sum(c.values()))
    return out


def is_name(votes: list[int] | None) -> bool:
    """Return True when a term's capitalization votes (see :func:`term_counts`) make it a proper noun.

    Judged on the occurrences that do not open a sentence: at least
    :data:`NAME_SHARE` of them capitalized in every word.  A term seen only
    at sentence starts is a name only when it is written as an acronym
    (``CNS``, ``TASS``) every time.
    """
    if not votes:
        return False
    caps, counted, acronym, total = votes
    if counted:
        return caps >= NAME_SHARE * counted
    return bool(total) and acronym == total
