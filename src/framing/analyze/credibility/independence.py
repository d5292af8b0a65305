"""Independence and diversity of sources, verification, and relay of state media.

The rules (documented in docs/credibility.md):

* A source is a *government* source when it is an official, a government
  body or state media (of any country: the Chinese foreign ministry quoted by
  CGTN is as much the government's own voice as the Kremlin quoted by TASS).
  Every other named source, endnote work or link is *independent*.
* A document's own outlet credited with its own text ("UNN reports") is not
  a source: it is the outlet speaking -- unless the outlet is state media or
  a government body ("the CNS reported", "RT Published ..."), whose own
  voice is its government's.
* **verification** of a statement: 1 when it carries a link or endnote or
  names an independent source; :data:`GOVERNMENT_CREDIT` when its only
  sources are government ones (a claim passed on from an interested party,
  not checked); 0 when it names no source.
* **sides heard**: the distinct governments among a document's sources, plus
  one when any source is independent; scored ``(sides - 1) / (SIDES_FULL - 1)``.
* **one government**: the largest share of a document's cited items that
  comes from a single government (officials and state media of one country).
* **state relay**: the share of statements that relay a state-media outlet
  or government body other than the document's own outlet.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

from framing.analyze.credibility.records import CitedItem, EvidenceRows, SentenceFacts, SourceRef
from framing.detect.outlets import OutletList

#: Source types that speak for a government.
GOVERNMENT_TYPES = frozenset({"official", "government_body", "state_media"})

#: Verification credit of a statement whose only sources are government ones.
GOVERNMENT_CREDIT = 0.25

#: Sides heard at which the sides score is full: three (e.g. both governments
#: and an independent source).
SIDES_FULL = 3

#: Bucket for government sources whose country the text does not give.
UNPLACED_GOVERNMENT = "(government, country not given)"


def is_government(ref: SourceRef) -> bool:
    """Return True when ``ref`` speaks for a government (official, government body, state media)."""
    return ref.type in GOVERNMENT_TYPES


def own_names(outlet: str, outlets: OutletList) -> frozenset[str]:
    """Return the listed outlet names a catalog outlet string names ("RT (repost on ...)" -> {"RT"})."""
    if not outlet:
        return frozenset()
    names = {outlet}
    head = outlet.split("(")[0].strip()
    for cand in (outlet, head):
        o = outlets.lookup(cand)
        if o is not None:
            names.add(o.name)
    # The outlet the string starts with ("Ukrinform (via tracefeed.com)"), never one it merely
    # mentions ("Western magazine relaying the Kremlin's text").
    names.update(x.name for s, _e, x in outlets.find_all(head) if s == 0)
    return frozenset(names)


def verification(f: SentenceFacts, own: frozenset[str]) -> float:
    """Return the verification credit of one statement under the module rules."""
    if f.cited:
        return 1.0
    refs = [r for n, r in f.refs.items() if n not in own]
    if not refs:
        others = [n for n in f.sources if n not in own]
        return 1.0 if others else 0.0
    return 1.0 if any(not is_government(r) for r in refs) else GOVERNMENT_CREDIT


def relays_state(f: SentenceFacts, outlets: OutletList, own: frozenset[str]) -> str:
    """Return the state outlet (or government body) ``f`` relays, other than its own outlet; else ``""``."""
    for name in f.relays:
        if name in own:
            continue
        o = outlets.get(name)
        if o is not None and o.is_state:
            return name
        r = f.refs.get(name)
        if r is not None and r.type in ("state_media", "government_body"):
            return name
    return ""


def home_country(own: frozenset[str], outlets: OutletList) -> str:
    """Return the country of a part's own outlet (from outlets.csv), else ``""``."""
    for name in sorted(own):
        o = outlets.get(name)
        if o is not None and o.country:
            return o.country
    return ""


def source_mix(items: Iterable[CitedItem], own_of: dict[str, frozenset[str]],
               outlets: OutletList | None = None) -> dict[str, object]:
    """Return the source-mix columns for a group's cited items (own outlet excluded).

    ``independent_sources``, ``government_sources``, ``independence`` (share
    independent), ``top_government`` and ``top_government_share``,
    ``home_government_share`` (share from the government of the outlet's own
    country: TASS quoting the Kremlin, CGTN quoting Xi), ``sides`` and
    ``sides_heard`` (list of sides).
    """
    gov: Counter = Counter()
    indep = 0
    home = 0
    for it in items:
        own = own_of.get(it.outlet, frozenset())
        if it.source.name in own:
            # A state outlet crediting itself ("the CNS reported", "RT Published") is its state speaking.
            o = outlets.get(it.source.name) if outlets is not None else None
            if o is None or not o.is_state:
                continue
        if is_government(it.source):
            gov[it.source.country or UNPLACED_GOVERNMENT] += 1
            if outlets is not None and it.source.country and it.source.country == home_country(own, outlets):
                home += 1
        else:
            indep += 1
    n_gov = sum(gov.values())
    total = n_gov + indep
    # A government the text does not place is not a side a reader can name.
    sides = [c for c in gov if c != UNPLACED_GOVERNMENT] + (["independent"] if indep else [])
    top, top_n = gov.most_common(1)[0] if gov else ("", 0)
    return {
        "independent_sources": indep, "government_sources": n_gov,
        "independence": round(indep / total, 3) if total else math.nan,
        "top_government": top, "top_government_share": round(top_n / total, 3) if total else math.nan,
        "home_government_share": round(home / total, 3) if total else math.nan,
        "sides": len(sides), "sides_heard": "; ".join(sides),
    }


def sides_score(sides: float) -> float:
    """Return the sides-heard score in [0, 1]: 0 for one side or none, 1 at :data:`SIDES_FULL`."""
    if sides is None or (isinstance(sides, float) and math.isnan(sides)):
        return math.nan
    return max(0.0, min(1.0, (sides - 1) / (SIDES_FULL - 1)))


def add_independence_evidence(sentences: Iterable[SentenceFacts], items: Iterable[CitedItem],
                              outlets: OutletList, evidence: EvidenceRows) -> None:
    """Add the evidence rows of one document: each cited item as a government or independent source,
    each statement that relays state media, and each statement's verification credit below 1."""
    own_of: dict[str, frozenset[str]] = {}

    def own(outlet: str) -> frozenset[str]:
        if outlet not in own_of:
            own_of[outlet] = own_names(outlet, outlets)
        return own_of[outlet]

    for it in items:
        if it.source.name in own(it.outlet):
            continue
        gov = is_government(it.source)
        detail = (f"{it.via}; {it.source.type}, {it.source.country or 'country not given'}" if gov
                  else f"{it.via}; {it.source.type}")
        evidence.add("government_source" if gov else "independent_source", it, it.text, it.raw,
                     it.source.name, detail, it.start, it.end, it.sent_idx)
    for f in sentences:
        if not f.factual:
            continue
        o = own(f.outlet)
        state = relays_state(f, outlets, o)
        if state:
            evidence.add("state_relay", f, f.text, "", state, f"relays {state} ({f.relays[state]})",
                         f.start, f.end, f.sent_idx)
        v = verification(f, o)
        if v < 1:
            why = "only government sources" if v > 0 else "no source named, linked or cited"
            evidence.add("unverified", f, f.text, "", "; ".join(f.sources), f"verification {v:g}: {why}",
                         f.start, f.end, f.sent_idx)
