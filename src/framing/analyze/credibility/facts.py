"""Credibility facts: one pass over each detected document, gathering what every sentence shows about its sourcing.

:func:`credibility_facts` is the one entry point; the frame, evidence,
endnote and provenance functions all read its result, which is cached per
:class:`~framing.orchestrator.CorpusAnalysis` (by identity, without writing
to it) and per outlet/official list.  Each ``_add_*`` step reads one kind of
signal (attribution frames, quotes, publication frames, vague attribution,
endnotes, links, lexicon matches) and records sources on the sentences, cited
items and evidence rows, in a fixed order: later steps look at what earlier
ones found (a vague-attribution adverb only counts where no frame did).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

import pandas as pd

from framing.analyze.credibility.independence import add_independence_evidence
from framing.analyze.credibility.records import (ENDNOTE_COLUMNS, EVIDENCE_COLUMNS, CitedItem, CredibilityFacts,
                                                 EvidenceRows, SentenceFacts, SourceRef)
from framing.analyze.credibility.resolve import is_primary, ref_for_outlet, ref_for_reference, resolve_source
from framing.analyze.credibility.rules import (PUBLICATION_VERBS, STATEMENT_KINDS, URL_RE, VAGUE_ADVERBS,
                                               VAGUE_CATEGORIES)
from framing.analyze.credibility.sentences import SentenceIndex, claim_reasons, is_factual
from framing.analyze.credibility.transparency import add_transparency
from framing.core.types import PROSE_KINDS, Attribution, Match
from framing.detect.document import DetectedDocument
from framing.detect.governments import GovernmentCues, load_government_cues
from framing.detect.outlets import OfficialList, OutletList, load_officials, load_outlets, url_host

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

_VAGUE_ADVERB_RE = re.compile(r"\b(?:" + "|".join(VAGUE_ADVERBS) + r")\b", re.I)
_PUBLICATION_RE = re.compile(
    r"\s*(?:\([^()]{1,24}\))?\s*,?\s*(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?P<verb>"
    + "|".join(PUBLICATION_VERBS) + r")\b", re.I)
_PUBLICATION_VERB_RE = re.compile(r"\b(?:" + "|".join(PUBLICATION_VERBS) + r")\b", re.I)

#: Source types that are people rather than outlets: their words reach the
#: text through an outlet (a *channel*) when an outlet's frame carries them.
_PERSON_TYPES = ("official", "named")

# Facts per analysis, keyed by the outlet and official lists.  Weak keys: the
# cache lives as long as the analysis does and never writes to it (a
# CorpusAnalysis is frozen and hashes by identity).
_CACHE: weakref.WeakKeyDictionary[CorpusAnalysis, dict[tuple, CredibilityFacts]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


# --------------------------------------------------------------------------
# Entry point and cache
# --------------------------------------------------------------------------


def _lists_for(analysis: CorpusAnalysis, outlets: OutletList | None, officials: OfficialList | None
               ) -> tuple[OutletList, OfficialList]:
    directory = getattr(analysis.lexicon, "directory", None)
    return (outlets or load_outlets(directory), officials or load_officials(directory))


def credibility_facts(analysis: CorpusAnalysis, outlets: OutletList | None = None,
                      officials: OfficialList | None = None) -> CredibilityFacts:
    """Return the :class:`CredibilityFacts` of a :class:`~framing.orchestrator.CorpusAnalysis`.

    ``outlets`` / ``officials`` default to the lists in the analysis's lexicon
    folder (or the bundled ones).  The result is cached per analysis object,
    keyed by the two list files, so the frame, evidence and provenance
    functions share one pass; the analysis itself is not modified.
    """
    if not hasattr(analysis, "documents"):
        raise TypeError(f"credibility takes a framing.orchestrator.CorpusAnalysis, not {type(analysis).__name__} "
                        "(for a framing.api.Analysis pass its .data)")
    outlets, officials = _lists_for(analysis, outlets, officials)
    key = (outlets.path, officials.path, id(outlets), id(officials))
    with _CACHE_LOCK:
        cached = _CACHE.get(analysis, {}).get(key)
    if cached is not None:
        return cached
    facts = _build_facts(analysis, outlets, officials)
    with _CACHE_LOCK:
        # One entry per analysis: lists are rarely swapped within a session.
        _CACHE[analysis] = {key: facts}
    return facts


# --------------------------------------------------------------------------
# The pass
# --------------------------------------------------------------------------


@dataclass
class _Found:
    """What the pass has gathered so far, across documents."""

    sentences: list[SentenceFacts] = field(default_factory=list)
    items: list[CitedItem] = field(default_factory=list)
    evidence: EvidenceRows = field(default_factory=EvidenceRows)
    endnotes: list[dict] = field(default_factory=list)
    units: dict[tuple[str, str], dict] = field(default_factory=dict)
    signals: list[dict] = field(default_factory=list)
    doc_meta: dict[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass
class _Doc:
    """One document during the pass: its detection, sentence index and per-sentence facts."""

    detected: DetectedDocument
    index: SentenceIndex
    facts: list[SentenceFacts]
    outlets: OutletList
    officials: OfficialList
    cues: GovernmentCues | None = None

    def fact_at(self, sent_idx: int) -> SentenceFacts | None:
        """Return the facts of sentence ``sent_idx``, or None when it is out of range."""
        return self.facts[sent_idx] if 0 <= sent_idx < len(self.facts) else None


def _build_facts(analysis: CorpusAnalysis, outlets: OutletList, officials: OfficialList) -> CredibilityFacts:
    from framing.analyze.scoring import segment_signals
    found = _Found()
    cues = load_government_cues(getattr(analysis.lexicon, "directory", None))
    cats = list(getattr(analysis.lexicon, "categories", {}) or [])
    for detected in analysis.documents:
        parsed = detected.parsed
        first_item = len(found.items)
        found.doc_meta[parsed.doc.doc_id] = dict(parsed.doc.meta)
        found.signals.extend(segment_signals(detected, cats))
        d = _Doc(detected, SentenceIndex(parsed), _sentence_facts(detected), outlets, officials, cues)
        refs, channel = _channels(d)
        _add_attributions(d, refs, channel, found)
        _add_quotes(d, channel)
        _add_publications(d, found)
        _add_vague(d, found)
        _add_endnotes(d, found)
        _add_links(d, found)
        _add_sentence_evidence(d, found)
        _add_lexicon_evidence(d, found)
        # This document's items only: the list spans the corpus.
        _add_state_evidence(found.items[first_item:], found)
        add_independence_evidence(d.facts, found.items[first_item:], outlets, found.evidence)
        add_transparency(parsed, outlets, found.units, found.evidence)
        found.sentences.extend(d.facts)
    endnotes = pd.DataFrame(found.endnotes, columns=ENDNOTE_COLUMNS)
    evidence = pd.DataFrame(found.evidence, columns=EVIDENCE_COLUMNS)
    problems = tuple(outlets.problems) + tuple(officials.problems)
    return CredibilityFacts(tuple(found.sentences), tuple(found.items), endnotes, evidence, found.units,
                            tuple(found.signals), found.doc_meta, outlets, officials, problems)


def _sentence_facts(detected: DetectedDocument) -> list[SentenceFacts]:
    """Return empty facts for every sentence of a document, with its place and whether it is a statement."""
    parsed = detected.parsed
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    facts = []
    for i, sent in enumerate(parsed.sentences):
        seg = seg_by_id[sent.seg_id]
        f = SentenceFacts(parsed.doc.doc_id, seg.seg_id, i, seg.stance, seg.outlet, seg.kind, sent.text,
                          sent.start, sent.end, len(sent.tokens))
        f.factual = is_factual(sent, seg.kind)
        facts.append(f)
    return facts


# --------------------------------------------------------------------------
# Attribution: frames, channels, quotes, publication frames, vague sources
# --------------------------------------------------------------------------


def _channels(d: _Doc) -> tuple[dict[int, SourceRef], dict[str, str]]:
    """Return the resolved source of each named attribution (by index) and each person's channel outlet.

    A person whose words sit inside an outlet's relay frame is quoted
    *through* that outlet ("she stated, as quoted by TASS").
    """
    attrs = d.detected.voice.attributions
    refs = {k: resolve_source(a.source, a.resolved, d.outlets, d.officials, d.cues)
            for k, a in enumerate(attrs) if a.named}
    votes: dict[str, Counter] = defaultdict(Counter)
    for k, a in enumerate(attrs):
        r = refs.get(k)
        if r is None or r.type in _PERSON_TYPES:
            continue
        for j, b in enumerate(attrs):
            rb = refs.get(j)
            if j == k or rb is None or rb.type not in _PERSON_TYPES:
                continue
            if b.sent_idx == a.sent_idx or a.reported_start <= b.start < a.reported_end:
                votes[rb.name][r.name] += 1
        for q in d.detected.voice.quotes:
            if q.kind == "direct" and q.speaker and a.reported_start <= q.start < a.reported_end:
                sr = resolve_source(q.speaker, q.speaker, d.outlets, d.officials, d.cues)
                if sr.type in _PERSON_TYPES:
                    votes[sr.name][r.name] += 1
    # Most votes wins; Counter keeps first-seen order among ties.
    return refs, {p: c.most_common(1)[0][0] for p, c in votes.items()}


def _credit(d: _Doc, a: Attribution, r: SourceRef, detail: str, channel: Mapping[str, str]) -> None:
    """Credit ``r`` (and the outlet that relays it) on the frame's sentence and the sentences it reports."""
    targets = {a.sent_idx, *d.index.covered(a.seg_id, a.reported_start, a.reported_end)}
    for i in sorted(targets):
        f = d.facts[i]
        f.sources.setdefault(r.name, detail)
        f.refs.setdefault(r.name, r)
        relay = r.name if r.type not in _PERSON_TYPES else channel.get(r.name)
        if relay:
            how = f"'{detail}'" if relay == r.name else f"{r.name}'s words, credited to {relay}"
            f.relays.setdefault(relay, how)


def _add_attributions(d: _Doc, refs: Mapping[int, SourceRef], channel: Mapping[str, str], found: _Found) -> None:
    """Record each attribution frame: a named source (with its relay outlet) or a vague one."""
    text = d.detected.parsed.text
    seen: set[tuple[int, str]] = set()
    for k, a in enumerate(d.detected.voice.attributions):
        f = d.fact_at(a.sent_idx)
        if f is None:
            continue
        if not a.named:
            f.vague.append(f"{a.verb}: {a.source or '(impersonal)'}")
            found.evidence.add("vague_attribution", f, f.text, text[a.start:a.end], a.source,
                               f"frame '{a.verb}' names no source", a.start, a.end, a.sent_idx)
            continue
        r = refs[k]
        detail = f"{a.verb} {a.source}".strip()
        _credit(d, a, r, detail, channel)
        if (a.sent_idx, r.name) not in seen:
            seen.add((a.sent_idx, r.name))
            found.items.append(CitedItem(f.doc_id, f.seg_id, f.stance, f.outlet, a.sent_idx, "attribution",
                                         a.source, r, f.text, detail, a.start, a.end))


def _add_quotes(d: _Doc, channel: Mapping[str, str]) -> None:
    """Extend attribution to the sentences a direct quote with a speaker fills."""
    for q in d.detected.voice.quotes:
        if q.kind != "direct" or not q.speaker:
            continue
        r = resolve_source(q.speaker, q.speaker, d.outlets, d.officials, d.cues)
        for i in d.index.covered(q.seg_id, q.inner_start, q.inner_end):
            d.facts[i].sources.setdefault(r.name, f"quote of {q.speaker}")
            d.facts[i].refs.setdefault(r.name, r)
            relay = channel.get(r.name) if r.type in _PERSON_TYPES else r.name
            if relay:
                d.facts[i].relays.setdefault(relay, f"{r.name}'s words, credited to {relay}")


def _add_publications(d: _Doc, found: _Found) -> None:
    """Record publication frames ("Rodong Sinmun, published ...", "KCNA released ...") as attributions."""
    for f in d.facts:
        # A cheap verb test first: most sentences have no publication verb.
        if f.kind not in PROSE_KINDS or not _PUBLICATION_VERB_RE.search(f.text):
            continue
        for s, e, o in d.outlets.find_all(f.text):
            m = _PUBLICATION_RE.match(f.text, e)
            if not m or o.name in f.sources:
                continue
            detail = f"{o.name} {m.group('verb')} (publication frame)"
            f.sources[o.name] = detail
            f.refs.setdefault(o.name, ref_for_outlet(o))
            f.relays.setdefault(o.name, detail)
            found.items.append(CitedItem(f.doc_id, f.seg_id, f.stance, f.outlet, f.sent_idx, "attribution",
                                         f.text[s:e], ref_for_outlet(o), f.text, detail, f.start + s, f.start + e))


def _add_vague(d: _Doc, found: _Found) -> None:
    """Record vague attribution from the lexicon and from adverbs, where voice found no vague frame."""
    for m in d.detected.matches:
        if m.category in VAGUE_CATEGORIES and 0 <= m.sent_idx < len(d.facts):
            f = d.facts[m.sent_idx]
            if not f.vague:
                f.vague.append(f"lexicon: {m.text}")
                found.evidence.add("vague_attribution", f, f.text, m.text, "", f"lexicon entry {m.entry_id}",
                                   m.start, m.end, m.sent_idx)
    for f in d.facts:
        if f.kind in STATEMENT_KINDS and not f.vague:
            am = _VAGUE_ADVERB_RE.search(f.text)
            if am:
                f.vague.append(f"adverb: {am.group(0)}")
                found.evidence.add("vague_attribution", f, f.text, am.group(0), "",
                                   "adverb passes the claim on unnamed", f.start + am.start(), f.start + am.end(),
                                   f.sent_idx)


# --------------------------------------------------------------------------
# Citations: endnote markers and works, links
# --------------------------------------------------------------------------


def _reference_regions(d: _Doc) -> list[tuple[int, int]]:
    """Return the spans of the document's parsed endnotes sections."""
    return [(r.start, r.end) for r in d.detected.parsed.repaired.regions if r.kind == "references"]


def _add_endnotes(d: _Doc, found: _Found) -> None:
    """Record endnote markers on their sentences, and each endnote work as a cited item and endnote row."""
    parsed = d.detected.parsed
    for c in parsed.repaired.citations:
        i = d.index.at(c.position)
        if i >= 0:
            d.facts[i].notes.append(c.number)
            found.evidence.add("endnote_citation", d.facts[i], d.facts[i].text, f"[{c.number}]", "",
                               f"endnote {c.number}", c.position, c.position, i)
    if not parsed.repaired.references:
        return
    ref_regions = _reference_regions(d)
    # The works belong to the endnotes segment, else to the document's last part.
    seg = next((s for s in parsed.segments if s.kind == "references"
                and any(rs <= s.start < re_ for rs, re_ in ref_regions)), None) or parsed.segments[-1]
    for ref in parsed.repaired.references:
        sref, outlet = ref_for_reference(ref, d.outlets)
        primary, rule = is_primary(ref, outlet)
        found.endnotes.append({
            "doc_id": parsed.doc.doc_id, "stance": seg.stance, "citing_outlet": seg.outlet,
            "number": ref.number, "authors": ref.authors, "title": ref.title, "outlet_raw": ref.outlet,
            "outlet": sref.name, "type": sref.type, "country": sref.country,
            "party_to_conflict": sref.party_to_conflict, "state": sref.state, "primary": primary,
            "primary_rule": rule, "date": ref.date, "url": ref.url, "host": url_host(ref.url) if ref.url else "",
            "raw": ref.raw})
        marked = f"; primary ({rule})" if primary else ""
        found.items.append(CitedItem(parsed.doc.doc_id, seg.seg_id, seg.stance, seg.outlet, -1, "endnote",
                                     ref.outlet or ref.url, sref, ref.raw, f"endnote {ref.number}" + marked))
        found.evidence.add("endnote", seg, ref.raw, ref.outlet, sref.name,
                           f"endnote {ref.number}; type {sref.type}" + marked)


def _add_links(d: _Doc, found: _Found) -> None:
    """Record URLs as links, outside parsed endnotes and page furniture.

    "www.isdp.eu" under an "About" heading is not a source.
    """
    parsed = d.detected.parsed
    sents = parsed.sentences
    skip = _reference_regions(d) + [(s.start, s.end) for s in parsed.segments if s.kind == "boilerplate"]
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    for m in URL_RE.finditer(parsed.text):
        if any(rs <= m.start() < re_ for rs, re_ in skip):
            continue
        url = m.group(0).rstrip(".,;:")
        i = d.index.at(m.start())
        seg = seg_by_id[sents[i].seg_id] if i >= 0 else next(
            (s for s in parsed.segments if s.start <= m.start() < s.end), parsed.segments[0])
        o = d.outlets.resolve_url(url)
        sref = ref_for_outlet(o) if o else SourceRef(url_host(url) or url, "unknown")
        f = d.facts[i] if i >= 0 else None
        if f is not None:
            f.links.append(url)
        said = f.text if f else url
        end = m.start() + len(url)
        found.items.append(CitedItem(parsed.doc.doc_id, seg.seg_id, seg.stance, seg.outlet, i, "link", url, sref,
                                     said, f"link to {url_host(url)}", m.start(), end))
        found.evidence.add("link", seg, said, url, sref.name, f"type {sref.type}", m.start(), end, i)


# --------------------------------------------------------------------------
# Evidence per sentence, per lexicon match and per state source
# --------------------------------------------------------------------------


def _matches_by_sentence(matches: Sequence[Match]) -> dict[int, list[Match]]:
    by_sent: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        by_sent[m.sent_idx].append(m)
    return by_sent


def _add_sentence_evidence(d: _Doc, found: _Found) -> None:
    """Record attribution and relay evidence per statement, and its claim reasons when it has no source."""
    by_sent = _matches_by_sentence(d.detected.matches)
    for f in d.facts:
        if not f.factual:
            continue
        for name, detail in f.sources.items():
            found.evidence.add("attributed", f, f.text, "", name, detail, f.start, f.end, f.sent_idx)
        for name, detail in f.relays.items():
            found.evidence.add("relay", f, f.text, "", name, detail, f.start, f.end, f.sent_idx)
        if not f.sourced and not f.vague:
            f.claim_reasons = claim_reasons(f.text, by_sent.get(f.sent_idx, []))
            if f.claim_reasons:
                found.evidence.add("unattributed_claim", f, f.text, "", "", "; ".join(f.claim_reasons),
                                   f.start, f.end, f.sent_idx)


def _add_lexicon_evidence(d: _Doc, found: _Found) -> None:
    """Record hedges, boosters and loaded language (own voice apart from quoted speech)."""
    for m in d.detected.matches:
        f = d.fact_at(m.sent_idx)
        if f is None:
            continue
        if m.category in ("hedge", "booster") and m.voice != "quoted":
            if m.category == "hedge":
                f.hedges_own += 1
            else:
                f.boosters_own += 1
        if m.category in ("hedge", "booster"):
            found.evidence.add(m.category, f, f.text, m.text, m.speaker, f"lexicon entry {m.entry_id}",
                               m.start, m.end, m.sent_idx)
        if m.loaded:
            if m.voice != "quoted" and not m.scare_quote:
                f.loaded_plain += m.weight
            ind = "loaded_quoted" if m.voice == "quoted" else "loaded_own"
            found.evidence.add(ind, f, f.text, m.text, m.speaker,
                               f"{m.category} weight {m.weight:g}" + (" (scare quote)" if m.scare_quote else ""),
                               m.start, m.end, m.sent_idx)


def _add_state_evidence(items: Sequence[CitedItem], found: _Found) -> None:
    """Record every cited item whose source is a state voice of a party to the conflict."""
    for it in items:
        if it.source.state:
            found.evidence.add("state_source", it, it.text, it.raw, it.source.name,
                               f"{it.via}; {it.source.type}, {it.source.country}", it.start, it.end, it.sent_idx)
