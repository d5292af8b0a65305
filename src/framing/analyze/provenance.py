"""Provenance: who cites whom, from attribution frames, endnotes and links.

Each edge says that a document (its stance and outlet) cites a source, how
(``via``: ``attribution`` -- a reporting frame such as "according to TASS" or
a publication frame such as "Rodong Sinmun published"; ``endnote`` -- a work
in its endnotes; ``link`` -- a URL in its text), how often, and with the first
sentence or reference as evidence.  Cited sources are resolved against
``lexicons/outlets.csv`` and ``lexicons/sources/officials.csv`` (the same
resolution as :mod:`framing.analyze.credibility`), so "CNS", "CNR" and "Centre for
National Resistance" are one node.

:func:`provenance_graph` turns edges into nodes and edges a dashboard can
draw; :func:`to_dot` gives a Graphviz DOT string (Streamlit renders it with
``st.graphviz_chart`` and needs no extra package).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import pandas as pd

from framing.analyze.credibility.facts import credibility_facts
from framing.detect.outlets import OfficialList, OutletList, load_outlets
from framing.detect.relays import find_relays

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

__all__ = ["provenance_edges", "provenance_graph", "to_dot", "relay_rows", "EDGE_COLUMNS", "GRAPH_LEVELS",
           "RELAY_COLUMNS"]

#: Columns of :func:`relay_rows`.
RELAY_COLUMNS = ["doc_id", "original", "kind", "evidence", "start", "end"]

EDGE_COLUMNS = ["citing_doc", "citing_stance", "citing_outlet", "citing_outlet_resolved", "cited", "cited_type",
                "cited_country", "party_to_conflict", "state", "via", "count", "text", "details",
                "self_citation"]

#: What a citing node stands for in :func:`provenance_graph`.
GRAPH_LEVELS = ("document", "outlet", "stance")

#: Node fill colours by source type (the legend is in docs/credibility.md).
#: State voices are warm, independent and wire sources cool, unknown grey.
TYPE_COLOURS = {
    "state_media": "#f4a6a6", "government_body": "#f7c59f", "official": "#f9e0a0",
    "wire": "#a6cbf4", "independent_media": "#b8e0c8", "think_tank": "#d3c4f0", "forum": "#e0e0e0",
    "named": "#ffffff", "unknown": "#eeeeee",
}
_VIA_STYLE = {"attribution": "solid", "endnote": "dashed", "link": "dotted"}


def provenance_edges(analysis: CorpusAnalysis, outlets: OutletList | None = None,
                     officials: OfficialList | None = None) -> pd.DataFrame:
    """Return one row per (citing document part, cited source, via) with its count and evidence.

    ``analysis`` is a :class:`~framing.orchestrator.CorpusAnalysis` (the facts
    are shared with :mod:`framing.analyze.credibility`).  Columns: ``citing_doc, citing_stance, citing_outlet`` (catalog values of
    the citing segment), ``citing_outlet_resolved`` (the outlets.csv name when
    the catalog outlet *is* a listed outlet), ``cited`` (resolved outlet or
    official name, else the source as written), ``cited_type`` (outlet type,
    ``official``, ``named`` or ``unknown``), ``cited_country``,
    ``party_to_conflict``, ``state``, ``via`` (attribution|endnote|link),
    ``count``, ``text`` (first sentence or reference), ``details`` (frames or
    endnote numbers), ``self_citation``.

    A link inside a part that points to that part's own outlet (the RT URL
    under the RT article in seed 004) is where the *document* got the part
    from, so that edge is credited to the document's own stance and outlet.
    """
    facts = credibility_facts(analysis, outlets, officials)
    groups: "OrderedDict[tuple, dict]" = OrderedDict()
    for it in facts.items:
        stance, outlet = it.stance, it.outlet
        own = facts.outlets.lookup(outlet)
        if it.via == "link" and own is not None and own.name == it.source.name:
            meta = facts.doc_meta.get(it.doc_id, {})
            stance, outlet = meta.get("stance") or "unknown", meta.get("outlet") or "unknown"
            own = facts.outlets.lookup(outlet)
        key = (it.doc_id, stance, outlet, it.source.name, it.via)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "citing_doc": it.doc_id, "citing_stance": stance, "citing_outlet": outlet,
                "citing_outlet_resolved": own.name if own else "", "cited": it.source.name,
                "cited_type": it.source.type, "cited_country": it.source.country,
                "party_to_conflict": it.source.party_to_conflict, "state": it.source.state,
                "via": it.via, "count": 0, "text": it.text, "details": [],
                "self_citation": bool(own is not None and own.name == it.source.name)}
        g["count"] += 1
        g["details"].append(it.detail.split(";")[0])
    rows = []
    for g in groups.values():
        g["details"] = "; ".join(dict.fromkeys(g["details"]))
        rows.append(g)
    df = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    df.attrs["problems"] = list(facts.problems)
    return df


def relay_rows(analysis: CorpusAnalysis, outlets: OutletList | None = None) -> pd.DataFrame:
    """Return one row per document and relayed outlet: whose copy each document carries.

    Columns :data:`RELAY_COLUMNS`: ``original`` (outlets.csv name), ``kind``
    (credit, source_line, feed, house_style, pasted, rewrite: see
    :mod:`framing.detect.relays`), ``evidence`` and its ``start``/``end`` in the
    document's repaired text.  Self-citation is never a row.
    """
    outlets = outlets or load_outlets()
    rows = [{"doc_id": r.doc_id, "original": r.original, "kind": r.kind, "evidence": r.evidence,
             "start": r.start, "end": r.end}
            for d in analysis.documents for r in find_relays(d.parsed, outlets, d.voice)]
    return pd.DataFrame(rows, columns=RELAY_COLUMNS)


def _citing_node(row: pd.Series, by: str) -> tuple[str, str, dict]:
    if by == "document":
        label = f"{row['citing_doc'][:3]} {row['citing_outlet']}"
        return f"doc:{row['citing_doc']}|{row['citing_stance']}", label, {
            "kind": "document", "doc_id": row["citing_doc"], "stance": row["citing_stance"]}
    if by == "outlet":
        if row["citing_outlet_resolved"]:
            # The same node as when this outlet is cited: chains show (forum -> RT -> Choe).
            return f"src:{row['citing_outlet_resolved']}", row["citing_outlet_resolved"], {
                "kind": "outlet", "stance": row["citing_stance"]}
        return f"outlet:{row['citing_outlet']}", row["citing_outlet"], {
            "kind": "outlet", "stance": row["citing_stance"]}
    return f"stance:{row['citing_stance']}", row["citing_stance"], {"kind": "stance",
                                                                    "stance": row["citing_stance"]}


def provenance_graph(edges: pd.DataFrame, by: str = "document") -> dict[str, list[dict[str, Any]]]:
    """Return ``{"nodes": [...], "edges": [...]}`` ready to draw.

    Citing nodes are documents (``by="document"``), outlets or stances;
    cited nodes are sources, with ``type``, ``country`` and ``state``.  Node
    ``id`` values are unique strings; each edge has ``source``, ``target``,
    ``via``, ``count`` (summed) and a ``label``.
    """
    if by not in GRAPH_LEVELS:
        raise ValueError(f"by must be one of {', '.join(GRAPH_LEVELS)}")
    nodes: "OrderedDict[str, dict]" = OrderedDict()
    links: "OrderedDict[tuple, dict]" = OrderedDict()
    for _, row in edges.iterrows():
        cid, clabel, cattrs = _citing_node(row, by)
        nodes.setdefault(cid, {"id": cid, "label": clabel, **cattrs})
        tid = f"src:{row['cited']}"
        node = nodes.setdefault(tid, {"id": tid, "label": row["cited"], "kind": "source"})
        # A citing outlet node may also be cited: keep its type once known.
        node.setdefault("type", row["cited_type"])
        node.setdefault("country", row["cited_country"])
        node.setdefault("state", bool(row["state"]))
        if node.get("kind") == "outlet":
            node["kind"] = "outlet+source"
        key = (cid, tid, row["via"])
        e = links.get(key)
        if e is None:
            e = links[key] = {"source": cid, "target": tid, "via": row["via"], "count": 0}
        e["count"] += int(row["count"])
    for e in links.values():
        e["label"] = f"{e['via']} x{e['count']}" if e["count"] > 1 else e["via"]
    return {"nodes": list(nodes.values()), "edges": list(links.values())}


def _q(text: Any) -> str:
    """Return ``text`` as a quoted DOT string (article text is untrusted: escape it)."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
    return f'"{s}"'


def to_dot(edges: pd.DataFrame, by: str = "document") -> str:
    """Return a Graphviz DOT digraph of ``edges`` (from :func:`provenance_edges`).

    Citing documents/outlets/stances are boxes; cited sources are ellipses
    filled by type (:data:`TYPE_COLOURS`); edges are solid for attributions,
    dashed for endnotes, dotted for links, and labelled with their counts.
    """
    g = provenance_graph(edges, by)
    lines = ["digraph provenance {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for n in g["nodes"]:
        if n["kind"] in ("document", "outlet", "stance"):
            attrs = f"shape=box, style=filled, fillcolor={_q('#dde6f0')}"
        else:
            colour = TYPE_COLOURS.get(n.get("type", "unknown"), "#eeeeee")
            shape = "box" if n["kind"] == "outlet+source" else "ellipse"
            attrs = f"shape={shape}, style=filled, fillcolor={_q(colour)}"
        tip = n.get("type") or n.get("stance") or ""
        lines.append(f"  {_q(n['id'])} [label={_q(n['label'])}, tooltip={_q(tip)}, {attrs}];")
    for e in g["edges"]:
        style = _VIA_STYLE.get(e["via"], "solid")
        lines.append(f"  {_q(e['source'])} -> {_q(e['target'])} [label={_q(e['label'])}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
