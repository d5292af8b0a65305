"""The analysed corpus seen as exercise material: prose blocks, candidate passage windows and their cues.

:class:`CorpusView` is built once per :func:`~framing.present.exercises.generate`
call from a plain :class:`~framing.orchestrator.CorpusAnalysis`; it also runs
the distinctive-term and contrast stages at most once per call (the view is
discarded with the call, so nothing is cached on the analysis itself).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from framing.core.types import UNKNOWN, Attribution, Match, Quote
from framing.present.exercises.records import Passage
from framing.present.exercises.settings import (
    DEPENDENT_OPENERS,
    HEADING_MAX_WORDS,
    PASSAGE_KINDS,
)
from framing.present.exercises.chrome import is_passage_chrome
from framing.text.language import guess_language
from framing.text.tokens import TOKEN_RE

if TYPE_CHECKING:
    import pandas as pd

    from framing.detect.document import DetectedDocument
    from framing.present.exercises.keys import Cue, DocKey
    from framing.analyze.corpus_analysis import CorpusAnalysis

#: Final punctuation: a body sentence without it may be a subheading.
_FINAL_PUNCT = tuple('.!?"”’)…:')


@dataclass
class DocInfo:
    """Per-document look-ups built once per :func:`generate` call."""

    a: "DetectedDocument"
    meta: Mapping[str, str]
    by_sent: dict[int, list[Match]]
    quotes: list[Quote]
    direct: list[Quote]
    attrs: list[Attribution]
    citations: dict[int, list[int]]  # sent_idx -> endnote numbers
    references: dict[int, list]      # endnote number -> Reference records

    @property
    def text(self) -> str:
        return self.a.parsed.text

    @property
    def doc_id(self) -> str:
        return self.a.doc_id


@dataclass(frozen=True)
class Window:
    """A candidate passage: consecutive sentences of one block of one document."""

    doc_id: str
    sent_idx: tuple[int, ...]
    stance: str
    outlet: str
    seg_id: str
    clean_start: bool


def _is_heading(text: str) -> bool:
    t = text.rstrip()
    return not t.endswith(_FINAL_PUNCT) and len(t.split()) <= HEADING_MAX_WORDS


def _clean_start(sent_text: str) -> bool:
    """True when a passage can start at this sentence without a dangling reference.

    A sentence opening with a pronoun or connective ("He also...", "However,
    ...") leans on the one before it: a student cannot tell who "he" is.
    """
    first = TOKEN_RE.search(sent_text)
    return first is None or first.group().lower() not in DEPENDENT_OPENERS


class CorpusView:
    """The analysed corpus seen as exercise material."""

    def __init__(self, data: "CorpusAnalysis") -> None:
        self.data = data
        # stage results computed at most once per generate call: key -> frame, or the error it raised
        self._memo: dict[tuple[str, str | None], "pd.DataFrame | Exception"] = {}
        self.docs: dict[str, DocInfo] = {}
        self.blocks: list[tuple[str, list[int]]] = []  # (doc_id, sentence indexes)
        self._keys: dict[str, "DocKey"] = {}
        #: Documents left out because they are not English (the lexicons and the model are English-only).
        self.skipped_language: list[str] = []
        for a in data.documents:
            p = a.parsed
            by_sent: dict[int, list[Match]] = {}
            for m in a.matches:
                by_sent.setdefault(m.sent_idx, []).append(m)
            cit: dict[int, list[int]] = {}
            sents = p.sentences
            starts = [s.start for s in sents]
            for c in p.repaired.citations:
                # a footnote marker follows the text it supports: it belongs to
                # the last sentence that starts before it
                i = bisect_right(starts, c.position) - 1
                if i >= 0:
                    cit.setdefault(i, []).append(c.number)
            refs: dict[int, list] = {}
            for r in p.repaired.references:
                refs.setdefault(r.number, []).append(r)
            quotes = list(a.voice.quotes)
            self.docs[a.doc_id] = DocInfo(a, p.doc.meta, by_sent, quotes,
                                       [q for q in quotes if q.kind == "direct"],
                                       list(a.voice.attributions), cit, refs)
            if guess_language(p.text) != "en":
                self.skipped_language.append(a.doc_id)  # no passages: nothing in it can be keyed
                continue
            self._blocks_of(a)

    def _blocks_of(self, a: "DetectedDocument") -> None:
        """Split a document's prose into blocks: runs of consecutive prose segments of one kind and stance, cut at subheadings."""
        p = a.parsed
        run: list[int] = []
        prev = None
        seg_sents: dict[str, list[int]] = {}
        for i, s in enumerate(p.sentences):
            seg_sents.setdefault(s.seg_id, []).append(i)
        for seg in sorted(p.segments, key=lambda s: s.index):
            key = (seg.kind, seg.stance)
            if seg.kind not in PASSAGE_KINDS or key != prev:
                if run:
                    self.blocks.append((a.doc_id, run))
                run = []
            prev = key if seg.kind in PASSAGE_KINDS else None
            if seg.kind not in PASSAGE_KINDS:
                continue
            for i in seg_sents.get(seg.seg_id, []):
                text = p.sentences[i].text
                if (seg.kind != "comment" and _is_heading(text)) or is_passage_chrome(text, seg.kind == "comment"):
                    if run:
                        self.blocks.append((a.doc_id, run))
                    run = []
                    continue
                if TOKEN_RE.search(text) is None:
                    continue
                run.append(i)
        if run:
            self.blocks.append((a.doc_id, run))

    # -- windows ----------------------------------------------------------

    def windows(self, sentences: tuple[int, int], stances: set[str] | None = None,
                allowed: set[tuple[str, int]] | None = None) -> list[Window]:
        """Return every candidate window of ``sentences`` (min, max) length, in document order.

        A block shorter than the minimum yields itself whole (small corpora
        still get exercises).  Windows never start or end inside a quotation,
        so no quoted phrase is cut in half.  ``allowed``, when given, keeps
        windows holding at least one of those ``(doc_id, sent_idx)`` pairs.
        """
        lo, hi = sentences
        out: list[Window] = []
        for doc_id, block in self.blocks:
            d = self.docs[doc_id]
            p = d.a.parsed
            seg = p.segment(p.sentences[block[0]].seg_id)
            if stances is not None and seg.stance not in stances:
                continue
            n = len(block)
            lengths = range(min(lo, n), min(hi, n) + 1)
            for i in range(n):
                for L in lengths:
                    if i + L > n:
                        break
                    idx = tuple(block[i:i + L])
                    if idx[-1] - idx[0] != L - 1:
                        continue  # a gap (skipped empty sentence): not contiguous text
                    s0, s1 = p.sentences[idx[0]], p.sentences[idx[-1]]
                    if self._cuts_quote(d, s0.start, s1.end):
                        continue
                    if allowed is not None and not any((doc_id, j) in allowed for j in idx):
                        continue
                    first_seg = p.segment(s0.seg_id)
                    out.append(Window(doc_id, idx, first_seg.stance, first_seg.outlet, first_seg.seg_id,
                                       _clean_start(s0.text)))
        return out

    @staticmethod
    def _cuts_quote(d: DocInfo, start: int, end: int) -> bool:
        return any(q.start < start < q.end or q.start < end < q.end for q in d.quotes)

    # -- cues -------------------------------------------------------------

    def matches(self, w: Window) -> list[Match]:
        """Return all lexicon matches inside window ``w``, in text order."""
        d = self.docs[w.doc_id]
        return [m for i in w.sent_idx for m in d.by_sent.get(i, [])]

    def loaded(self, w: Window) -> list[Match]:
        """Return the matches of the *sure* cues inside window ``w`` (see :mod:`.keys`), in text order."""
        return [c.match for c in self.cues(w) if c.sure]

    def key(self, doc_id: str) -> "DocKey":
        """Return the detector's key of one document (computed once per view)."""
        if doc_id not in self._keys:
            from framing.present.exercises.keys import document_key
            self._keys[doc_id] = document_key(self.docs[doc_id].a, self.data)
        return self._keys[doc_id]

    def cues(self, w: Window) -> list["Cue"]:
        """Return every guideline cue (sure and uncertain) inside window ``w``, in text order."""
        idx = set(w.sent_idx)
        p = self.docs[w.doc_id].a.parsed
        lo, hi = p.sentences[w.sent_idx[0]].start, p.sentences[w.sent_idx[-1]].end
        return [c for c in self.key(w.doc_id).cues
                if c.match.sent_idx in idx and lo <= c.match.start and c.match.end <= hi]

    def uncertain(self, w: Window) -> list["Cue"]:
        """Return the uncertain cues inside window ``w`` (left out of keys, listed for the teacher)."""
        return [c for c in self.cues(w) if not c.sure]

    def passage(self, w: Window, label: str = "") -> Passage:
        """Return the :class:`Passage` for window ``w`` (a slice of the repaired text)."""
        d = self.docs[w.doc_id]
        p = d.a.parsed
        sents = [p.sentences[i] for i in w.sent_idx]
        start, end = sents[0].start, sents[-1].end
        meta = dict(p.segment(w.seg_id).meta) or dict(d.meta)
        return Passage(
            text=p.text[start:end], doc_id=w.doc_id, stance=w.stance, outlet=w.outlet,
            title=meta.get("title", "") or d.meta.get("title", ""),
            date=meta.get("date", "") or d.meta.get("date", ""),
            url=meta.get("url", "") or d.meta.get("url", ""),
            start=start, end=end, sent_idx=w.sent_idx,
            sentences=tuple((s.start - start, s.end - start) for s in sents), label=label)

    def in_direct_quote(self, doc_id: str, start: int, end: int) -> Quote | None:
        """Return the direct quote holding ``start:end``, if any."""
        for q in self.docs[doc_id].direct:
            if q.inner_start <= start and end <= q.inner_end:
                return q
        return None

    def covering_attribution(self, doc_id: str, seg_id: str, start: int, end: int) -> Attribution | None:
        """Return the attribution frame whose reported content holds ``start:end`` (narrowest first)."""
        best = None
        for x in self.docs[doc_id].attrs:
            if x.seg_id == seg_id and x.reported_start <= start and end <= x.reported_end \
                    and x.reported_end > x.reported_start:
                if best is None or (x.reported_end - x.reported_start) < (best.reported_end - best.reported_start):
                    best = x
        return best

    # -- corpus-level stage results ---------------------------------------

    def distinctive(self, claim_id: str | None = None) -> "pd.DataFrame":
        """Return the distinctive terms by stance (of ``claim_id``'s sentences, else of all text).

        Computed once per view; a stage error (too few sentences) is raised
        again on every call, as the stage itself would.
        """
        key = ("distinctive", claim_id)
        if key not in self._memo:
            from framing.analyze.distinctive import distinctive_terms
            d = self.data
            try:
                self._memo[key] = distinctive_terms(
                    list(d.parsed), by="stance", claim_id=claim_id,
                    assignments=d.assignments_for(claim_id) if claim_id else None, lexicon=d.lexicon)
            except Exception as exc:  # noqa: BLE001 - kept to be raised again; callers decide what is fatal
                self._memo[key] = exc
        return self._result(key)

    def contrast(self, claim_id: str) -> "pd.DataFrame":
        """Return the per-stance contrast of ``claim_id`` (computed once per view)."""
        key = ("contrast", claim_id)
        if key not in self._memo:
            from framing.analyze.contrast import contrast_frame
            try:
                self._memo[key] = contrast_frame(self.data, claim_id)
            except Exception as exc:  # noqa: BLE001 - kept to be raised again
                self._memo[key] = exc
        return self._result(key)

    def _result(self, key: tuple[str, str | None]) -> "pd.DataFrame":
        got = self._memo[key]
        if isinstance(got, Exception):
            raise got
        return got


def known_stances(view: CorpusView) -> list[str]:
    """Return the known (not unknown) stances that have prose, sorted."""
    return sorted({s.stance for d in view.docs.values() for s in d.a.parsed.segments
                   if s.kind in PASSAGE_KINDS and s.stance != UNKNOWN})


def all_stances(view: CorpusView) -> list[str]:
    """Return every stance that has prose (including unknown), sorted."""
    return sorted({s.stance for d in view.docs.values() for s in d.a.parsed.segments
                   if s.kind in PASSAGE_KINDS})


def claim_sentences(data: "CorpusAnalysis", claims: Sequence[str] | None) -> dict[tuple[str, int], float]:
    """Return ``(doc_id, sent_idx) -> confidence`` for sentences assigned to ``claims`` (all claims if None)."""
    df = data.assignments
    if claims:
        df = df[df["claim_id"].isin(list(claims))]
    out: dict[tuple[str, int], float] = {}
    for r in df.itertuples(index=False):
        k = (r.doc_id, int(r.sent_idx))
        out[k] = max(out.get(k, 0.0), float(r.confidence))
    return out
