"""The one orchestrator: runs load -> repair -> segment -> match -> claims over a corpus, once.

Every later stage (scoring, contrast, credibility, provenance, distinctive
terms, exercises) takes the plain :class:`CorpusAnalysis` this module builds,
never a facade with lazy methods.  The notebook API (:mod:`framing.api`),
the batch runner (:mod:`framing.store.batch`) and the dashboard call
:func:`detect_one` for a single document and :func:`build` /
:func:`analyze_corpus` for a corpus, so all three get identical results from
the same code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from framing.analyze.corpus_analysis import CorpusAnalysis
from framing.core.errors import Problem
from framing.core.types import Document, SegmentRule
from framing.detect.document import DetectedDocument, detect_document
from framing.detect.lexicon import Lexicon, load_lexicon
from framing.detect.matcher import Matcher, compile_matcher
from framing.text.corpus import load_corpus
from framing.text.parse import parse_document

if TYPE_CHECKING:
    from framing.analyze.claims import Claims


def detect_one(doc: Document, lexicon: Lexicon, matcher: Matcher | None = None,
               rules: Iterable[SegmentRule] = (), with_sentiment: bool = True) -> DetectedDocument:
    """Return one document parsed (repair, segment, sentences) and detected (matches, voice, sentiment)."""
    return detect_document(parse_document(doc, rules), lexicon, matcher, with_sentiment=with_sentiment)


def language_notes(documents: Iterable[DetectedDocument]) -> tuple[Problem, ...]:
    """Return one note per document whose text does not look English (see :mod:`framing.text.language`)."""
    from framing.text.language import language_note
    out = []
    for d in documents:
        note = language_note(d.parsed.doc.raw)
        if note:
            out.append(Problem(d.parsed.doc.path or d.doc_id, None, note,
                               "read the spans of such texts by hand or add lexicon entries in that language"))
    return tuple(out)


def build(documents: Iterable[DetectedDocument], lexicon: Lexicon, claims: "Claims | str | Path | None" = None,
          problems: Iterable[Problem] = (), detector: str = "both", model: str | Path | None = None
          ) -> CorpusAnalysis:
    """Return the :class:`CorpusAnalysis` of already detected documents (claim assignments made on first use).

    ``claims`` is a loaded registry or a registry path (default: the bundled
    ``seeds/claims.csv``); problems with its rows join ``problems``.
    ``detector``/``model`` choose what lists spans (see :class:`CorpusAnalysis`).
    """
    from framing.detect.spans import DETECTORS
    if detector not in DETECTORS:
        from framing.core.errors import FramingError
        raise FramingError(f"unknown detector {detector!r}", fix="use one of " + ", ".join(DETECTORS))
    from framing.analyze.claims import Claims, load_claims
    docs = tuple(documents)
    registry = claims if isinstance(claims, Claims) else load_claims(claims)
    return CorpusAnalysis(docs, lexicon, registry, tuple(problems), detector,
                          str(model) if model else None, language_notes(docs))


def analyze_corpus(paths: Iterable[str | Path] | None = None, catalog: str | Path | None = None,
                   lexicons: str | Path | Lexicon | None = None, claims: "Claims | str | Path | None" = None,
                   sentiment: bool = True, matcher: Matcher | None = None, detector: str = "both",
                   model: str | Path | None = None) -> CorpusAnalysis:
    """Return the :class:`CorpusAnalysis` of the documents under ``paths`` (default: the bundled seeds).

    ``lexicons`` is a folder of lexicon CSVs or a loaded :class:`Lexicon`
    (default: the bundled ``lexicons/``).  Problems with input files and
    lexicon rows are collected in ``problems``, never raised.  ``detector``
    (``lexicon``, ``model``, ``both``) and ``model`` (a span model file,
    default the bundled one) choose what lists spans.
    """
    lexicon = lexicons if isinstance(lexicons, Lexicon) else load_lexicon(lexicons)
    matcher = matcher or compile_matcher(lexicon)
    corpus = load_corpus(paths or None, catalog)
    detected = [detect_one(d, lexicon, matcher, corpus.rules_for(d), with_sentiment=sentiment)
                for d in corpus.documents]
    return build(detected, lexicon, claims, [*corpus.problems, *lexicon.problems], detector, model)


__all__ = ["CorpusAnalysis", "analyze_corpus", "build", "detect_one"]
