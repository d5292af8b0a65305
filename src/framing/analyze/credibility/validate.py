"""Validation of the composite against external outlet ratings (cited metadata, never an input).

``lexicons/sources/ratings.csv`` (``outlet,rating,rating_score,rating_source,
rating_date,url,checked``) keeps one dated, cited rating per outlet, e.g.
Media Bias/Fact Check's factual-reporting level.  :func:`validate` averages
the composite per outlet over the analyses given, then reports the Spearman
rank correlation with ``rating_score`` over the rated outlets, and which
outlets rank in the top third (no state-media outlet should).  The ratings
never enter :func:`~framing.analyze.credibility.composite`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

import pandas as pd

from framing.analyze.credibility.composite import composite
from framing.analyze.credibility.indicators import credibility_frame
from framing.detect.outlets import OutletList, _bundled_file, _lexicon_dir, load_outlets

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

RATINGS_FILE = "sources/ratings.csv"
RATING_COLUMNS = ["outlet", "rating", "rating_score", "rating_source", "rating_date", "url", "checked"]

#: Target of the rank correlation (issue 15): a composite that orders outlets
#: the way a published reliability rating does, at least roughly.
TARGET_RHO = 0.6


def load_ratings(directory: str | Path | None = None) -> pd.DataFrame:
    """Return the ratings file of a lexicon folder (the bundled one when it has none), one row per outlet."""
    path = _lexicon_dir(directory) / RATINGS_FILE
    if not path.is_file():
        path = _bundled_file(RATINGS_FILE)
    if not path.is_file():
        return pd.DataFrame(columns=RATING_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    df = pd.DataFrame(rows, columns=RATING_COLUMNS)
    df["rating_score"] = pd.to_numeric(df["rating_score"], errors="coerce")
    return df


def canonical_outlet(outlet: str, outlets: OutletList) -> str:
    """Return the listed outlet a catalog outlet string names ("RT (repost on x.com)" -> "RT"), else itself."""
    o = outlets.lookup(outlet)
    if o is not None:
        return o.name
    # "RT (repost on x.com)", "Reddit r/readanotherbook (mirror ...)": the outlet the string starts with,
    # never one it merely mentions ("Western magazine relaying the Kremlin's text").
    head = outlet.split("(")[0].strip()
    o = outlets.lookup(head)
    if o is not None:
        return o.name
    hits = outlets.find_all(head)
    return hits[0][2].name if hits and hits[0][0] == 0 else outlet.strip()


def outlet_composites(analyses: Iterable[CorpusAnalysis], weights: Mapping[str, float] | None = None,
                      outlets: OutletList | None = None) -> pd.DataFrame:
    """Return one row per canonical outlet: ``outlet, type, parts, composite`` (mean over its parts).

    A *part* is one outlet's text in one document (``credibility_frame(by=
    "segment")`` summed per document and segment outlet), so a forum post
    quoting an RT article gives an RT part and a forum part.
    """
    outlets = outlets or load_outlets()
    rows = []
    for a in analyses:
        doc = composite(_parts(a, outlets), weights)
        for _, r in doc.iterrows():
            if pd.notna(r["composite"]):
                rows.append({"outlet": canonical_outlet(str(r["outlet"]), outlets), "composite": r["composite"]})
    df = pd.DataFrame(rows, columns=["outlet", "composite"])
    out = df.groupby("outlet", sort=False)["composite"].agg(["mean", "size"]).reset_index()
    out.columns = ["outlet", "composite", "parts"]
    out["type"] = [o.type if (o := outlets.get(n)) else "" for n in out["outlet"]]
    out["composite"] = out["composite"].round(3)
    return out.sort_values("composite", ascending=False).reset_index(drop=True)[
        ["outlet", "type", "parts", "composite"]]


def _parts(a: CorpusAnalysis, outlets: OutletList) -> pd.DataFrame:
    """Return the indicators of each (document, segment outlet) part of an analysis."""
    doc = credibility_frame(a, by="document", outlets=outlets)
    n_outlets: dict[str, set[str]] = {}
    for d in a.documents:
        for s in d.parsed.segments:
            if s.kind != "boilerplate":
                n_outlets.setdefault(d.parsed.doc.doc_id, set()).add(s.outlet)
    multi = {d for d, o in n_outlets.items() if len(o) > 1}
    if not multi:
        return doc
    # Documents with several outlets (a forum post quoting RT): one row per part.
    seg = credibility_frame(a, by="segment", outlets=outlets)
    keep = doc[~doc["doc_id"].isin(multi)]
    parts = []
    for (doc_id, outlet), g in seg[seg["doc_id"].isin(multi)].groupby(["doc_id", "outlet"], sort=False):
        parts.append(_merge_segments(g, doc_id, outlet))
    return pd.concat([keep, pd.DataFrame(parts)], ignore_index=True)


def _merge_segments(g: pd.DataFrame, doc_id: str, outlet: str) -> dict:
    """Return one indicator row for the segments of one outlet in one document (token-weighted means)."""
    row: dict = {"doc_id": doc_id, "outlet": outlet, "stance": g["stance"].iloc[0]}
    w = pd.to_numeric(g["factual_sentences"], errors="coerce").fillna(0)
    for c in g.columns:
        if c in row or not pd.api.types.is_numeric_dtype(g[c]):
            continue
        vals = pd.to_numeric(g[c], errors="coerce")
        ok = vals.notna() & (w > 0)
        row[c] = float((vals[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else math.nan
    for c in ("factual_sentences", "sides"):
        if c in g.columns:
            row[c] = float(pd.to_numeric(g[c], errors="coerce").max())
    return row


@dataclass(frozen=True)
class Validation:
    """The outcome of :func:`validate`: the per-outlet table and its figures."""

    table: pd.DataFrame          # outlet, type, parts, composite, rank, rating, rating_score, ...
    rho: float                   # Spearman rank correlation, composite vs rating_score (rated outlets)
    rated: int                   # outlets with both a composite and a rating
    top_third: tuple[str, ...]   # outlets in the top third by composite
    state_in_top_third: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Return True when rho reaches :data:`TARGET_RHO` and no state-media outlet is in the top third."""
        return self.rho >= TARGET_RHO and not self.state_in_top_third

    def summary(self) -> str:
        """Return the figures as one line of text."""
        return (f"Spearman rho {self.rho:.3f} over {self.rated} rated outlets (target >= {TARGET_RHO}); "
                f"top third: {', '.join(self.top_third)}; state media in top third: "
                f"{', '.join(self.state_in_top_third) or 'none'}")


def validate(analyses: Iterable[CorpusAnalysis], weights: Mapping[str, float] | None = None,
             ratings: pd.DataFrame | None = None, outlets: OutletList | None = None) -> Validation:
    """Return the :class:`Validation` of the composite (``weights``, default ones) against ``ratings``."""
    outlets = outlets or load_outlets()
    ratings = load_ratings() if ratings is None else ratings
    table = outlet_composites(analyses, weights, outlets)
    table["rank"] = range(1, len(table) + 1)
    table = table.merge(ratings[["outlet", "rating", "rating_score", "rating_source", "rating_date", "url"]],
                        on="outlet", how="left")
    rated = table.dropna(subset=["rating_score"])
    rho = float(rated["composite"].corr(rated["rating_score"], method="spearman")) if len(rated) > 2 else math.nan
    n_top = math.ceil(len(table) / 3)
    top = table.head(n_top)
    state = tuple(top.loc[top["type"] == "state_media", "outlet"])
    return Validation(table, round(rho, 3), len(rated), tuple(top["outlet"]), state)
