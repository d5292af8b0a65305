"""Transparent credibility indicators: what the text shows about its sourcing, with the evidence.

Outlet ratings (NewsGuard, Media Bias/Fact Check, Ad Fontes) are opaque and
contested.  This stage does not rate outlets; it counts what a reader can
check in the text itself, following the *content indicators* of Zhang et al.
(2018) and the W3C Credible Web "Is Original" signal, and every number comes
with the sentences or spans behind it (:func:`credibility_evidence`).
Definitions, thresholds and limits are in ``docs/credibility.md``.

Indicator families (column prefixes in :func:`credibility_frame`):

* **Sourcing** -- share of factual sentences attributed to a named source
  (``attributed_share``) or carrying an endnote marker or link
  (``sourced_share``); vague attributions; distinct sources and source types;
  links; endnotes with the outlets they cite and their primary-document share
  (:data:`PRIMARY_RULE`).
* **Relay** -- the share of factual sentences that relay one outlet
  (``relay_share``); a document at or above :data:`RELAY_SHARE_THRESHOLD`
  with at least :data:`RELAY_MIN_SENTENCES` such sentences is flagged as a
  rewrite of that outlet (``rewrite_of``).
* **State reliance** -- share of cited items (attributions, endnote works,
  links) whose source is a state outlet, a government body or an official of
  a party to the conflict (``outlets.csv`` / ``sources/officials.csv``).
* **Calibration** -- hedge and booster rates (from :mod:`framing.analyze.scoring`) and
  claims stated as fact without any attribution (``unattributed_claims``).
* **Loaded language** -- ``loaded_own`` (outlet's voice) apart from
  ``loaded_quoted`` (quoted speech), from :mod:`framing.analyze.scoring`.
* **Transparency** -- byline/authors, date, dateline, corrections notice,
  ownership, from the text and the catalog.
* **Metadata** -- catalog ownership and, where a researcher adds them,
  external ratings (``rating``, ``rating_source``, ``rating_date``): shown as
  cited metadata, never as ground truth and never used in any score.

:func:`composite` combines indicator scores with visible weights
(:data:`DEFAULT_WEIGHTS`); the components stay in the output.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from framing.core.errors import FramingError, Problem
from framing.detect.outlets import Official, OfficialList, Outlet, OutletList, load_officials, load_outlets, url_host
from framing.core.types import PROSE_KINDS, Reference

__all__ = [
    "credibility_frame", "credibility_evidence", "endnote_sources", "composite", "parse_weights",
    "credibility_facts", "resolve_source", "CredibilityFacts", "SourceRef", "CitedItem", "DEFAULT_WEIGHTS",
    "COMPONENTS", "weights_text",
    "RELAY_SHARE_THRESHOLD", "RELAY_MIN_SENTENCES", "PRIMARY_RULE", "is_primary", "GROUPS",
]

# --------------------------------------------------------------------------
# Named constants (each documented in docs/credibility.md)
# --------------------------------------------------------------------------

#: A document is flagged as a rewrite of outlet O when at least this share of
#: its factual sentences relay O.  Measured on the seeds: the two rewrites relay
#: their main source in 0.45 (003, TASS) and 0.56 (001, the Kremlin) of their
#: sentences, the CNS relay in 000 in 0.50, while the think-tank brief (002)
#: credits any one outlet in under 0.05 and the RT article relays no outlet.
#: A third sits well inside that gap and reads as "a large part of this text
#: is someone else's copy", the W3C "Is Original" question.
RELAY_SHARE_THRESHOLD = 0.3

#: ... and at least this many sentences relay it: one credited sentence in a
#: two-line item is too little evidence of rewriting.
RELAY_MIN_SENTENCES = 2

#: A sentence counts as covered by an attribution's reported content (or a
#: direct quote) when at least this share of its tokens lie inside it.
COVER_MIN = 0.5

#: Sentences shorter than this many tokens are not read as factual statements
#: (fragments such as "Yes." or "Not again." carry no claim worth sourcing).
MIN_FACTUAL_TOKENS = 3

#: A line in a body without sentence-final punctuation and at most this many
#: tokens is a heading ("The Significance of Putin's Visit"), not a statement.
HEADING_MAX_TOKENS = 10

#: Loaded-language score: ``1 / (1 + loaded_own / LOADED_HALF)``, so a text
#: whose own voice carries LOADED_HALF loaded-weight per 1,000 tokens scores
#: 0.5.  10 sits between the seeds' own-voice loadedness of the brief (002) and
#: of the CNS report (000), so the scale separates them without saturating.
LOADED_HALF = 10.0

#: Lexicon categories that are about attribution itself, so they do not make
#: a sentence "claim-like" (a sentence is not a claim because it says "said").
ATTRIBUTION_CATEGORIES = frozenset({"attribution", "unsupported_attribution"})

#: Categories counted as vague attribution when no voice frame already covers
#: the same sentence ("experts say", "it is widely believed").
VAGUE_CATEGORIES = frozenset({"unsupported_attribution"})

#: Adverbs that pass a claim on without naming who made it ("Reportedly,
#: the DPRK delivered infantry rockets", 002): a vague attribution when no
#: voice frame in the sentence already is one.
VAGUE_ADVERBS = ("reportedly", "purportedly")

#: Verbs that make "<outlet> published/released ..." a publication frame: the
#: outlet is credited as the publisher of what the sentence reports
#: ("Rodong Sinmun, published thoughts from Putin", 001; "KCNA released the
#: full text", 002).  voice.py does not read these as reporting verbs.
PUBLICATION_VERBS = ("published", "publishes", "carried", "carries", "released", "releases",
                     "ran", "posted", "posts", "printed", "aired", "broadcast")

#: The rule for a *primary* endnote reference, in the order checked.  A
#: reference is primary when it is the original record of an official act or
#: statement rather than a report about one:
#:
#: 1. ``government_body``: its outlet (from the note, or its URL's host)
#:    is a government body in outlets.csv (the Kremlin, a ministry, a mission
#:    to the UN);
#: 2. ``government_domain``: its URL host is a government or military domain
#:    (``.gov``, ``.gov.xx``, ``.mil``, ``.gouv.xx``, ``.gob.xx``, ``.go.xx``);
#: 3. ``official_organ``: its outlet is one of :data:`OFFICIAL_ORGANS`, the
#:    organs that publish a state's official texts verbatim (the DPRK treaty
#:    text in KCNA, Putin's article in Rodong Sinmun);
#: 4. ``document_title``: its title names an official document genre
#:    ("Statement by ...", "Press Release on ...", "... Treaty on ...").
PRIMARY_RULE = ("government_body", "government_domain", "official_organ", "document_title")

#: Outlets whose publications are the official record of their state
#: (rule 3 of :data:`PRIMARY_RULE`).  Other state media (TASS, RT) report on
#: official acts and are secondary.
OFFICIAL_ORGANS = frozenset({"KCNA", "Rodong Sinmun"})

_GOV_HOST_RE = re.compile(r"(?:^|\.)(?:gov|mil)(?:\.[a-z]{2})?$|\.(?:gouv|gob|go)\.[a-z]{2}$")
_PRIMARY_TITLE_RE = re.compile(
    r"^(?:[\w'\u2019-]+\s+){0,3}(?:treaty|agreement|convention|charter|resolution|communiqu[eé]|"
    r"declaration|protocol|memorandum)\s+(?:on|of|between|no\.?|\d)\b"
    r"|^(?:joint\s+)?(?:statement|press\s+release|transcript|readout|remarks|address|speech|article|"
    r"decree|law|order|message|communiqu[eé])\s+(?:by|of|on|from|at)\b", re.I)

#: Composite components: the indicator column each reads and its direction.
#: Every score is in [0, 1] and higher means more of what the literature
#: treats as careful practice; see docs/credibility.md for each definition.
COMPONENTS: Mapping[str, str] = {
    "sourcing": "sourced_share (share of factual sentences with a named source, endnote or link)",
    "specificity": "named / (named + vague) attributions",
    "relay": "1 - relay_share (originality: share not relayed from one outlet)",
    "state_reliance": "1 - state_reliance (share of cited items not from a party's state or officials)",
    "calibration": "1 - unattributed_claim_share (claims stated as fact with no source)",
    "loaded": "1 / (1 + loaded_own / LOADED_HALF) (loaded language in the outlet's own voice)",
    "transparency": "share of byline/authors, date and ownership present",
}

#: Default weights.  Sourcing counts double because it is the indicator most
#: directly observed in the text and the one every framework shares (Zhang et
#: al.'s source indicators, NewsGuard's "regularly... attributes"); the rest
#: count once.  These are a starting point, not a validated model: change them
#: with ``--weights`` or ``composite(df, weights)``.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "sourcing": 2.0, "specificity": 1.0, "relay": 1.0, "state_reliance": 1.0,
    "calibration": 1.0, "loaded": 1.0, "transparency": 1.0,
}

#: Segment kinds whose sentences are statements an outlet makes: prose
#: without headlines (a headline is read for attribution, but it summarises
#: the body rather than adding a claim to be sourced).
STATEMENT_KINDS = frozenset(PROSE_KINDS - {"title"})

#: Grouping levels of :func:`credibility_frame`.
GROUPS = ("document", "segment", "outlet", "stance")

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"\u201c\u201d'\u2019)\]]+", re.I)
_NUMBER_RE = re.compile(r"\d")
_NAME_IN_TAIL_RE = re.compile(r"\b[A-Z][a-z]")
_VAGUE_ADVERB_RE = re.compile(r"\b(?:" + "|".join(VAGUE_ADVERBS) + r")\b", re.I)
_QUESTION_RE = re.compile(r"\?[\s\"'\u201d\u2019)]*$")
_FINAL_RE = re.compile(r"[.!?\u2026][\s\"'\u201d\u2019)*]*$")
_CAP_RUN_RE = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*)*")
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,}\b")
_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}),\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)\s*"
    r"(?:\((?P<credit>[^()]{1,40})\)|[-\u2013\u2014])")
_CORRECTION_RE = re.compile(
    r"\b(?:correction|clarification)\s*:|an earlier version of this (?:article|story|report)|"
    r"this (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)", re.I)
_PUBLICATION_RE = re.compile(
    r"\s*(?:\([^()]{1,24}\))?\s*,?\s*(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?P<verb>"
    + "|".join(PUBLICATION_VERBS) + r")\b", re.I)
_PUBLICATION_VERB_RE = re.compile(r"\b(?:" + "|".join(PUBLICATION_VERBS) + r")\b", re.I)
_INFERRED_RE = re.compile(r"\b(?:date|month|year)\s+inferred\b|\binferred\b.*\bdate\b", re.I)


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRef:
    """A cited source resolved against outlets.csv and officials.csv.

    ``type`` is an outlet type, ``official``, ``named`` (a named source the
    lists do not know) or ``unknown`` (an endnote or link we cannot place).
    ``state`` is True for state media, government bodies and officials of a
    party to the conflict.
    """

    name: str
    type: str
    country: str = ""
    party_to_conflict: bool | None = None
    state: bool = False


@dataclass(frozen=True)
class CitedItem:
    """One act of citing: an attribution frame, an endnote work or a link, with its place."""

    doc_id: str
    seg_id: str
    stance: str
    outlet: str
    sent_idx: int
    via: str            # attribution | endnote | link
    raw: str            # the source as written (frame source, endnote outlet, URL)
    source: SourceRef
    text: str           # the sentence, or the reference text
    detail: str
    start: int = -1
    end: int = -1


@dataclass
class _Sent:
    """Per-sentence facts used by the aggregates (internal)."""

    doc_id: str
    seg_id: str
    sent_idx: int
    stance: str
    outlet: str
    kind: str
    text: str
    start: int
    end: int
    tokens: int
    factual: bool = False
    sources: dict = field(default_factory=dict)     # name -> detail (named attribution)
    vague: list = field(default_factory=list)       # details
    notes: list = field(default_factory=list)       # endnote numbers
    links: list = field(default_factory=list)       # URLs
    relays: dict = field(default_factory=dict)      # outlet name -> detail
    claim_reasons: list = field(default_factory=list)

    @property
    def attributed(self) -> bool:
        return bool(self.sources)

    @property
    def cited(self) -> bool:
        return bool(self.notes or self.links)

    @property
    def sourced(self) -> bool:
        return self.attributed or self.cited


@dataclass(frozen=True)
class CredibilityFacts:
    """Everything the credibility aggregates read, computed once per analysis.

    ``sentences`` (internal per-sentence facts), ``items`` (every cited item),
    ``endnotes`` (one row per endnote work), ``evidence`` (one row per piece of
    evidence), ``units`` (transparency and metadata per document part), and the
    outlet and official lists used.
    """

    sentences: tuple[_Sent, ...]
    items: tuple[CitedItem, ...]
    endnotes: pd.DataFrame
    evidence: pd.DataFrame
    units: Mapping[tuple[str, str], dict]
    signals: tuple[dict, ...]
    doc_meta: Mapping[str, Mapping[str, str]]
    outlets: OutletList
    officials: OfficialList
    problems: tuple[Problem, ...]


EVIDENCE_COLUMNS = ["indicator", "doc_id", "seg_id", "sent_idx", "stance", "outlet", "text", "span",
                    "source", "detail", "start", "end"]


# --------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------


def _ref_for_outlet(o: Outlet) -> SourceRef:
    return SourceRef(o.name, o.type, o.country, o.party_to_conflict, o.is_state and o.party_to_conflict)


def _ref_for_official(o: Official) -> SourceRef:
    return SourceRef(o.name, "official", o.country, o.party_to_conflict, o.party_to_conflict)


def resolve_source(source: str, resolved: str, outlets: OutletList, officials: OfficialList) -> SourceRef:
    """Return the :class:`SourceRef` for an attribution's source text and voice's resolved label.

    The *head* of the source phrase decides, and in English it comes last:
    "Putin's website" is the Kremlin (the outlet alias ends last), "Kremlin
    spokesman Dmitry Peskov" is Peskov (the official ends last).  A person
    the lists do not know who is titled by a government body ("Defence
    Ministry spokesman Igor K.") is an ``official`` of that body's country; by
    any other outlet ("TASS correspondent X"), that outlet.  Otherwise voice's
    resolved label is tried ("the minister" -> Choe Son-hui), else the label
    itself is a ``named`` source.
    """
    o_hits = outlets.find_all(source)
    f_hits = officials.find_all(source)
    o_last = max(o_hits, key=lambda h: h[1]) if o_hits else None
    f_last = max(f_hits, key=lambda h: h[1]) if f_hits else None
    if f_last is not None and (o_last is None or f_last[1] > o_last[1]):
        return _ref_for_official(f_last[2])
    if o_last is not None:
        o = o_last[2]
        tail = source[o_last[1]:]
        if _NAME_IN_TAIL_RE.search(tail) and resolved and not outlets.find_all(resolved):
            f = officials.resolve(resolved)
            if f is not None:
                return _ref_for_official(f)
            if o.type == "government_body":
                return SourceRef(resolved, "official", o.country, o.party_to_conflict,
                                 o.party_to_conflict)
        return _ref_for_outlet(o)
    if resolved:
        o = outlets.resolve(resolved)
        if o is not None:
            return _ref_for_outlet(o)
        f = officials.resolve(resolved)
        if f is not None:
            return _ref_for_official(f)
    label = (resolved or source).strip()
    return SourceRef(label, "named")


def _ref_for_reference(ref: Reference, outlets: OutletList) -> tuple[SourceRef, Outlet | None]:
    o = outlets.resolve(ref.outlet) if ref.outlet else None
    if o is None and ref.url:
        o = outlets.resolve_url(ref.url)
    if o is not None:
        return _ref_for_outlet(o), o
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
    if outlet is not None and outlet.name in OFFICIAL_ORGANS:
        return True, "official_organ"
    if ref.title and _PRIMARY_TITLE_RE.search(ref.title.strip(" \"'\u201c\u201d")):
        return True, "document_title"
    return False, ""


# --------------------------------------------------------------------------
# Facts: one pass over each analysed document
# --------------------------------------------------------------------------


def _lists_for(analysis, outlets: OutletList | None, officials: OfficialList | None
               ) -> tuple[OutletList, OfficialList]:
    directory = getattr(getattr(analysis, "lexicon", None), "directory", None)
    return (outlets or load_outlets(directory), officials or load_officials(directory))


def credibility_facts(analysis, outlets: OutletList | None = None,
                      officials: OfficialList | None = None) -> CredibilityFacts:
    """Return the :class:`CredibilityFacts` of an :class:`~framing.api.Analysis` (cached on it).

    ``outlets`` / ``officials`` default to the lists in the analysis's lexicon
    folder (or the bundled ones).  The result is cached on the analysis
    object, keyed by the two list files, so the frame, evidence and
    provenance functions share one pass.
    """
    outlets, officials = _lists_for(analysis, outlets, officials)
    key = (outlets.path, officials.path, id(outlets), id(officials))
    cache = analysis.__dict__.setdefault("_credibility_cache", {})
    if key in cache:
        return cache[key]
    facts = _build_facts(analysis, outlets, officials)
    cache.clear()  # keep one entry: lists are rarely swapped within a session
    cache[key] = facts
    return facts


def _sentence_index(parsed) -> tuple[list[int], list[int]]:
    order = sorted(range(len(parsed.sentences)), key=lambda i: parsed.sentences[i].start)
    return [parsed.sentences[i].start for i in order], order


def _sent_at(starts: list[int], order: list[int], sents, pos: int) -> int:
    """Return the index of the sentence holding ``pos`` (or ending just before it: a footnote
    marker follows the full stop), else -1."""
    from bisect import bisect_right
    k = bisect_right(starts, pos) - 1
    if k < 0:
        return -1
    i = order[k]
    return i if sents[i].start <= pos <= sents[i].end + 2 else -1


def _coverage(sent, lo: int, hi: int) -> float:
    """Return the share of ``sent``'s tokens starting inside ``[lo, hi)``."""
    if not sent.tokens:
        return 0.0
    inside = sum(1 for a, _b in sent.tokens if lo <= a < hi)
    return inside / len(sent.tokens)


def _is_factual(sent, kind: str) -> bool:
    """Return True for a prose statement: not a question, heading or fragment (rules in docs)."""
    if kind not in STATEMENT_KINDS:
        return False
    body = sent.text.strip()
    if len(sent.tokens) < MIN_FACTUAL_TOKENS or _QUESTION_RE.search(body) or _CORRECTION_RE.match(body):
        return False
    if kind != "comment" and not _FINAL_RE.search(body) and len(sent.tokens) <= HEADING_MAX_TOKENS:
        return False
    return True


def _claim_reasons(sent, matches: list) -> list[str]:
    """Return why a sentence looks like a checkable claim: lexicon matches, numbers, names."""
    reasons = []
    hits = sorted({m.text for m in matches if m.category not in ATTRIBUTION_CATEGORIES})
    if hits:
        reasons.append("lexicon: " + ", ".join(hits[:4]))
    text = _URL_RE.sub(" ", sent.text)
    if _NUMBER_RE.search(text):
        reasons.append("number")
    names = [m.group(0) for m in _CAP_RUN_RE.finditer(text)]
    # A capitalised first word is grammar, not a name: drop it from its run.
    first = re.match(r"\W*([\w'\u2019-]+)", text)
    if names and first and names[0].split()[0] == first.group(1) and not _ACRONYM_RE.fullmatch(first.group(1)):
        rest = names[0].split(None, 1)
        names = ([rest[1]] if len(rest) > 1 else []) + names[1:]
    names = [n for n in names if n != "I"]
    if names:
        reasons.append("names: " + ", ".join(dict.fromkeys(names[:4])))
    return reasons


def _seg_meta(doc, seg) -> dict[str, str]:
    """Return the catalog metadata for a segment: the document row overlaid by its part row."""
    meta = {k: v for k, v in doc.meta.items() if v}
    if seg is not None and "outlet" in seg.meta:
        meta.update({k: v for k, v in seg.meta.items() if v and k not in ("note", "part")})
    return meta


def _build_facts(analysis, outlets: OutletList, officials: OfficialList) -> CredibilityFacts:
    from framing.analyze.scoring import segment_signals
    sents_out: list[_Sent] = []
    items: list[CitedItem] = []
    ev: list[dict] = []
    end_rows: list[dict] = []
    units: dict[tuple[str, str], dict] = {}
    signals: list[dict] = []
    doc_meta: dict[str, Mapping[str, str]] = {}
    cats = list(getattr(analysis.lexicon, "categories", {}) or [])

    def evid(indicator: str, s_or_seg, text: str, span: str = "", source: str = "", detail: str = "",
             start: int = -1, end: int = -1, sent_idx: int = -1) -> None:
        ev.append({"indicator": indicator, "doc_id": s_or_seg.doc_id, "seg_id": s_or_seg.seg_id,
                   "sent_idx": sent_idx, "stance": s_or_seg.stance, "outlet": s_or_seg.outlet,
                   "text": text, "span": span, "source": source, "detail": detail,
                   "start": start, "end": end})

    for da in analysis.analyses:
        parsed = da.parsed
        doc = parsed.doc
        text = parsed.text
        first_item = len(items)
        doc_meta[doc.doc_id] = dict(doc.meta)
        signals.extend(segment_signals(da, cats))
        seg_by_id = {s.seg_id: s for s in parsed.segments}
        starts, order = _sentence_index(parsed)
        sents = parsed.sentences
        facts = []
        for i, sent in enumerate(sents):
            seg = seg_by_id[sent.seg_id]
            f = _Sent(doc.doc_id, seg.seg_id, i, seg.stance, seg.outlet, seg.kind, sent.text,
                      sent.start, sent.end, len(sent.tokens))
            f.factual = _is_factual(sent, seg.kind)
            facts.append(f)
        by_seg_sents: dict[str, list[int]] = defaultdict(list)
        for i, sent in enumerate(sents):
            by_seg_sents[sent.seg_id].append(i)

        def covered(seg_id: str, lo: int, hi: int) -> list[int]:
            return [i for i in by_seg_sents.get(seg_id, ())
                    if sents[i].end > lo and sents[i].start < hi and _coverage(sents[i], lo, hi) >= COVER_MIN]

        # --- attribution frames -> sources, channels, items
        attrs = list(da.voice.attributions)
        refs: dict[int, SourceRef] = {}
        for k, a in enumerate(attrs):
            if a.named:
                refs[k] = resolve_source(a.source, a.resolved, outlets, officials)
        # Channels: a person whose words sit inside an outlet's relay frame is
        # quoted *through* that outlet ("she stated, as quoted by TASS").
        channel_votes: dict[str, Counter] = defaultdict(Counter)
        for k, a in enumerate(attrs):
            r = refs.get(k)
            if r is None or r.type in ("official", "named"):
                continue
            for j, b in enumerate(attrs):
                rb = refs.get(j)
                if j == k or rb is None or rb.type not in ("official", "named"):
                    continue
                if b.sent_idx == a.sent_idx or a.reported_start <= b.start < a.reported_end:
                    channel_votes[rb.name][r.name] += 1
            for q in da.voice.quotes:
                if q.kind == "direct" and q.speaker and a.reported_start <= q.start < a.reported_end:
                    sr = resolve_source(q.speaker, q.speaker, outlets, officials)
                    if sr.type in ("official", "named"):
                        channel_votes[sr.name][r.name] += 1
        # Most votes wins; Counter keeps first-seen order among ties.
        channel = {p: c.most_common(1)[0][0] for p, c in channel_votes.items()}

        seen_items: set[tuple[int, str]] = set()
        for k, a in enumerate(attrs):
            f = facts[a.sent_idx] if 0 <= a.sent_idx < len(facts) else None
            if f is None:
                continue
            frame_text = text[a.start:a.end]
            if not a.named:
                f.vague.append(f"{a.verb}: {a.source or '(impersonal)'}")
                evid("vague_attribution", f, f.text, frame_text, a.source, f"frame '{a.verb}' names no source",
                     a.start, a.end, a.sent_idx)
                continue
            r = refs[k]
            detail = f"{a.verb} {a.source}".strip()
            targets = {a.sent_idx, *covered(a.seg_id, a.reported_start, a.reported_end)}
            for i in sorted(targets):
                facts[i].sources.setdefault(r.name, detail)
                relay = r.name if r.type not in ("official", "named") else channel.get(r.name)
                if relay:
                    how = f"'{detail}'" if relay == r.name else f"{r.name}'s words, credited to {relay}"
                    facts[i].relays.setdefault(relay, how)
            if (a.sent_idx, r.name) not in seen_items:
                seen_items.add((a.sent_idx, r.name))
                items.append(CitedItem(f.doc_id, f.seg_id, f.stance, f.outlet, a.sent_idx, "attribution",
                                       a.source, r, f.text, detail, a.start, a.end))

        # --- direct quotes with a speaker extend attribution to the sentences they fill
        for q in da.voice.quotes:
            if q.kind != "direct" or not q.speaker:
                continue
            r = resolve_source(q.speaker, q.speaker, outlets, officials)
            for i in covered(q.seg_id, q.inner_start, q.inner_end):
                facts[i].sources.setdefault(r.name, f"quote of {q.speaker}")
                relay = channel.get(r.name) if r.type in ("official", "named") else r.name
                if relay:
                    facts[i].relays.setdefault(relay, f"{r.name}'s words, credited to {relay}")

        # --- publication frames ("Rodong Sinmun, published ...", "KCNA released ...")
        for f in facts:
            # A cheap verb test first: most sentences have no publication verb.
            if f.kind not in PROSE_KINDS or not _PUBLICATION_VERB_RE.search(f.text):
                continue
            for s, e, o in outlets.find_all(f.text):
                m = _PUBLICATION_RE.match(f.text, e)
                if not m or o.name in f.sources:
                    continue
                r = _ref_for_outlet(o)
                detail = f"{o.name} {m.group('verb')} (publication frame)"
                f.sources[o.name] = detail
                f.relays.setdefault(o.name, detail)
                items.append(CitedItem(f.doc_id, f.seg_id, f.stance, f.outlet, f.sent_idx, "attribution",
                                       f.text[s:e], r, f.text, detail, f.start + s, f.start + e))

        # --- vague attribution from the lexicon and adverbs where voice found no frame
        for m in da.matches:
            if m.category in VAGUE_CATEGORIES and 0 <= m.sent_idx < len(facts):
                f = facts[m.sent_idx]
                if not f.vague:
                    f.vague.append(f"lexicon: {m.text}")
                    evid("vague_attribution", f, f.text, m.text, "", f"lexicon entry {m.entry_id}",
                         m.start, m.end, m.sent_idx)
        for f in facts:
            if f.kind in STATEMENT_KINDS and not f.vague:
                m = _VAGUE_ADVERB_RE.search(f.text)
                if m:
                    f.vague.append(f"adverb: {m.group(0)}")
                    evid("vague_attribution", f, f.text, m.group(0), "", "adverb passes the claim on unnamed",
                         f.start + m.start(), f.start + m.end(), f.sent_idx)

        # --- endnote markers and references
        for c in parsed.repaired.citations:
            i = _sent_at(starts, order, sents, c.position)
            if i >= 0:
                facts[i].notes.append(c.number)
                evid("endnote_citation", facts[i], facts[i].text, f"[{c.number}]", "",
                     f"endnote {c.number}", c.position, c.position, i)
        ref_regions = [(r.start, r.end) for r in parsed.repaired.regions if r.kind == "references"]
        ref_seg = next((s for s in parsed.segments if s.kind == "references"
                        and any(rs <= s.start < re_ for rs, re_ in ref_regions)), None)
        for ref in parsed.repaired.references:
            sref, outlet = _ref_for_reference(ref, outlets)
            primary, rule = is_primary(ref, outlet)
            seg = ref_seg or parsed.segments[-1]
            row = {"doc_id": doc.doc_id, "stance": seg.stance, "citing_outlet": seg.outlet,
                   "number": ref.number, "authors": ref.authors, "title": ref.title,
                   "outlet_raw": ref.outlet, "outlet": sref.name, "type": sref.type,
                   "country": sref.country, "party_to_conflict": sref.party_to_conflict,
                   "state": sref.state, "primary": primary, "primary_rule": rule,
                   "date": ref.date, "url": ref.url, "host": url_host(ref.url) if ref.url else "",
                   "raw": ref.raw}
            end_rows.append(row)
            items.append(CitedItem(doc.doc_id, seg.seg_id, seg.stance, seg.outlet, -1, "endnote",
                                   ref.outlet or ref.url, sref, ref.raw,
                                   f"endnote {ref.number}" + (f"; primary ({rule})" if primary else "")))
            ev.append({"indicator": "endnote", "doc_id": doc.doc_id, "seg_id": seg.seg_id, "sent_idx": -1,
                       "stance": seg.stance, "outlet": seg.outlet, "text": ref.raw, "span": ref.outlet,
                       "source": sref.name, "detail": f"endnote {ref.number}; type {sref.type}"
                       + (f"; primary ({rule})" if primary else ""), "start": -1, "end": -1})

        # --- links (URLs outside a parsed endnotes section and outside page
        # furniture: "www.isdp.eu" under an "About" heading is not a source)
        furniture = [(s.start, s.end) for s in parsed.segments if s.kind == "boilerplate"]
        for m in _URL_RE.finditer(text):
            if any(rs <= m.start() < re_ for rs, re_ in ref_regions + furniture):
                continue
            url = m.group(0).rstrip(".,;:")
            i = _sent_at(starts, order, sents, m.start())
            seg = seg_by_id[sents[i].seg_id] if i >= 0 else next(
                (s for s in parsed.segments if s.start <= m.start() < s.end), parsed.segments[0])
            o = outlets.resolve_url(url)
            sref = _ref_for_outlet(o) if o else SourceRef(url_host(url) or url, "unknown")
            f = facts[i] if i >= 0 else None
            if f is not None:
                f.links.append(url)
            items.append(CitedItem(doc.doc_id, seg.seg_id, seg.stance, seg.outlet, i, "link", url, sref,
                                   f.text if f else url, f"link to {url_host(url)}", m.start(), m.start() + len(url)))
            ev.append({"indicator": "link", "doc_id": doc.doc_id, "seg_id": seg.seg_id, "sent_idx": i,
                       "stance": seg.stance, "outlet": seg.outlet, "text": f.text if f else url, "span": url,
                       "source": sref.name, "detail": f"type {sref.type}", "start": m.start(),
                       "end": m.start() + len(url)})

        # --- per-sentence evidence: attribution, relay, claims
        by_sent_matches: dict[int, list] = defaultdict(list)
        for m in da.matches:
            by_sent_matches[m.sent_idx].append(m)
        for f in facts:
            if not f.factual:
                continue
            for name, detail in f.sources.items():
                evid("attributed", f, f.text, "", name, detail, f.start, f.end, f.sent_idx)
            for name, detail in f.relays.items():
                evid("relay", f, f.text, "", name, detail, f.start, f.end, f.sent_idx)
            if not f.sourced and not f.vague:
                f.claim_reasons = _claim_reasons(f, by_sent_matches.get(f.sent_idx, []))
                if f.claim_reasons:
                    evid("unattributed_claim", f, f.text, "", "", "; ".join(f.claim_reasons),
                         f.start, f.end, f.sent_idx)

        # --- lexicon evidence: hedges, boosters, loaded language
        for m in da.matches:
            f = facts[m.sent_idx] if 0 <= m.sent_idx < len(facts) else None
            if f is None:
                continue
            if m.category in ("hedge", "booster"):
                evid(m.category, f, f.text, m.text, m.speaker, f"lexicon entry {m.entry_id}", m.start, m.end,
                     m.sent_idx)
            if m.loaded:
                ind = "loaded_quoted" if m.voice == "quoted" else "loaded_own"
                evid(ind, f, f.text, m.text, m.speaker,
                     f"{m.category} weight {m.weight:g}" + (" (scare quote)" if m.scare_quote else ""),
                     m.start, m.end, m.sent_idx)

        # --- state reliance evidence (this document's items only: the list spans the corpus)
        for it in items[first_item:]:
            if it.source.state:
                ev.append({"indicator": "state_source", "doc_id": it.doc_id, "seg_id": it.seg_id,
                           "sent_idx": it.sent_idx, "stance": it.stance, "outlet": it.outlet,
                           "text": it.text, "span": it.raw, "source": it.source.name,
                           "detail": f"{it.via}; {it.source.type}, {it.source.country}", "start": it.start,
                           "end": it.end})

        # --- transparency per document part (segment outlet within the document)
        _transparency(parsed, outlets, units, evid)
        sents_out.extend(facts)

    endnotes = pd.DataFrame(end_rows, columns=ENDNOTE_COLUMNS)
    evidence = pd.DataFrame(ev, columns=EVIDENCE_COLUMNS)
    problems = tuple(outlets.problems) + tuple(officials.problems)
    return CredibilityFacts(tuple(sents_out), tuple(items), endnotes, evidence, units, tuple(signals),
                            doc_meta, outlets, officials, problems)


ENDNOTE_COLUMNS = ["doc_id", "stance", "citing_outlet", "number", "authors", "title", "outlet_raw", "outlet",
                   "type", "country", "party_to_conflict", "state", "primary", "primary_rule", "date", "url",
                   "host", "raw"]


def _transparency(parsed, outlets: OutletList, units: dict, evid) -> None:
    """Record transparency items for each (doc, segment outlet) part of one document.

    Byline: a boilerplate segment noted "byline" or catalog ``authors``.
    Date: a dateline in the text, else the catalog ``date`` (marked
    ``catalog (inferred)`` when the catalog notes say it was inferred).
    Corrections notice and ownership as found; ownership only from the catalog.
    """
    doc = parsed.doc
    text = parsed.text
    byline = next((s for s in parsed.segments if s.kind == "boilerplate" and s.meta.get("note") == "byline"), None)
    corrections = _CORRECTION_RE.search(text)
    first_prose = {}
    for s in parsed.segments:
        if s.kind in STATEMENT_KINDS:
            first_prose.setdefault(s.outlet, s)
    for seg in parsed.segments:
        key = (doc.doc_id, seg.outlet)
        if key in units or seg.kind not in STATEMENT_KINDS:
            continue
        meta = _seg_meta(doc, seg)
        own_row = "outlet" in seg.meta  # a catalog part row describes this part alone
        authors = meta.get("authors", "")
        byline_text = text[byline.start:byline.end] if (byline is not None and not own_row) else ""
        dl = None
        first = first_prose.get(seg.outlet)
        if first is not None:
            body = next((s for s in parsed.sentences if s.seg_id == first.seg_id), None)
            if body is not None:
                dl = _DATELINE_RE.match(body.text)
        date, date_source = "", ""
        if dl:
            date, date_source = dl.group("date"), "text (dateline)"
        elif meta.get("date"):
            inferred = bool(_INFERRED_RE.search(meta.get("notes", "")))
            date, date_source = meta["date"], "catalog (inferred)" if inferred else "catalog"
        has_byline = bool(byline_text or authors)
        has_date = bool(date) and date_source != "catalog (inferred)"
        ownership = meta.get("ownership", "")
        own = outlets.lookup(seg.outlet)
        u = {"stance": seg.stance, "byline": byline_text, "authors": authors, "date": date, "date_source": date_source,
             "dateline": dl.group(0).strip() if dl else "", "corrections_notice": bool(corrections),
             "ownership": ownership, "url": meta.get("url", ""), "genre": meta.get("genre", ""),
             "rating": meta.get("rating", ""), "rating_source": meta.get("rating_source", ""),
             "rating_date": meta.get("rating_date", ""),
             "outlet_type": own.type if own else "", "outlet_country": own.country if own else "",
             "transparency_items": int(has_byline) + int(has_date) + int(bool(ownership)),
             "transparency_max": 3}
        units[key] = u
        if byline_text:
            evid("byline", seg, byline_text, byline_text, "", "byline line under the title")
        if authors:
            evid("byline", seg, authors, authors, "catalog", "catalog authors")
        if dl:
            evid("date", seg, dl.group(0).strip(), dl.group("date"), dl.group("credit") or "", "dateline")
        elif date:
            evid("date", seg, date, date, "catalog", date_source)
        if corrections:
            evid("corrections_notice", seg, corrections.group(0), corrections.group(0), "", "corrections notice")
        if ownership:
            evid("ownership", seg, ownership, ownership, "catalog", "catalog ownership")
        if u["rating"]:
            evid("rating", seg, u["rating"], u["rating"], u["rating_source"],
                 f"external rating, {u['rating_source'] or 'source not given'}, {u['rating_date'] or 'undated'}; "
                 "cited metadata, not used in any score")


# --------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------

_KEYS = {"segment": ["doc_id", "seg_id", "stance", "outlet", "kind"], "document": ["doc_id", "stance", "outlet"],
         "outlet": ["outlet"], "stance": ["stance"]}


def _join(values: Iterable[str], limit: int = 12) -> str:
    vals = [v for v in dict.fromkeys(v for v in values if v)]
    return "; ".join(vals[:limit]) + (f"; ... (+{len(vals) - limit})" if len(vals) > limit else "")


def _counted(counter: Counter, limit: int = 10) -> str:
    return "; ".join(f"{k} x{v}" for k, v in counter.most_common(limit))


def credibility_frame(analysis, by: str = "document", outlets: OutletList | None = None,
                      officials: OfficialList | None = None) -> pd.DataFrame:
    """Return the credibility indicators, one row per document, segment, outlet or stance.

    Columns (definitions in docs/credibility.md): keys; sourcing
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
    behind each is in :func:`credibility_evidence`.  Outlet-list problems are
    in ``df.attrs["problems"]``.
    """
    if by not in GROUPS:
        raise FramingError(f"--by {by!r} is not a grouping", fix="use one of " + ", ".join(GROUPS))
    facts = credibility_facts(analysis, outlets, officials)
    keys = _KEYS[by]

    def key_of(doc_id: str, seg_id: str, stance: str, outlet: str, kind: str) -> tuple:
        if by == "document":
            m = facts.doc_meta.get(doc_id, {})
            return (doc_id, m.get("stance") or "unknown", m.get("outlet") or "unknown")
        vals = {"doc_id": doc_id, "seg_id": seg_id, "stance": stance, "outlet": outlet, "kind": kind}
        return tuple(vals[k] for k in keys)

    seg_kind = {(f.doc_id, f.seg_id): f.kind for f in facts.sentences}
    groups: dict[tuple, dict] = {}
    keys_by_doc: dict[str, list[tuple]] = defaultdict(list)

    def group(k: tuple, doc_id: str) -> dict:
        g = groups.get(k)
        if g is None or doc_id not in g["docs"]:
            keys_by_doc[doc_id].append(k)
        if g is None:
            g = groups[k] = {"docs": set(), "segs": set(), "factual": 0, "attributed": 0, "cited": 0,
                             "sourced": 0, "vague": 0, "claims": 0, "links": 0, "link_hosts": Counter(),
                             "notes_cited": 0, "relay": defaultdict(Counter), "factual_by_doc": Counter(),
                             "items": [], "sig": Counter(), "units": []}
        return g

    for f in facts.sentences:
        g = group(key_of(f.doc_id, f.seg_id, f.stance, f.outlet, f.kind), f.doc_id)
        g["docs"].add(f.doc_id)
        g["segs"].add(f.seg_id)
        g["links"] += len(f.links)
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
        for name in f.relays:
            g["relay"][f.doc_id][name] += 1
    for it in facts.items:
        k = key_of(it.doc_id, it.seg_id, it.stance, it.outlet, seg_kind.get((it.doc_id, it.seg_id), ""))
        g = group(k, it.doc_id)
        g["docs"].add(it.doc_id)
        g["items"].append(it)
    for s in facts.signals:
        k = key_of(s["doc_id"], s["seg_id"], s["stance"], s["outlet"], s["kind"])
        g = group(k, s["doc_id"])
        g["docs"].add(s["doc_id"])
        for c in ("tokens", "own_tokens", "quoted_tokens", "n_hedge", "n_booster", "loaded_weight_own",
                  "loaded_weight_quoted"):
            g["sig"][c] += s.get(c, 0)
    for (doc_id, outlet), u in facts.units.items():
        # A transparency unit is one outlet's part of one document.
        for k in dict.fromkeys(keys_by_doc.get(doc_id, ())):
            g = groups[k]
            if by == "document" or (by == "outlet" and k[0] == outlet) or (by == "stance" and k[0] == u["stance"]) \
                    or (by == "segment" and k[0] == doc_id and k[3] == outlet and k[4] in STATEMENT_KINDS):
                g["units"].append(u)

    rows = [_row(k, keys, g, by) for k, g in groups.items()]
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


FRAME_COLUMNS = [
    "documents", "segments", "tokens",
    # sourcing
    "factual_sentences", "attributed_sentences", "attributed_share", "cited_sentences", "sourced_share",
    "named_attributions", "vague_attributions", "specificity", "distinct_sources", "distinct_source_types",
    "source_types", "sources", "links", "link_hosts", "endnote_citations", "endnotes", "endnote_works",
    "endnote_outlets", "endnote_outlet_types", "primary_works", "primary_share",
    # relay
    "relay_source", "relay_sentences", "relay_share", "relayed_sources", "rewrite", "rewrite_of",
    # state reliance
    "cited_items", "state_items", "state_reliance", "state_sources",
    # calibration
    "hedge_rate", "booster_rate", "unattributed_claims", "unattributed_claim_share",
    # loaded language
    "loaded_own", "loaded_quoted",
    # transparency
    "byline", "authors", "date", "date_source", "dateline", "corrections_notice", "ownership",
    "transparency_items", "transparency",
    # metadata (cited, never scored)
    "outlet_type", "outlet_country", "genre", "url", "rating", "rating_source", "rating_date",
]


def _share(n: float, d: float) -> float:
    return round(n / d, 3) if d else math.nan


def _row(k: tuple, keys: list[str], g: dict, by: str) -> dict:
    from framing.analyze.scoring import RATE_BASE
    row = dict(zip(keys, k))
    row["documents"] = len(g["docs"])
    row["segments"] = len(g["segs"])
    sig = g["sig"]
    row["tokens"] = int(sig["tokens"])
    fact = g["factual"]
    row["factual_sentences"] = fact
    row["attributed_sentences"] = g["attributed"]
    row["attributed_share"] = _share(g["attributed"], fact)
    row["cited_sentences"] = g["cited"]
    row["sourced_share"] = _share(g["sourced"], fact)
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
    # Relay: per document (part) within the group, its most relayed outlet.
    top_total = 0
    flagged = []
    relayed = Counter()
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
    row["rewrite"] = bool(flagged)
    if by in ("document", "segment"):
        row["rewrite_of"] = _join(name for _d, name, _s in flagged)
    else:
        row["rewrite_of"] = _join(f"{d[:3]}: {name} ({s:.2f})" for d, name, s in flagged)
    state = [it for it in items if it.source.state]
    row["cited_items"] = len(items)
    row["state_items"] = len(state)
    row["state_reliance"] = _share(len(state), len(items))
    row["state_sources"] = _counted(Counter(it.source.name for it in state))
    tokens = sig["tokens"]
    per = RATE_BASE / tokens if tokens else 0.0
    row["hedge_rate"] = round(sig["n_hedge"] * per, 3) if tokens else math.nan
    row["booster_rate"] = round(sig["n_booster"] * per, 3) if tokens else math.nan
    row["unattributed_claims"] = g["claims"]
    row["unattributed_claim_share"] = _share(g["claims"], fact)
    row["loaded_own"] = round(sig["loaded_weight_own"] * RATE_BASE / sig["own_tokens"], 3) \
        if sig["own_tokens"] else math.nan
    row["loaded_quoted"] = round(sig["loaded_weight_quoted"] * RATE_BASE / sig["quoted_tokens"], 3) \
        if sig["quoted_tokens"] else 0.0
    units = g["units"]
    row["byline"] = _join(u["byline"] for u in units)
    row["authors"] = _join(u["authors"] for u in units)
    row["date"] = _join(u["date"] for u in units)
    row["date_source"] = _join(u["date_source"] for u in units)
    row["dateline"] = _join(u["dateline"] for u in units)
    row["corrections_notice"] = any(u["corrections_notice"] for u in units)
    row["ownership"] = _join(u["ownership"] for u in units)
    got = sum(u["transparency_items"] for u in units)
    most = sum(u["transparency_max"] for u in units)
    row["transparency_items"] = f"{got}/{most}" if most else ""
    row["transparency"] = _share(got, most)
    for c in ("outlet_type", "outlet_country", "genre", "url", "rating", "rating_source", "rating_date"):
        row[c] = _join(u[c] for u in units)
    return row


# --------------------------------------------------------------------------
# Evidence and endnotes
# --------------------------------------------------------------------------


def credibility_evidence(analysis, doc_id: str | None = None, indicator: str | None = None,
                         outlets: OutletList | None = None, officials: OfficialList | None = None
                         ) -> pd.DataFrame:
    """Return the evidence behind the indicators, one row per sentence, span or reference.

    Columns: ``indicator`` (attributed, vague_attribution, endnote,
    endnote_citation, link, relay, state_source, unattributed_claim, hedge,
    booster, loaded_own, loaded_quoted, byline, date, corrections_notice,
    ownership, rating), ``doc_id``, ``seg_id``, ``sent_idx``, ``stance``,
    ``outlet``, ``text`` (the sentence or reference), ``span`` (the phrase),
    ``source`` (resolved source), ``detail`` and offsets into the repaired
    text.  ``doc_id`` may be a prefix ("003"); ``indicator`` filters one kind.
    """
    ev = credibility_facts(analysis, outlets, officials).evidence
    if doc_id:
        ev = ev[ev["doc_id"].str.startswith(doc_id)]
    if indicator:
        ev = ev[ev["indicator"] == indicator]
    return ev.reset_index(drop=True)


def endnote_sources(analysis, outlets: OutletList | None = None,
                    officials: OfficialList | None = None) -> pd.DataFrame:
    """Return one row per endnote work: note number, authors, title, the outlet as written and resolved.

    Columns: ``doc_id, stance, citing_outlet, number, authors, title,
    outlet_raw, outlet, type, country, party_to_conflict, state, primary,
    primary_rule, date, url, host, raw``.  ``primary`` follows
    :data:`PRIMARY_RULE` and ``primary_rule`` names the rule that applied.
    """
    return credibility_facts(analysis, outlets, officials).endnotes.copy()


# --------------------------------------------------------------------------
# Composite
# --------------------------------------------------------------------------


def parse_weights(text: str | None) -> dict[str, float]:
    """Return :data:`DEFAULT_WEIGHTS` updated by ``"sourcing=2,relay=1,..."``.

    Unknown components, non-numbers and negative weights raise
    :class:`~framing.core.errors.FramingError` naming the bad item and the fix.
    """
    weights = dict(DEFAULT_WEIGHTS)
    if not text:
        return weights
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in COMPONENTS:
            raise FramingError(f"bad weight {part.strip()!r}",
                               fix="write NAME=NUMBER with NAME one of " + ", ".join(COMPONENTS))
        try:
            w = float(value)
        except ValueError:
            raise FramingError(f"weight for {name} is not a number: {value.strip()!r}",
                               fix=f"e.g. {name}=1.5") from None
        if w < 0 or math.isnan(w) or math.isinf(w):
            raise FramingError(f"weight for {name} must be zero or more, got {value.strip()}",
                               fix="use 0 to leave a component out")
        weights[name] = w
    if not any(weights.values()):
        raise FramingError("every weight is zero", fix="give at least one component a positive weight")
    return weights


def _component_scores(df: pd.DataFrame) -> dict[str, pd.Series]:
    def col(name: str) -> pd.Series:
        return pd.to_numeric(df[name], errors="coerce") if name in df.columns else pd.Series(math.nan, index=df.index)
    return {
        "sourcing": col("sourced_share"),
        "specificity": col("specificity"),
        "relay": 1 - col("relay_share"),
        "state_reliance": 1 - col("state_reliance"),
        "calibration": 1 - col("unattributed_claim_share"),
        "loaded": 1 / (1 + col("loaded_own") / LOADED_HALF),
        "transparency": col("transparency"),
    }


def composite(indicators_df: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Return ``indicators_df`` with, per component, its score, weight and contribution, and ``composite``.

    For each component ``c`` in :data:`COMPONENTS`: ``c_score`` in [0, 1]
    (direction in COMPONENTS), ``c_weight`` and ``c_contribution`` =
    weight x score / (sum of weights of the components the row has a score
    for).  ``composite`` is the sum of contributions, in [0, 1].  A component
    with no evidence in a row (e.g. specificity with no attributions) is left
    out of that row and its weight given to the others, so ``composite_basis``
    lists what the row's composite rests on.  Catalog ratings are never used.
    """
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = [k for k in weights if k not in COMPONENTS]
        if unknown:
            raise FramingError(f"unknown composite component(s): {', '.join(unknown)}",
                               fix="use " + ", ".join(COMPONENTS))
        w.update({k: float(v) for k, v in weights.items()})
    if any(v < 0 for v in w.values()) or not any(w.values()):
        raise FramingError("weights must be zero or more with at least one positive",
                           fix="e.g. sourcing=2,relay=1")
    out = indicators_df.copy()
    scores = {k: s.clip(0, 1).round(3) for k, s in _component_scores(out).items()}
    have = pd.DataFrame({k: s.notna() for k, s in scores.items()})
    total = sum(have[k] * w[k] for k in COMPONENTS)
    comp = pd.Series(0.0, index=out.index)
    for k in COMPONENTS:
        out[f"{k}_score"] = scores[k]
        out[f"{k}_weight"] = w[k]
        contrib = (scores[k].fillna(0) * w[k] / total.where(total > 0)).where(have[k])
        out[f"{k}_contribution"] = contrib.round(4)
        comp = comp + contrib.fillna(0)
    out["composite"] = comp.where(total > 0).round(3)
    out["composite_basis"] = [", ".join(k for k in COMPONENTS if have.at[i, k] and w[k] > 0) for i in out.index]
    return out


def weights_text(weights: Mapping[str, float]) -> str:
    """Return ``weights`` as ``name=value,...`` (for recording with an export)."""
    return ",".join(f"{k}={v:g}" for k, v in weights.items())
