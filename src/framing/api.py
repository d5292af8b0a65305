"""The Python API for notebooks: load, parse and analyse a corpus, DataFrames out.

>>> import framing
>>> a = framing.analyze()                  # the bundled seeds
>>> a.matches().head()                     # one row per lexicon match, with voice
>>> a.scores(by="stance")                  # signals per stance, with evidence
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

import pandas as pd

from framing.text.corpus import load_corpus
from framing.core.errors import Problem
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


MATCH_COLUMNS = ["doc_id", "seg_id", "sent_idx", "stance", "outlet", "seg_kind", "start", "end",
                 "raw_start", "raw_end", "text", "entry_id", "category", "technique", "weight",
                 "loaded", "voice", "speaker", "scare_quote"]


@dataclass
class Analysis:
    """An analysed corpus: parsed documents, their match/voice analyses, and the lexicon used."""

    parsed: list[ParsedDocument]
    problems: list[Problem]
    lexicon: "object"
    analyses: list = field(default_factory=list)
    claims_path: str | None = None

    @property
    def lexicon_version(self) -> str:
        """Return the content hash of the lexicon files used."""
        return self.lexicon.version

    def corpus(self) -> pd.DataFrame:
        """Return one row per segment (see :func:`corpus_frame`)."""
        return corpus_frame(self.parsed)

    def matches(self) -> pd.DataFrame:
        """Return one row per lexicon match with its entry, category, technique, voice and offsets."""
        rows = [asdict(m) for a in self.analyses for m in a.matches]
        df = pd.DataFrame(rows, columns=MATCH_COLUMNS)
        df["lexicon_version"] = self.lexicon_version
        if not df.empty:
            entries = self.lexicon.entries_frame().set_index("id")
            df["rationale"] = df["entry_id"].map(entries["rationale"])
            df["neutral_alternative"] = df["entry_id"].map(entries["neutral_alternative"])
        return df

    def scores(self, by: str = "segment") -> pd.DataFrame:
        """Return the signals per segment, document, stance or outlet (see :mod:`framing.analyze.scoring`)."""
        from framing.analyze.scoring import score_frame
        return score_frame(self.analyses, self.lexicon.categories, by=by)

    def claims(self, claim_id: str | None = None) -> pd.DataFrame:
        """Return sentence-to-claim assignments (see :func:`framing.analyze.claims.assign_claims`), cached."""
        if "_claims" not in self.__dict__:
            from framing.analyze.claims import assign_claims, load_claims
            self.__dict__["_claims"] = assign_claims(self.parsed, load_claims(self.claims_path))
        df = self.__dict__["_claims"]
        return df[df["claim_id"] == claim_id].reset_index(drop=True) if claim_id else df

    def contrast(self, claim_id: str) -> pd.DataFrame:
        """Return the per-stance contrast for one claim (see :func:`framing.analyze.contrast.contrast_frame`)."""
        from framing.analyze.contrast import contrast_frame
        self._check_claim(claim_id)
        return contrast_frame(self, claim_id)

    def contrast_sentences(self, claim_id: str) -> pd.DataFrame:
        """Return the sentences behind a claim's contrast, with own/quoted matches and sources."""
        from framing.analyze.contrast import contrast_sentences
        self._check_claim(claim_id)
        return contrast_sentences(self, claim_id)

    def distinctive(self, by: str = "stance", claim_id: str | None = None, top: int | None = None
                    ) -> pd.DataFrame:
        """Return distinctive terms per group (log-odds with informative Dirichlet prior, z-scored)."""
        from framing.analyze.distinctive import distinctive_terms
        return distinctive_terms(self.parsed, by=by, claim_id=claim_id,
                                 assignments=self.claims() if claim_id else None,
                                 lexicon=self.lexicon, top=top)

    def _check_claim(self, claim_id: str) -> None:
        from framing.analyze.claims import load_claims
        load_claims(self.claims_path).get(claim_id)  # raises a FramingError listing known ids

    @cached_property
    def by_id(self) -> dict:
        """Return the document analyses keyed by document id."""
        return {a.doc_id: a for a in self.analyses}


def analyze(paths: Iterable[str | Path] | None = None, catalog: str | Path | None = None,
            lexicons: str | Path | None = None, sentiment: bool = True,
            claims: str | Path | None = None) -> Analysis:
    """Return an :class:`Analysis` of the documents under ``paths`` (default: the bundled seeds).

    ``lexicons`` is a folder of lexicon CSVs (default: the bundled ``lexicons/``);
    ``claims`` a claim registry CSV (default: the bundled ``seeds/claims.csv``).
    Problems with input files are collected in ``Analysis.problems``, not raised.
    """
    from framing.detect.document import analyze_document
    from framing.detect.lexicon import load_lexicon
    from framing.detect.matcher import compile_matcher

    lexicon = load_lexicon(lexicons)
    matcher = compile_matcher(lexicon)
    parsed, problems = load_parsed(paths, catalog)
    problems = list(problems) + list(lexicon.problems)
    analyses = [analyze_document(p, lexicon, matcher, with_sentiment=sentiment) for p in parsed]
    return Analysis(parsed, problems, lexicon, analyses, str(claims) if claims else None)


def analyze_from_store(store_path: str | Path | None = None, lexicons: str | Path | None = None,
                       doc_ids: Iterable[str] | None = None, run_id: int | None = None,
                       lexicon_version: str | None = None) -> Analysis:
    """Return an :class:`Analysis` read from a result store written by ``framing score``, without rescoring.

    ``store_path`` defaults to :func:`framing.core.config.store_path`; ``doc_ids``
    or ``run_id`` restrict it to some documents or to one run's documents
    (default: every document with results).  The lexicon version is that of
    ``lexicons`` when the store has results for it, else the latest run's
    (rebuilt from the lexicon files the store keeps).  Raises
    :class:`~framing.core.errors.StoreError` when the store is missing or empty.
    """
    from framing.store.batch import load_store_analysis

    lexicon, analyses = load_store_analysis(store_path, lexicons, lexicon_version, doc_ids, run_id)
    return Analysis([a.parsed for a in analyses], [], lexicon, analyses)
