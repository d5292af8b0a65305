"""Credibility indicators: the per-sentence facts aggregated per document, segment, outlet or stance.

Each indicator family (sourcing, relay, state reliance, calibration, loaded
language, transparency, metadata) fills its own columns of a row; the
definitions are in docs/credibility.md.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Callable, Iterable

import pandas as pd

from framing.analyze.credibility.facts import credibility_facts
from framing.analyze.credibility.independence import own_names, relays_state, source_mix, verification
from framing.analyze.credibility.records import CitedItem, CredibilityFacts
from framing.analyze.credibility.rules import RELAY_MIN_SENTENCES, RELAY_SHARE_THRESHOLD, STATEMENT_KINDS
from framing.core.errors import FramingError
from framing.detect.outlets import OfficialList, OutletList, url_host

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

#: Grouping levels of :func:`credibility_frame`.
GROUPS = ("document", "segment", "outlet", "stance")

_KEYS = {"segment": ["doc_id", "seg_id", "stance", "outlet", "kind"], "document": ["doc_id", "stance", "outlet"],
         "outlet": ["outlet"], "stance": ["stance"]}

#: Columns of :func:`credibility_frame` after the grouping keys.
FRAME_COLUMNS = [
    "documents", "segments", "tokens",
    # sourcing
    "factual_sentences", "attributed_sentences", "attributed_share", "cited_sentences", "sourced_share",
    "verified_share",
    "named_attributions", "vague_attributions", "specificity", "distinct_sources", "distinct_source_types",
    "source_types", "sources", "links", "link_hosts", "endnote_citations", "endnotes", "endnote_works",
    "endnote_outlets", "endnote_outlet_types", "primary_works", "primary_share",
    # relay
    "relay_source", "relay_sentences", "relay_share", "relayed_sources", "state_relay_share", "state_relayed",
    "rewrite", "rewrite_of",
    # state reliance; independence and diversity of sources
    "cited_items", "state_items", "state_reliance", "state_sources",
    "independent_sources", "government_sources", "independence", "top_government", "top_government_share",
    "home_government_share",
    "sides", "sides_heard",
    # calibration
    "hedge_rate", "booster_rate", "hedge_rate_own", "booster_rate_own", "unattributed_claims",
    "unattributed_claim_share",
    # loaded language
    "loaded_own", "loaded_own_plain", "loaded_quoted",
    # transparency
    "byline", "authors", "date", "date_source", "dateline", "corrections_notice", "ownership",
    "transparency_items", "transparency",
    # metadata (cited, never scored)
    "outlet_type", "outlet_country", "genre", "url", "rating", "rating_source", "rating_date",
]

#: Signal counts summed per group from :func:`framing.analyze.scoring.segment_signals`.
_SIGNAL_SUMS = ("tokens", "own_tokens", "quoted_tokens", "n_hedge", "n_booster", "loaded_weight_own",
                "loaded_weight_quoted")
#: Catalog metadata columns joined per group.
_METADATA = ("outlet_type", "outlet_country", "genre", "url", "rating", "rating_source", "rating_date")


def credibility_frame(analysis: CorpusAnalysis, by: str = "document", outlets: OutletList | None = None,
                      officials: OfficialList | None = None) -> pd.DataFrame:
    """Return the credibility indicators, one row per document, segment, outlet or stance.

    ``analysis`` is a :class:`~framing.orchestrator.CorpusAnalysis`.  Columns
    (definitions in docs/credibility.md): keys; sourcing
    (``factual_sentences``, ``attributed_share``, ``sourced_share``,
    ``named_attributions``, ``vague_attributions``, ``distinct_sources``,
    ``distinct_source_types``, ``sources``, ``links``, ``link_hosts``,
    ``endnote_citations``, ``endnotes``, ``endnote_works``,
    ``endnote_outlets``, ``primary_works``, ``primary_share``); relay
    (``relay_source``, ``relay_share``, ``relayed_sources``, ``rewrite``,
    ``rewrite_of``); state reliance (``cited_items``, ``state_items``,
    ``state_reliance``, ``state_sources``); calibration (``hedge_rate``,
    ``booster_rate``, ``unattributed_claims``, ``unattributed_claim_share``);
    loaded language (``loaded_own``, ``loaded_quoted``); transparency and
    metadata (``byline``, ``authors``, ``date``, ``date_source``,
    ``corrections_notice``, ``ownership``, ``rating``, ...).  The evidence
    behind each is in :func:`~framing.analyze.credibility.credibility_evidence`.
    Outlet-list problems are in ``df.attrs["problems"]``.
    """
    if by not in GROUPS:
        raise FramingError(f"--by {by!r} is not a grouping", fix="use one of " + ", ".join(GROUPS))
    facts = credibility_facts(analysis, outlets, officials)
    keys = _KEYS[by]
    rows = [_row(k, keys, g, by) for k, g in _Grouper(facts, by).run().items()]
    if by != "document":
        # Parts with no statements and no citations (separator lines, page
        # furniture) have no indicators to show.
        rows = [r for r in rows if r["factual_sentences"] or r["cited_items"] or r["byline"]]
    df = pd.DataFrame(rows)
    if df.empty:
        df = pd.DataFrame(columns=keys + FRAME_COLUMNS)
    else:
        df = df[keys + [c for c in FRAME_COLUMNS if c in df.columns]]
        if by == "segment":
            # Segments in text order ("#4" before "#10"), not string order.
            order = pd.to_numeric(df["seg_id"].str.rsplit("#", n=1).str[-1], errors="coerce").fillna(-1)
            df = df.assign(_o=order).sort_values(["doc_id", "_o"]).drop(columns="_o")
        else:
            df = df.sort_values(keys)
        df = df.reset_index(drop=True)
    df.attrs["problems"] = list(facts.problems)
    return df


# --------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------


def _new_group() -> dict:
    return {"docs": set(), "segs": set(), "factual": 0, "attributed": 0, "cited": 0, "sourced": 0, "vague": 0,
            "claims": 0, "links": 0, "link_hosts": Counter(), "notes_cited": 0, "relay": defaultdict(Counter),
            "factual_by_doc": Counter(), "items": [], "sig": Counter(), "units": [], "verified": 0.0,
            "state_relay": 0, "state_relayed": Counter(), "loaded_plain": 0.0,
            "hedges_own": 0, "boosters_own": 0}


class _Grouper:
    """Sums the facts of one analysis into groups keyed by the ``by`` level's key columns."""

    def __init__(self, facts: CredibilityFacts, by: str) -> None:
        self.facts = facts
        self.by = by
        self.keys = _KEYS[by]
        self.groups: dict[tuple, dict] = {}
        # Group keys in the order each document first joined them.
        self.keys_by_doc: dict[str, list[tuple]] = defaultdict(list)
        self._own: dict[str, frozenset[str]] = {}

    def own(self, outlet: str) -> frozenset[str]:
        """Return the outlet names that are a part's own outlet (cached per outlet string)."""
        if outlet not in self._own:
            self._own[outlet] = own_names(outlet, self.facts.outlets)
        return self._own[outlet]

    def key_of(self, doc_id: str, seg_id: str, stance: str, outlet: str, kind: str) -> tuple:
        """Return the group key of a place; a document row uses the document's catalog stance and outlet."""
        if self.by == "document":
            m = self.facts.doc_meta.get(doc_id, {})
            return (doc_id, m.get("stance") or "unknown", m.get("outlet") or "unknown")
        vals = {"doc_id": doc_id, "seg_id": seg_id, "stance": stance, "outlet": outlet, "kind": kind}
        return tuple(vals[k] for k in self.keys)

    def group(self, k: tuple, doc_id: str) -> dict:
        """Return group ``k``, created on first use, with ``doc_id`` among its documents."""
        g = self.groups.get(k)
        if g is None or doc_id not in g["docs"]:
            self.keys_by_doc[doc_id].append(k)
        if g is None:
            g = self.groups[k] = _new_group()
        g["docs"].add(doc_id)
        return g

    def run(self) -> dict[tuple, dict]:
        """Return the groups, in the order first met: sentences, cited items, signals, transparency units."""
        self._add_sentences()
        self._add_items()
        self._add_signals()
        self._add_units()
        for g in self.groups.values():
            g["own"] = self._own
            g["outlets"] = self.facts.outlets
        return self.groups

    def _add_sentences(self) -> None:
        for f in self.facts.sentences:
            g = self.group(self.key_of(f.doc_id, f.seg_id, f.stance, f.outlet, f.kind), f.doc_id)
            g["segs"].add(f.seg_id)
            g["links"] += len(f.links)
            g["loaded_plain"] += f.loaded_plain
            g["hedges_own"] += f.hedges_own
            g["boosters_own"] += f.boosters_own
            for u in f.links:
                g["link_hosts"][url_host(u)] += 1
            g["notes_cited"] += len(f.notes)
            if not f.factual:
                continue
            g["factual"] += 1
            g["factual_by_doc"][f.doc_id] += 1
            g["attributed"] += f.attributed
            g["cited"] += f.cited
            g["sourced"] += f.sourced
            g["vague"] += len(f.vague)
            g["claims"] += bool(f.claim_reasons)
            own = self.own(f.outlet)
            g["verified"] += verification(f, own)
            state = relays_state(f, self.facts.outlets, own)
            if state:
                g["state_relay"] += 1
                g["state_relayed"][state] += 1
            for name in f.relays:
                g["relay"][f.doc_id][name] += 1

    def _add_items(self) -> None:
        seg_kind = {(f.doc_id, f.seg_id): f.kind for f in self.facts.sentences}
        for it in self.facts.items:
            self.own(it.outlet)
            k = self.key_of(it.doc_id, it.seg_id, it.stance, it.outlet, seg_kind.get((it.doc_id, it.seg_id), ""))
            self.group(k, it.doc_id)["items"].append(it)

    def _add_signals(self) -> None:
        for s in self.facts.signals:
            g = self.group(self.key_of(s["doc_id"], s["seg_id"], s["stance"], s["outlet"], s["kind"]), s["doc_id"])
            for c in _SIGNAL_SUMS:
                g["sig"][c] += s.get(c, 0)

    def _add_units(self) -> None:
        by = self.by
        for (doc_id, outlet), u in self.facts.units.items():
            # A transparency unit is one outlet's part of one document.
            for k in dict.fromkeys(self.keys_by_doc.get(doc_id, ())):
                if by == "document" or (by == "outlet" and k[0] == outlet) or (by == "stance" and k[0] == u["stance"]) \
                        or (by == "segment" and k[0] == doc_id and k[3] == outlet and k[4] in STATEMENT_KINDS):
                    self.groups[k]["units"].append(u)


# --------------------------------------------------------------------------
# One row per group, by indicator family
# --------------------------------------------------------------------------


def _join(values: Iterable[str], limit: int = 12) -> str:
    vals = [v for v in dict.fromkeys(v for v in values if v)]
    return "; ".join(vals[:limit]) + (f"; ... (+{len(vals) - limit})" if len(vals) > limit else "")


def _counted(counter: Counter, limit: int = 10) -> str:
    return "; ".join(f"{k} x{v}" for k, v in counter.most_common(limit))


def _share(n: float, d: float) -> float:
    return round(n / d, 3) if d else math.nan


def _row(k: tuple, keys: list[str], g: dict, by: str) -> dict:
    row = dict(zip(keys, k))
    row["documents"] = len(g["docs"])
    row["segments"] = len(g["segs"])
    row["tokens"] = int(g["sig"]["tokens"])
    families: tuple[Callable[[dict, dict, str], None], ...] = (
        _sourcing, _relay, _state_reliance, _calibration, _transparency)
    row.update(source_mix(g["items"], g["own"], g["outlets"]))
    for family in families:
        family(row, g, by)
    return row


def _sourcing(row: dict, g: dict, by: str) -> None:
    fact = g["factual"]
    row["factual_sentences"] = fact
    row["attributed_sentences"] = g["attributed"]
    row["attributed_share"] = _share(g["attributed"], fact)
    row["cited_sentences"] = g["cited"]
    row["sourced_share"] = _share(g["sourced"], fact)
    row["verified_share"] = _share(g["verified"], fact)
    items: list[CitedItem] = g["items"]
    attr_items = [it for it in items if it.via == "attribution"]
    row["named_attributions"] = len(attr_items)
    row["vague_attributions"] = g["vague"]
    row["specificity"] = _share(len(attr_items), len(attr_items) + g["vague"])
    names = Counter(it.source.name for it in items)
    types = Counter(it.source.type for it in items)
    row["distinct_sources"] = len(names)
    row["distinct_source_types"] = len([t for t in types if t != "unknown"])
    row["source_types"] = _counted(types)
    row["sources"] = _counted(Counter(it.source.name for it in attr_items + [i for i in items if i.via == "link"]))
    row["links"] = g["links"]
    row["link_hosts"] = _counted(g["link_hosts"])
    ends = [it for it in items if it.via == "endnote"]
    row["endnote_citations"] = g["notes_cited"]
    row["endnotes"] = len({(it.doc_id, it.detail.split(";")[0]) for it in ends})
    row["endnote_works"] = len(ends)
    row["endnote_outlets"] = _counted(Counter(it.source.name for it in ends), limit=40)
    row["endnote_outlet_types"] = _counted(Counter(it.source.type for it in ends))
    prim = [it for it in ends if "primary (" in it.detail]
    row["primary_works"] = len(prim)
    row["primary_share"] = _share(len(prim), len(ends))


def _relay(row: dict, g: dict, by: str) -> None:
    """Fill the relay columns: per document (part) within the group, its most relayed outlet."""
    fact = g["factual"]
    top_total = 0
    flagged = []
    relayed: Counter = Counter()
    best_name, best_share = "", 0.0
    for doc_id, counter in g["relay"].items():
        relayed.update(counter)
        name, n = counter.most_common(1)[0]
        top_total += n
        denom = g["factual_by_doc"][doc_id]
        share = n / denom if denom else 0.0
        if share > best_share:
            best_name, best_share = name, share
        if share >= RELAY_SHARE_THRESHOLD and n >= RELAY_MIN_SENTENCES:
            flagged.append((doc_id, name, share))
    row["relay_source"] = best_name
    row["relay_sentences"] = top_total
    row["relay_share"] = _share(top_total, fact) if fact else math.nan
    if fact and not g["relay"]:
        row["relay_share"] = 0.0
    row["relayed_sources"] = "; ".join(f"{name} x{n} ({n / fact:.2f})" for name, n in relayed.most_common(8)) \
        if fact else ""
    row["state_relay_share"] = _share(g["state_relay"], fact)
    row["state_relayed"] = _counted(g["state_relayed"])
    row["rewrite"] = bool(flagged)
    if by in ("document", "segment"):
        row["rewrite_of"] = _join(name for _d, name, _s in flagged)
    else:
        row["rewrite_of"] = _join(f"{d[:3]}: {name} ({s:.2f})" for d, name, s in flagged)


def _state_reliance(row: dict, g: dict, by: str) -> None:
    items: list[CitedItem] = g["items"]
    state = [it for it in items if it.source.state]
    row["cited_items"] = len(items)
    row["state_items"] = len(state)
    row["state_reliance"] = _share(len(state), len(items))
    row["state_sources"] = _counted(Counter(it.source.name for it in state))


def _calibration(row: dict, g: dict, by: str) -> None:
    """Fill the calibration and loaded-language columns (rates per ``RATE_BASE`` tokens, from scoring)."""
    from framing.analyze.scoring import RATE_BASE
    sig = g["sig"]
    tokens = sig["tokens"]
    per = RATE_BASE / tokens if tokens else 0.0
    row["hedge_rate"] = round(sig["n_hedge"] * per, 3) if tokens else math.nan
    row["booster_rate"] = round(sig["n_booster"] * per, 3) if tokens else math.nan
    row["unattributed_claims"] = g["claims"]
    row["unattributed_claim_share"] = _share(g["claims"], g["factual"])
    row["loaded_own"] = round(sig["loaded_weight_own"] * RATE_BASE / sig["own_tokens"], 3) \
        if sig["own_tokens"] else math.nan
    # A quoted minister's "rumours" and "allegations" are his dismissal, not the outlet's calibration.
    own = sig["own_tokens"]
    row["hedge_rate_own"] = round(g["hedges_own"] * RATE_BASE / own, 3) if own else math.nan
    row["booster_rate_own"] = round(g["boosters_own"] * RATE_BASE / own, 3) if own else math.nan
    # Scare-quoted terms ("the 'special military operation'") mark the word as someone else's.
    row["loaded_own_plain"] = round(g["loaded_plain"] * RATE_BASE / sig["own_tokens"], 3) \
        if sig["own_tokens"] else math.nan
    row["loaded_quoted"] = round(sig["loaded_weight_quoted"] * RATE_BASE / sig["quoted_tokens"], 3) \
        if sig["quoted_tokens"] else 0.0


def _transparency(row: dict, g: dict, by: str) -> None:
    """Fill the transparency and metadata columns from the group's transparency units."""
    units = g["units"]
    row["byline"] = _join(u["byline"] for u in units)
    row["authors"] = _join(u["authors"] for u in units)
    row["date"] = _join(u["date"] for u in units)
    row["date_source"] = _join(u["date_source"] for u in units)
    row["dateline"] = _join(u["dateline"] for u in units)
    row["corrections_notice"] = any(u["corrections_notice"] for u in units)
    row["ownership"] = _join(u["ownership"] for u in units)
    # Links are the fifth transparency item: a reader can follow them.
    got = sum(u["transparency_items"] for u in units) + (len(units) if g["links"] else 0)
    most = sum(u["transparency_max"] for u in units) + len(units)
    row["transparency_items"] = f"{got}/{most}" if most else ""
    row["transparency"] = _share(got, most)
    for c in _METADATA:
        row[c] = _join(u[c] for u in units)
