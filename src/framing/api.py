"""The Python API for notebooks: load, parse and analyse a corpus, DataFrames out.

>>> import framing
>>> a = framing.analyze()                  # the bundled seeds
>>> a.matches().head()                     # one row per lexicon match, with voice
>>> a.scores(by="stance")                  # signals per stance, with evidence
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Iterable

import pandas as pd

from framing.core.errors import Problem
from framing.core.types import MATCH_FIELDS
from framing.orchestrator import CorpusAnalysis, analyze_corpus, build
from framing.text.corpus import load_corpus
from framing.text.parse import ParsedDocument, parse_document


def load_parsed(paths: Iterable[str | Path] | None = None, catalog: str | Path | None = None
                ) -> tuple[list[ParsedDocument], list[Problem]]:
    """Return the parsed documents under ``paths`` (default: bundled seeds) and the problems met."""
    corpus = load_corpus(paths or None, catalog)
    return [parse_document(d, corpus.rules_for(d)) for d in corpus.documents], corpus.problems


def corpus_frame(parsed: list[ParsedDocument]) -> pd.DataFrame:
    """Return one row per segment: doc_id, seg_id, stance, outlet, kind, chars, sentences, tokens."""
    rows = []
    for p in parsed:
        for seg in p.segments:
            sents = p.sentences_of(seg)
            rows.append({"doc_id": p.doc.doc_id, "seg_id": seg.seg_id, "stance": seg.stance,
                         "outlet": seg.outlet, "kind": seg.kind, "chars": seg.end - seg.start,
                         "sentences": len(sents), "tokens": sum(len(s.tokens) for s in sents)})
    cols = ["doc_id", "seg_id", "stance", "outlet", "kind", "chars", "sentences", "tokens"]
    return pd.DataFrame(rows, columns=cols)


#: Columns of :meth:`Analysis.matches` before the lexicon columns: the Match fields, then the span columns.
MATCH_COLUMNS = list(MATCH_FIELDS) + ["guideline_category", "guideline_span", "detector", "why"]


class Analysis:
    """The notebook facade over a :class:`~framing.orchestrator.CorpusAnalysis`: the same data, DataFrames out.

    ``data`` is the plain corpus analysis every stage takes; the methods
    only call those stages and shape their output as tables.
    """

    def __init__(self, data: CorpusAnalysis) -> None:
        self.data = data

    @property
    def parsed(self) -> tuple[ParsedDocument, ...]:
        """Return the parsed documents, in corpus order."""
        return self.data.parsed

    @property
    def analyses(self) -> tuple:
        """Return the detected documents (matches, voice, sentiment), in corpus order."""
        return self.data.documents

    @property
    def lexicon(self):  # -> framing.detect.lexicon.Lexicon
        """Return the lexicon the corpus was matched with."""
        return self.data.lexicon

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Return the problems met with input files, lexicon rows and claim rows."""
        return self.data.problems

    @property
    def lexicon_version(self) -> str:
        """Return the content hash of the lexicon files used."""
        return self.data.lexicon.version

    @property
    def by_id(self) -> dict:
        """Return the detected documents keyed by document id."""
        return dict(self.data.by_id)

    def corpus(self) -> pd.DataFrame:
        """Return one row per segment (see :func:`corpus_frame`)."""
        return corpus_frame(list(self.parsed))

    @property
    def notes(self) -> tuple[Problem, ...]:
        """Return one-line notes per document that are not problems (a text that is not English)."""
        return self.data.notes

    def matches(self, detector: str | None = None) -> pd.DataFrame:
        """Return one row per detected span: lexicon matches, scare quotes and span-model spans, in text order.

        Columns :data:`MATCH_COLUMNS` plus ``lexicon_version``, ``rationale``,
        ``neutral_alternative`` and ``source`` (the lexicon entry's).  ``guideline_category`` is the annotation
        guideline's category (empty for neutral markers such as attribution
        phrases, hedges and standard spellings, whose ``guideline_span`` is
        False); ``detector`` says who found the span (``lexicon``, ``model``,
        ``both``, ``voice`` for scare quotes); ``why`` gives a model span's
        top features and the lexicon entry it overlaps.  ``detector``
        overrides the analysis' detector (``lexicon``, ``model``, ``both``).
        """
        from framing.detect.spans import document_spans
        det = detector or self.data.detector
        model = self.data.span_model() if det != "lexicon" else None
        rows = []
        for a in self.analyses:
            for r in document_spans(a, self.lexicon, det, model):
                row = asdict(r.match)
                row.update(guideline_category=r.guideline_category, guideline_span=r.guideline_span,
                           detector=r.detector, why=r.why)
                rows.append(row)
        df = pd.DataFrame(rows, columns=MATCH_COLUMNS)
        df["lexicon_version"] = self.lexicon_version
        if not df.empty:
            entries = self.lexicon.entries_frame().set_index("id")
            df["rationale"] = df["entry_id"].map(entries["rationale"])
            df["neutral_alternative"] = df["entry_id"].map(entries["neutral_alternative"])
            df["source"] = df["entry_id"].map(entries["source"])
        return df

    def search(self, query: str, stances: Iterable[str] | None = None, whole_word: bool = True) -> pd.DataFrame:
        """Return one row per hit of ``query`` in the corpus' sentences (see :func:`framing.analyze.search.search_sentences`)."""
        from framing.analyze.search import search_sentences
        return search_sentences(self.parsed, query, stances, whole_word)

    def document_summary(self) -> pd.DataFrame:
        """Return one row per document: title, outlet, stances, tokens and its loaded matches by voice.

        (Not named ``documents``: stages tell a ``CorpusAnalysis`` from this
        facade by its ``documents`` attribute.)

        ``loaded_own_matches``/``loaded_quoted_matches`` count the loaded
        lexicon matches in the outlet's own voice and in quoted speech (the
        matches loadedness is scored from); ``loaded_own``/``loaded_quoted``
        are those per 1,000 own-voice / quoted tokens, as in :meth:`scores`.
        """
        cols = ["doc_id", "title", "outlet", "stances", "tokens", "own_tokens", "quoted_tokens",
                "loaded_own_matches", "loaded_quoted_matches", "loaded_own", "loaded_quoted", "scare_quotes"]
        sc = self.scores(by="document")
        by_doc = sc.set_index("doc_id").to_dict("index") if not sc.empty else {}
        rows = []
        for a in self.analyses:
            p = a.parsed
            s = by_doc.get(p.doc.doc_id, {})
            own = sum(1 for m in a.matches if m.loaded and m.voice == "own")
            quoted = sum(1 for m in a.matches if m.loaded and m.voice == "quoted")
            rows.append({"doc_id": p.doc.doc_id, "title": p.doc.meta.get("title", ""), "outlet": p.doc.outlet,
                         "stances": ", ".join(sorted({g.stance for g in p.segments})),
                         "tokens": int(s.get("tokens", 0) or 0), "own_tokens": int(s.get("own_tokens", 0) or 0),
                         "quoted_tokens": int(s.get("quoted_tokens", 0) or 0),
                         "loaded_own_matches": own, "loaded_quoted_matches": quoted,
                         "loaded_own": s.get("loaded_own"), "loaded_quoted": s.get("loaded_quoted"),
                         "scare_quotes": int(s.get("scare_quotes", 0) or 0)})
        return pd.DataFrame(rows, columns=cols)

    def scores(self, by: str = "segment") -> pd.DataFrame:
        """Return the signals per segment, document, stance or outlet (see :mod:`framing.analyze.scoring`)."""
        from framing.analyze.scoring import score_frame
        return score_frame(self.analyses, self.lexicon.categories, by=by)

    def claims(self) -> pd.DataFrame:
        """Return the claim registry in use, one row per claim (see :func:`framing.analyze.claims.load_claims`)."""
        return self.data.claims.frame()

    def assignments(self, claim_id: str | None = None) -> pd.DataFrame:
        """Return the sentence-to-claim assignments (see :func:`framing.analyze.claims.assign_claims`)."""
        return self.data.assignments_for(claim_id) if claim_id else self.data.assignments

    def contrast(self, claim_id: str) -> pd.DataFrame:
        """Return the per-stance contrast for one claim (see :func:`framing.analyze.contrast.contrast_frame`)."""
        from framing.analyze.contrast import contrast_frame
        return contrast_frame(self.data, claim_id)

    def contrast_sentences(self, claim_id: str) -> pd.DataFrame:
        """Return the sentences behind a claim's contrast, with own/quoted matches and sources."""
        from framing.analyze.contrast import contrast_sentences
        return contrast_sentences(self.data, claim_id)

    def distinctive(self, by: str = "stance", claim_id: str | None = None, top: int | None = None,
                    min_count: int = 2) -> pd.DataFrame:
        """Return distinctive terms per group (log-odds with informative Dirichlet prior, z-scored).

        ``min_count``: a group's terms used fewer times are left out (1 suits a claim's few sentences).
        """
        from framing.analyze.distinctive import distinctive_terms
        return distinctive_terms(list(self.parsed), by=by, claim_id=claim_id,
                                 assignments=self.assignments(claim_id) if claim_id else None,
                                 lexicon=self.lexicon, top=top, min_count=min_count)

    def _segments_and_matches(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Return ``(scores per prose segment, lexicon matches)``: the counts every rate below is built from."""
        m = self.matches(detector="lexicon")
        return self.scores(by="segment"), m[m["detector"] == "lexicon"]

    def rates(self, by: str = "stance", categories: Iterable[str] | None = None,
              guideline_categories: Iterable[str] | None = None, split_voice: bool = True) -> pd.DataFrame:
        """Return loaded phrases per 1,000 tokens per group and voice with k, n, Wilson 95 % and a small-sample mark.

        See :func:`framing.analyze.rates.loaded_rates`; ``by`` is stance, outlet, doc_id or kind.
        """
        from framing.analyze.rates import loaded_rates
        seg, m = self._segments_and_matches()
        return loaded_rates(seg, m, by, categories, guideline_categories, split_voice)

    def category_rates(self, by: str = "stance") -> pd.DataFrame:
        """Return matches per 1,000 tokens per group and lexicon category with k, n and Wilson 95 %.

        See :func:`framing.analyze.rates.category_rates`; loaded categories are flagged ``is_loaded``.
        """
        from framing.analyze.rates import category_rates
        seg, m = self._segments_and_matches()
        loaded = {n: bool(c.loaded) for n, c in self.lexicon.categories.items()}
        return category_rates(seg, m, by, loaded)

    def trend(self, by: str = "stance", period: str = "year", categories: Iterable[str] | None = None,
              guideline_categories: Iterable[str] | None = None, split_voice: bool = True) -> pd.DataFrame:
        """Return loaded phrases per 1,000 tokens per group and catalog period (year or month), with k, n, 95 %.

        See :func:`framing.analyze.rates.loaded_trend` (undated segments are counted in ``df.attrs``).
        """
        from framing.analyze.rates import loaded_trend
        seg, m = self._segments_and_matches()
        return loaded_trend(list(self.parsed), seg, m, by, period, categories, guideline_categories, split_voice)


def analyze(paths: Iterable[str | Path] | None = None, catalog: str | Path | None = None,
            lexicons: str | Path | None = None, sentiment: bool = True,
            claims: str | Path | None = None, detector: str = "both", model: str | Path | None = None) -> Analysis:
    """Return an :class:`Analysis` of the documents under ``paths`` (default: the bundled seeds).

    ``lexicons`` is a folder of lexicon CSVs (default: the bundled ``lexicons/``);
    ``claims`` a claim registry CSV (default: the bundled ``seeds/claims.csv``).
    Problems with input files are collected in ``Analysis.problems``, not raised.
    ``detector`` (``lexicon``, ``model``, ``both``) and ``model`` (a span model
    file from ``framing train``; default the bundled one) choose what
    :meth:`Analysis.matches` lists.
    """
    return Analysis(analyze_corpus(paths, catalog, lexicons, claims, sentiment, detector=detector, model=model))


def analyze_from_store(store_path: str | Path | None = None, lexicons: str | Path | None = None,
                       doc_ids: Iterable[str] | None = None, run_id: int | None = None,
                       lexicon_version: str | None = None, claims: str | Path | None = None) -> Analysis:
    """Return an :class:`Analysis` read from a result store written by ``framing score``, without rescoring.

    ``store_path`` defaults to :func:`framing.core.config.store_path`; ``doc_ids``
    or ``run_id`` restrict it to some documents or to one run's documents
    (default: every document with results).  The lexicon version is that of
    ``lexicons`` when the store has results for it, else the latest run's
    (rebuilt from the lexicon files the store keeps).  ``claims`` is the
    registry to assign (default: the bundled one).  Raises
    :class:`~framing.core.errors.StoreError` when the store is missing or empty.
    """
    from framing.store.readback import load_store_analysis

    lexicon, analyses = load_store_analysis(store_path, lexicons, lexicon_version, doc_ids, run_id)
    return Analysis(build(analyses, lexicon, claims))
