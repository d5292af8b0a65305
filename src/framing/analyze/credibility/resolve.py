"""Who a citation points to: attribution sources, endnote works and links resolved against the outlet lists.

Also the rule that makes an endnote reference *primary* (:data:`PRIMARY_RULE`).
"""

from __future__ import annotations

import re

from framing.analyze.credibility.records import SourceRef
from framing.core.types import Reference
from framing.detect.governments import GovernmentCues
from framing.detect.outlets import Official, OfficialList, Outlet, OutletList, url_host

#: The rule for a *primary* endnote reference, in the order checked.  A
#: reference is primary when it is the original record of an official act or
#: statement rather than a report about one:
#:
#: 1. ``government_body``: its outlet (from the note, or its URL's host)
#:    is a government body in outlets.csv (the Kremlin, a ministry, a mission
#:    to the UN);
#: 2. ``government_domain``: its URL host is a government or military domain
#:    (``.gov``, ``.gov.xx``, ``.mil``, ``.gouv.xx``, ``.gob.xx``, ``.go.xx``);
#: 3. ``official_organ``: its outlet is marked ``official_record`` in ``outlets.csv``, the
#:    organs that publish a state's official texts verbatim (the DPRK treaty
#:    text in KCNA, Putin's article in Rodong Sinmun);
#: 4. ``document_title``: its title names an official document genre
#:    ("Statement by ...", "Press Release on ...", "... Treaty on ...").
PRIMARY_RULE = ("government_body", "government_domain", "official_organ", "document_title")

#: Outlets whose publications are the official record of their state (rule 3 of
#: :data:`PRIMARY_RULE`) are marked ``official_record = true`` in ``lexicons/outlets.csv``
#: (KCNA, Rodong Sinmun).  Other state media (TASS, RT) report on official acts and are secondary.


def is_official_record(outlet: Outlet) -> bool:
    """Return True when ``outlets.csv`` marks the outlet as publishing its state's official texts verbatim."""
    return outlet.extra.get("official_record", "").strip().lower() == "true"

_GOV_HOST_RE = re.compile(r"(?:^|\.)(?:gov|mil)(?:\.[a-z]{2})?$|\.(?:gouv|gob|go)\.[a-z]{2}$")
_PRIMARY_TITLE_RE = re.compile(
    r"^(?:[\w'\u2019-]+\s+){0,3}(?:treaty|agreement|convention|charter|resolution|communiqu[eé]|"
    r"declaration|protocol|memorandum)\s+(?:on|of|between|no\.?|\d)\b"
    r"|^(?:joint\s+)?(?:statement|press\s+release|transcript|readout|remarks|address|speech|article|"
    r"decree|law|order|message|communiqu[eé])\s+(?:by|of|on|from|at)\b", re.I)
_NAME_IN_TAIL_RE = re.compile(r"\b[A-Z][a-z]")


def ref_for_outlet(o: Outlet) -> SourceRef:
    """Return the :class:`SourceRef` of a listed outlet (state when state media of a party to the conflict)."""
    return SourceRef(o.name, o.type, o.country, o.party_to_conflict, o.is_state and o.party_to_conflict)


def ref_for_official(o: Official) -> SourceRef:
    """Return the :class:`SourceRef` of a listed official (state when of a party to the conflict)."""
    return SourceRef(o.name, "official", o.country, o.party_to_conflict, o.party_to_conflict)


def resolve_source(source: str, resolved: str, outlets: OutletList, officials: OfficialList,
                   cues: GovernmentCues | None = None) -> SourceRef:
    """Return the :class:`SourceRef` for an attribution's source text and voice's resolved label.

    The *head* of the source phrase decides, and in English it comes last:
    "Putin's website" is the Kremlin (the outlet alias ends last), "Kremlin
    spokesman Dmitry Peskov" is Peskov (the official ends last).  A person
    the lists do not know who is titled by a government body ("Defence
    Ministry spokesman Igor K.") is an ``official`` of that body's country; by
    any other outlet ("TASS correspondent X"), that outlet.  Otherwise voice's
    resolved label is tried ("the minister" -> Choe Son-hui), else the label
    itself is a ``named`` source -- unless ``cues`` read the phrase as a
    government's: a government's name ("Beijing", "the Russian side") is a
    ``government_body``; a titled person ("Deputy Prime Minister Iryna
    Vereshchuk") an ``official`` of the country named (which may be empty).
    """
    o_hits = outlets.find_all(source)
    f_hits = officials.find_all(source)
    o_last = max(o_hits, key=lambda h: h[1]) if o_hits else None
    f_last = max(f_hits, key=lambda h: h[1]) if f_hits else None
    if f_last is not None and (o_last is None or f_last[1] > o_last[1]):
        return ref_for_official(f_last[2])
    if o_last is not None:
        o = o_last[2]
        tail = source[o_last[1]:]
        if _NAME_IN_TAIL_RE.search(tail) and resolved and not outlets.find_all(resolved):
            f = officials.resolve(resolved)
            if f is not None:
                return ref_for_official(f)
            if o.type == "government_body":
                return SourceRef(resolved, "official", o.country, o.party_to_conflict,
                                 o.party_to_conflict)
        return ref_for_outlet(o)
    if resolved:
        found = outlets.resolve(resolved)
        if found is not None:
            return ref_for_outlet(found)
        f = officials.resolve(resolved)
        if f is not None:
            return ref_for_official(f)
    label = (resolved or source).strip()
    if cues is not None:
        for phrase in dict.fromkeys((source, label)):
            named = cues.named_government(phrase)
            if named is not None:
                # "Beijing says": the government itself, relayed like a ministry's statement.
                return SourceRef(label, "government_body", named.country, named.party_to_conflict,
                                 named.party_to_conflict)
        for phrase in dict.fromkeys((source, label)):
            is_gov, gov = cues.government_of(phrase)
            if is_gov:
                party = gov.party_to_conflict if gov else None
                return SourceRef(label, "official", gov.country if gov else "", party, bool(party))
    return SourceRef(label, "named")


def ref_for_reference(ref: Reference, outlets: OutletList) -> tuple[SourceRef, Outlet | None]:
    """Return an endnote work's source (its outlet, else its URL's host) and the listed outlet, if any."""
    o = outlets.resolve(ref.outlet) if ref.outlet else None
    if o is None and ref.url:
        o = outlets.resolve_url(ref.url)
    if o is not None:
        return ref_for_outlet(o), o
    raw = ref.outlet.strip() or url_host(ref.url) or "(no outlet)"
    return SourceRef(raw, "unknown"), None


def is_primary(ref: Reference, outlet: Outlet | None) -> tuple[bool, str]:
    """Return ``(primary, rule)`` for an endnote reference under :data:`PRIMARY_RULE`.

    ``rule`` names the first rule that made it primary, or ``""``.
    """
    if outlet is not None and outlet.type == "government_body":
        return True, "government_body"
    host = url_host(ref.url) if ref.url else ""
    if host and _GOV_HOST_RE.search(host):
        return True, "government_domain"
    if outlet is not None and is_official_record(outlet):
        return True, "official_organ"
    if ref.title and _PRIMARY_TITLE_RE.search(ref.title.strip(" \"'\u201c\u201d")):
        return True, "document_title"
    return False, ""
