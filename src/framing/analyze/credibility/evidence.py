"""The evidence behind the credibility indicators, and the endnote works with their resolved outlets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from framing.analyze.credibility.facts import credibility_facts
from framing.detect.outlets import OfficialList, OutletList

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def credibility_evidence(analysis: CorpusAnalysis, doc_id: str | None = None, indicator: str | None = None,
                         outlets: OutletList | None = None, officials: OfficialList | None = None
                         ) -> pd.DataFrame:
    """Return the evidence behind the indicators, one row per sentence, span or reference.

    ``analysis`` is a :class:`~framing.orchestrator.CorpusAnalysis`.  Columns:
    ``indicator`` (attributed, vague_attribution, endnote,
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


def endnote_sources(analysis: CorpusAnalysis, outlets: OutletList | None = None,
                    officials: OfficialList | None = None) -> pd.DataFrame:
    """Return one row per endnote work: note number, authors, title, the outlet as written and resolved.

    Columns: ``doc_id, stance, citing_outlet, number, authors, title,
    outlet_raw, outlet, type, country, party_to_conflict, state, primary,
    primary_rule, date, url, host, raw``.  ``primary`` follows
    :data:`~framing.analyze.credibility.PRIMARY_RULE` and ``primary_rule``
    names the rule that applied.
    """
    return credibility_facts(analysis, outlets, officials).endnotes.copy()
