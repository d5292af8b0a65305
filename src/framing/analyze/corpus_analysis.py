"""The plain result every analysis stage reads: a corpus parsed, detected and assigned to claims, once.

Built by :mod:`framing.orchestrator`; defined here, in the analysis layer, so
the stages that take it (contrast, credibility, provenance, exercises) never
import the orchestrator or anything after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Mapping

from framing.core.errors import Problem
from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon
from framing.text.parse import ParsedDocument

if TYPE_CHECKING:  # pandas and scikit-learn load only when a corpus is built
    import pandas as pd

    from framing.analyze.claims import Claims


@dataclass(frozen=True, eq=False)
class CorpusAnalysis:
    """A corpus analysed once: each document parsed and detected, the lexicon, the claims and their assignments.

    ``documents[i].parsed`` is the parsed document; ``assignments`` has one
    row per (sentence, claim) (:data:`framing.analyze.claims.ASSIGNMENT_COLUMNS`).
    Identity is the object (``eq=False``), so stages can cache per analysis.
    """

    documents: tuple[DetectedDocument, ...]
    lexicon: Lexicon
    claims: "Claims"
    problems: tuple[Problem, ...] = field(default=())
    #: Which detectors list spans (``lexicon``, ``model`` or ``both``; see :func:`framing.detect.spans.document_spans`).
    detector: str = "both"
    #: Span model file (None: the bundled model).
    model: str | None = None
    #: One-line notes per document that are not problems, e.g. a text that is not English.
    notes: tuple[Problem, ...] = field(default=())

    @property
    def parsed(self) -> tuple[ParsedDocument, ...]:
        """Return the parsed documents, in corpus order."""
        return tuple(d.parsed for d in self.documents)

    def span_model(self):  # -> framing.detect.spanmodel.model.SpanModel | None
        """Return the span model in use (loaded once per process), or None for the lexicon detector."""
        if self.detector == "lexicon":
            return None
        from framing.detect.spanmodel.model import load_model
        return load_model(self.model)

    @cached_property
    def assignments(self) -> "pd.DataFrame":
        """Return the sentence -> claim assignments, computed on first use and kept.

        Commands that never read claims (``framing spans``) then pay neither the
        assignment nor the scikit-learn import it needs.
        """
        from framing.analyze.claims import assign_claims
        return assign_claims(list(self.parsed), self.claims)

    @cached_property
    def by_id(self) -> Mapping[str, DetectedDocument]:
        """Return the detected documents keyed by document id."""
        return {d.doc_id: d for d in self.documents}

    def assignments_for(self, claim_id: str) -> "pd.DataFrame":
        """Return the assignments of one claim (raises a FramingError listing known ids if it is unknown)."""
        self.claims.get(claim_id)
        df = self.assignments
        return df[df["claim_id"] == claim_id].reset_index(drop=True)
