"""Span rows of one detected document: lexicon matches, scare quotes and learned-model spans, combined.

``framing spans`` and :meth:`framing.api.Analysis.matches` list these rows.
Each row says which detector found it (``lexicon``, ``model``, ``both``,
``voice`` for scare quotes), its guideline category (the annotation
guideline's eight; empty for neutral markers such as attribution phrases,
hedges and standard toponym spellings) and, for model spans, why (its top
features).  Scoring of loadedness still reads ``DetectedDocument.matches``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon

if TYPE_CHECKING:
    from framing.detect.spanmodel.features import DocumentTokens
    from framing.detect.spanmodel.model import SpanModel

from framing.detect.span_rules import (DETECTORS, SCARE_CATEGORY, SpanRow, guideline_of, is_scare_span,  # noqa: F401
                                       lexicon_entry, neutral_reason, scare_quote_matches)


def document_spans(detected: DetectedDocument, lexicon: Lexicon, detector: str = "both",
                   model: "SpanModel | None" = None, tokens: "DocumentTokens | None" = None) -> list[SpanRow]:
    """Return the span rows of one document in text order.

    ``detector``: ``lexicon`` gives every lexicon match (neutral markers
    included, with ``guideline_span`` False) and the scare quotes;
    ``model`` gives the learned model's spans and the scare quotes;
    ``both`` gives every lexicon match plus the model spans no lexicon match
    overlaps (a lexicon match the model also finds says ``both``).
    ``model`` defaults to the bundled model; ``tokens`` are the document's
    token features when already computed (training and cross-validation).
    """
    if detector not in DETECTORS:
        raise ValueError(f"detector must be one of {DETECTORS}, not {detector!r}")
    rows: list[SpanRow] = []
    lex_rows: list[SpanRow] = []
    for m in detected.matches:
        g, is_span = guideline_of(m, lexicon)
        lex_rows.append(SpanRow(m, g, "lexicon", "", is_span))
    # Context rules: a lexicon match they rule out stays listed as a neutral marker, saying why.
    loaded = [(r.match.start, r.match.end) for r in lex_rows if r.guideline_span]
    for i, r in enumerate(lex_rows):
        why = neutral_reason(r, detected, loaded) if r.guideline_span else ""
        if why:
            lex_rows[i] = SpanRow(r.match, r.guideline_category, r.detector, "not a guideline span: " + why, False)
    scare = [r for r in (SpanRow(m, SCARE_CATEGORY, "voice", "scare quote: short quoted term with no speaker", True)
                         for m in scare_quote_matches(detected)) if not neutral_reason(r, detected, loaded)]
    model_rows: list[SpanRow] = []
    if detector in ("model", "both"):
        if model is None:
            from framing.detect.spanmodel.model import load_model
            model = load_model()
        model_rows = [r for r in model.span_rows(detected, lexicon, tokens) if not neutral_reason(r, detected, loaded, adverbs=False)]
    if detector == "lexicon":
        rows = lex_rows + _not_overlapping(scare, lex_rows)
    elif detector == "model":
        rows = model_rows + _not_overlapping(scare, model_rows)
    else:
        found = [(r.match.start, r.match.end) for r in model_rows]
        for r in lex_rows:
            hit = r.guideline_span and any(s < r.match.end and r.match.start < e for s, e in found)
            rows.append(SpanRow(r.match, r.guideline_category, "both" if hit else "lexicon", r.why,
                                r.guideline_span) if not hit else _both(r, model_rows))
        rows += _not_overlapping(model_rows, [r for r in lex_rows if r.guideline_span])
        rows += _not_overlapping(scare, rows)
    rows.sort(key=lambda r: (r.match.start, r.match.end))
    return rows


def _both(lex: SpanRow, model_rows: Iterable[SpanRow]) -> SpanRow:
    """Return a lexicon row the model also found, with the model's explanation."""
    m = lex.match
    why = next((r.why for r in model_rows if r.match.start < m.end and m.start < r.match.end), "")
    return SpanRow(m, lex.guideline_category, "both", why, lex.guideline_span)


def _not_overlapping(rows: Iterable[SpanRow], others: Iterable[SpanRow]) -> list[SpanRow]:
    """Return the rows of ``rows`` that overlap none of ``others``."""
    taken = [(o.match.start, o.match.end) for o in others]
    return [r for r in rows if not any(s < r.match.end and r.match.start < e for s, e in taken)]
