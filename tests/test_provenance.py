"""Who cites whom: provenance edges from attributions, endnotes and links, a graph and DOT."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from framing.api import analyze
from framing.present.cli import main
from framing.analyze.provenance import EDGE_COLUMNS, provenance_edges, provenance_graph, to_dot


@pytest.fixture(scope="module")
def edges(seed_analysis) -> pd.DataFrame:
    return provenance_edges(seed_analysis.data)


def _edge(edges: pd.DataFrame, doc: str, cited: str, via: str) -> pd.Series:
    rows = edges[edges["citing_doc"].str.startswith(doc) & (edges["cited"] == cited) & (edges["via"] == via)]
    assert len(rows) == 1, f"{doc} -> {cited} via {via}: {len(rows)} rows"
    return rows.iloc[0]


def test_columns(edges):
    assert list(edges.columns) == EDGE_COLUMNS
    assert (edges["count"] >= 1).all()


@pytest.mark.parametrize("doc, cited, via, cited_type", [
    ("003", "TASS", "attribution", "state_media"),
    ("003", "Yonhap", "attribution", "wire"),
    ("001", "the Kremlin", "attribution", "government_body"),
    ("001", "Vladimir Putin", "attribution", "official"),
    ("002", "Reuters", "endnote", "wire"),
    ("002", "KCNA", "endnote", "state_media"),
    ("002", "NK News", "endnote", "independent_media"),
    ("000", "Center for National Resistance", "attribution", "government_body"),
    ("004", "Choe Son-hui", "attribution", "official"),
])
def test_seed_edges(edges, doc, cited, via, cited_type):
    e = _edge(edges, doc, cited, via)
    assert e["cited_type"] == cited_type
    assert e["text"], "every edge carries its sentence or reference"


def test_edge_counts_and_evidence(edges):
    tass = _edge(edges, "003", "TASS", "attribution")
    assert tass["count"] == 3 and tass["citing_stance"] == "wire_rewrite" and tass["state"]
    assert "as quoted by TASS" in tass["details"]
    reuters = _edge(edges, "002", "Reuters", "endnote")
    assert reuters["count"] == 4 and "endnote 2" in reuters["details"]
    cns = _edge(edges, "000", "Center for National Resistance", "attribution")
    # "the CNS" x3, "the Centre for National Resistance (CNR)" and the headline "... - CNS": one node
    assert cns["count"] == 5
    assert not (edges["cited"].isin(["CNS", "CNR", "Centre for National Resistance (CNR)"])).any()


def test_self_citation_and_links(edges):
    isdp = _edge(edges, "002", "ISDP", "endnote")
    assert isdp["self_citation"] and isdp["citing_outlet_resolved"] == "ISDP"
    # The RT URL under the quoted article is the thread's source link: the forum thread cites RT.
    rt = _edge(edges, "004", "RT", "link")
    assert rt["citing_stance"] == "forum" and not rt["self_citation"]
    tampa = _edge(edges, "004", "tampafp.com", "link")
    assert tampa["cited_type"] == "unknown" and tampa["citing_stance"] == "forum"
    replies = edges[(edges["citing_stance"] == "forum")]
    assert set(replies["via"]) == {"link"}  # the replies name no source


def test_graph_nodes_and_edges_are_consistent(edges):
    g = provenance_graph(edges)
    ids = {n["id"] for n in g["nodes"]}
    assert len(ids) == len(g["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert sum(e["count"] for e in g["edges"]) == edges["count"].sum()
    tass = next(n for n in g["nodes"] if n["id"] == "src:TASS")
    assert tass["type"] == "state_media" and tass["state"]
    # By outlet, RT is one node that is both cited (by the thread) and citing (Choe, Lavrov).
    g2 = provenance_graph(edges, by="outlet")
    rt = next(n for n in g2["nodes"] if n["id"] == "src:RT")
    assert rt["kind"] == "outlet+source"
    assert any(e["source"] == "src:RT" for e in g2["edges"]) and any(e["target"] == "src:RT" for e in g2["edges"])
    with pytest.raises(ValueError):
        provenance_graph(edges, by="planet")


def test_dot_is_well_formed_and_escaped(edges):
    dot = to_dot(edges)
    assert dot.startswith("digraph provenance {") and dot.rstrip().endswith("}")
    assert '"src:TASS"' in dot and "style=dashed" in dot and "style=dotted" in dot
    hostile = edges.head(1).copy()
    hostile.loc[hostile.index[0], "cited"] = 'Evil" ] ; x -> y [label="pwn\\'
    out = to_dot(hostile)
    # Every quote inside a label is escaped: stripping escaped quotes leaves balanced pairs.
    stripped = re.sub(r'\\\\|\\"', "", out)
    assert stripped.count('"') % 2 == 0
    assert '\\"' in out


def test_new_text_provenance(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Seoul, May 2 (Example) North Korea fired two missiles into the sea on Thursday, Yonhap news agency "
        "reported, citing the Joint Chiefs of Staff.\n"
        "According to KCNA, the launches tested a new engine.\n"
        "More at https://www.nknews.org/2024/05/launch and https://example.org/blog.\n", encoding="utf-8")
    a = analyze([tmp_path])
    e = provenance_edges(a.data)
    cited = set(zip(e["cited"], e["via"]))
    assert ("Yonhap", "attribution") in cited and ("KCNA", "attribution") in cited
    assert ("NK News", "link") in cited and ("example.org", "link") in cited
    assert (e["citing_stance"] == "unknown").all()  # no catalog: stance unknown, still works


def test_cli_provenance_csv_json_dot(capsys, tmp_path):
    assert main(["provenance"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"citing_doc", "cited", "via", "count"} <= set(df.columns)
    assert main(["provenance", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["cited"] == "TASS" for r in rows)
    out = tmp_path / "g.dot"
    assert main(["provenance", "--format", "dot", "--by", "stance", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph") and '"stance:wire_rewrite"' in text
