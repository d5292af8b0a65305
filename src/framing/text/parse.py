"""The orchestrator: runs load -> repair -> segment (and later stages) over a corpus.

Stages are pure functions of plain data; only this module strings them
together, so the CLI, the dashboard and the batch runner all get the same
results from the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from framing.text.repair import Repaired, repair
from framing.core.types import SegmentRule
from framing.text.segment import segment, sentences
from framing.core.types import Document, Segment, Sentence


@dataclass(frozen=True)
class ParsedDocument:
    """A document after repair and segmentation: what every later stage reads."""

    doc: Document
    repaired: Repaired
    segments: tuple[Segment, ...]
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """Return the repaired text that all offsets refer to."""
        return self.repaired.text

    def segment(self, seg_id: str) -> Segment:
        """Return the segment with id ``seg_id``."""
        for s in self.segments:
            if s.seg_id == seg_id:
                return s
        raise KeyError(seg_id)

    def sentences_of(self, seg: Segment) -> list[Sentence]:
        """Return the sentences of one segment, in order."""
        return [s for s in self.sentences if s.seg_id == seg.seg_id]


def parse_document(doc: Document, rules: Iterable[SegmentRule] = ()) -> ParsedDocument:
    """Return ``doc`` repaired, segmented and split into sentences with token spans."""
    rep = repair(doc.raw)
    segs = segment(doc, rep, rules)
    sents: list[Sentence] = []
    for seg in segs:
        sents.extend(sentences(doc.doc_id, rep.text, seg))
    return ParsedDocument(doc, rep, tuple(segs), tuple(sents))
