"""Credibility indicators on the seeds and on new text: each number with the evidence behind it."""

from __future__ import annotations

import dataclasses
import json
import math
import textwrap

import pandas as pd
import pytest

from framing.api import analyze
from framing.present.cli import main
from framing.analyze.credibility import (COMPONENTS, DEFAULT_WEIGHTS, RELAY_SHARE_THRESHOLD, composite,
                                         credibility_evidence, credibility_facts, credibility_frame,
                                         endnote_sources, is_primary, parse_weights)
from framing.core.errors import FramingError
from framing.detect.outlets import load_officials, load_outlets
from framing.core.types import Reference

# --------------------------------------------------------------------------
# Outlets and officials
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("TASS", "TASS"),
    ("as quoted by TASS", "TASS"),
    ("Putin's website", "the Kremlin"),
    ("Putin\u2019s website", "the Kremlin"),
    ("Yonhap news agency", "Yonhap"),
    ("the CNS", "Center for National Resistance"),
    ("the Centre for National Resistance (CNR)", "Center for National Resistance"),
    ("Korean Central News Agency", "KCNA"),
    ("AP News", "AP"),
    ("NK Pro", "NK News"),
])
def test_outlet_names_and_aliases_resolve(text, name):
    outlet = load_outlets().resolve(text)
    assert outlet is not None and outlet.name == name


@pytest.mark.parametrize("text", ["various Russian news outlets", "the report", "rt and ap in lower case",
                                  "Russian President Vladimir Putin", "tassel"])
def test_non_outlets_do_not_resolve(text):
    assert load_outlets().resolve(text) is None


def test_urls_resolve_by_host():
    outlets = load_outlets()
    assert outlets.resolve_url("http://en.kremlin.ru/events/president/news/74317").name == "the Kremlin"
    assert outlets.resolve_url("https://www.reuters.com/world/x").name == "Reuters"
    assert outlets.resolve_url("https://www.tampafp.com/north-korean-troops/") is None


def test_catalog_outlet_lookup_is_exact():
    outlets = load_outlets()
    assert outlets.lookup("Institute for Security and Development Policy (ISDP)").name == "ISDP"
    # A description that merely mentions an outlet is not that outlet.
    assert outlets.lookup("Western magazine relaying the Kremlin's text") is None


def test_officials_resolve_with_spelling_variants():
    officials = load_officials()
    assert officials.resolve("Russian President Vladimir Putin").name == "Vladimir Putin"
    assert officials.resolve("Sergei Lavrov").name == officials.resolve("Sergey Lavrov").name
    assert officials.resolve("Kim Jong-un").name == "Kim Jong Un"
    assert officials.resolve("Choe") is None  # a bare surname is ambiguous (S.-H. Choe, NYT)


def test_malformed_outlet_rows_are_problems_with_line_numbers(tmp_path):
    (tmp_path / "outlets.csv").write_text(textwrap.dedent("""\
        name,aliases,country,type,party_to_conflict,notes
        TASS,tass.com,Russia,state_media,true,ok
        Bad Type,,Nowhere,blog,false,unknown type
        No Party,,Nowhere,wire,maybe,bad boolean
        Too,Many,Fields,wire,false,x,y
        ,nameless,Nowhere,wire,false,
        Other,TASS,Russia,wire,false,alias clash
        """), encoding="utf-8")
    outlets = load_outlets(tmp_path)
    assert [o.name for o in outlets] == ["TASS", "Other"]
    lines = sorted(p.line for p in outlets.problems)
    assert lines == [3, 4, 5, 6, 7]
    assert all(p.path.endswith("outlets.csv") and p.fix for p in outlets.problems)
    assert outlets.resolve("TASS").name == "TASS"  # the first row keeps a contested alias
    with pytest.raises(dataclasses.FrozenInstanceError):
        outlets.outlets = ()  # type: ignore[misc]


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs(seed_analysis) -> pd.DataFrame:
    df = credibility_frame(seed_analysis.data, by="document")
    return df.set_index(df["doc_id"].str[:3])


def test_003_is_a_rewrite_of_tass_with_yonhap_listed(docs, seed_analysis):
    row = docs.loc["003"]
    assert row["rewrite"] and row["rewrite_of"] == "TASS"
    assert row["relay_share"] >= RELAY_SHARE_THRESHOLD
    assert "Yonhap" in row["relayed_sources"]
    ev = credibility_evidence(seed_analysis.data, "003", "relay")
    tass = ev[ev["source"] == "TASS"]
    assert len(tass) == row["relay_sentences"]
    assert any("as quoted by TASS" in t for t in tass["text"])
    # Choe's quoted words reach the text through TASS, and the evidence says so.
    assert any("credited to TASS" in d for d in tass["detail"])


def test_001_relays_the_kremlins_text(docs, seed_analysis):
    row = docs.loc["001"]
    assert row["rewrite"] and row["rewrite_of"] == "the Kremlin"
    assert "Rodong Sinmun" in row["relayed_sources"]
    ev = credibility_evidence(seed_analysis.data, "001", "relay")
    assert any("Putin\u2019s website" in t for t in ev[ev["source"] == "the Kremlin"]["text"])


def test_documents_that_do_not_relay_are_not_flagged(docs):
    assert not docs.loc["002"]["rewrite"] and docs.loc["002"]["relay_share"] < RELAY_SHARE_THRESHOLD


def test_004_rt_part_is_rts_own_text_not_a_rewrite(docs, seed_analysis):
    # The first post pastes the RT article whole, and the catalog makes that part RT's own text
    # (part 1: quoted_article, outlet RT, stance kremlin_rt): its sentences are scored as RT's own
    # framing, so the thread is not a rewrite by attribution; the paste itself is relay evidence of
    # the document (tests/test_relays.py: 004 -> RT, kind "pasted").
    row = docs.loc["004"]
    assert not row["rewrite"]
    rt = [m for a in seed_analysis.analyses if a.doc_id.startswith("004") for m in a.matches
          if m.outlet == "RT" and m.loaded]
    assert rt and all(m.voice == "own" or m.speaker not in ("", "RT") for m in rt)


def test_002_endnote_sourcing(docs, seed_analysis):
    row = docs.loc["002"]
    assert row["endnotes"] == 30 and row["endnote_citations"] == 30
    assert row["endnote_works"] > 30  # some notes cite several works
    for outlet in ("Reuters", "TASS", "KCNA", "NK News"):
        assert outlet in row["endnote_outlets"]
    assert 0 < row["primary_share"] < 0.5
    notes = endnote_sources(seed_analysis.data)
    notes = notes[notes["doc_id"].str.startswith("002")]
    assert notes["number"].nunique() == 30
    by_title = notes.set_index("title")
    treaty = by_title.loc["DPRK-Russia Treaty on Comprehensive Strategic Partnership"].iloc[0]
    assert treaty["primary"] and treaty["outlet"] == "KCNA"
    statement = notes[notes["number"] == 1].iloc[0]
    assert statement["primary"] and statement["primary_rule"] == "government_body"
    tass = notes[notes["outlet"] == "TASS"]
    assert len(tass) == 3 and not tass["primary"].any()  # reports about official acts are secondary
    assert (notes[notes["outlet"] == "Reuters"]["type"] == "wire").all()
    # Endnote markers make the brief's sentences sourced even without a reporting verb.
    assert row["cited_sentences"] >= 25 and row["attributed_share"] < row["sourced_share"]


def test_forum_replies_show_no_sourcing(seed_analysis):
    seg = credibility_frame(seed_analysis.data, by="segment")
    replies = seg[seg["kind"] == "comment"]
    assert len(replies) == 5
    assert replies["named_attributions"].sum() == 0 and replies["vague_attributions"].sum() == 0
    # The only link is the tampafp.com link in the first reply (counted as a link, not an attribution).
    assert replies["links"].tolist() == [1, 0, 0, 0, 0]
    assert "tampafp.com" in replies.iloc[0]["link_hosts"]
    assert replies["attributed_share"].sum() == 0
    stance = credibility_frame(seed_analysis.data, by="stance").set_index("stance")
    assert stance.loc["forum", "named_attributions"] == 0 and stance.loc["forum", "links"] == 1


def test_000_cns_and_cnr_are_one_outlet(docs, seed_analysis):
    ev = credibility_evidence(seed_analysis.data, "000", "attributed")
    frames = ev[ev["detail"].str.contains("CNS|CNR|Centre for National Resistance")]
    assert set(frames["source"]) == {"Center for National Resistance"}
    assert any("(CNR)" in d for d in frames["detail"]) and any("the CNS" in d for d in frames["detail"])
    row = docs.loc["000"]
    # Four frames in the body, one in the headline ("... in WOT - CNS").
    assert "Center for National Resistance x5" in row["sources"]
    assert row["vague_attributions"] >= 2  # "The observers pointed out", "It is noted"


def test_state_reliance_counts_parties_state_voices(docs, seed_analysis):
    assert docs.loc["003"]["state_reliance"] > 0.8  # TASS, Lavrov, Choe; Yonhap is not a party
    assert "Yonhap" not in docs.loc["003"]["state_sources"]
    assert docs.loc["002"]["state_reliance"] < 0.5  # mostly independent and wire endnotes
    ev = credibility_evidence(seed_analysis.data, "001", "state_source")
    assert {"Vladimir Putin", "the Kremlin"} <= set(ev["source"])


def test_calibration_and_loaded_language_come_with_sentences(docs, seed_analysis):
    claims = credibility_evidence(seed_analysis.data, "000", "unattributed_claim")
    assert any("pseudo-diplomatic" in t for t in claims["text"])
    assert docs.loc["000"]["unattributed_claims"] == len(claims)
    own = credibility_evidence(seed_analysis.data, "000", "loaded_own")
    assert "pseudo-diplomatic" in set(own["span"].str.lower())
    assert docs.loc["004"]["loaded_quoted"] > docs.loc["004"]["loaded_own"]
    hedges = credibility_evidence(seed_analysis.data, "002", "hedge")
    assert len(hedges) > 0 and docs.loc["002"]["hedge_rate"] > 0


def test_transparency_from_text_and_catalog(docs, seed_analysis):
    # 002: byline, date and ownership, but no dateline and no link in the body (its sources are endnotes).
    assert docs.loc["002"]["byline"].startswith("Riccardo Villa") and docs.loc["002"]["transparency"] == 0.6
    assert docs.loc["002"]["transparency_items"] == "3/5"
    assert docs.loc["003"]["dateline"] == "Washington, July 12 (NationPress)"
    # Dates the catalog editor inferred are shown but not counted as published by the outlet.
    assert docs.loc["001"]["date_source"] == "catalog (inferred)" and docs.loc["001"]["transparency"] == 0.0


def test_every_indicator_has_evidence_rows(seed_analysis):
    ev = credibility_evidence(seed_analysis.data)
    for ind in ("attributed", "vague_attribution", "endnote", "endnote_citation", "link", "relay",
                "state_source", "unattributed_claim", "hedge", "loaded_own", "loaded_quoted", "byline",
                "date", "ownership"):
        assert (ev["indicator"] == ind).any(), ind
    parsed = {p.doc.doc_id: p for p in seed_analysis.parsed}
    spans = ev[(ev["start"] >= 0) & (ev["span"] != "") & ev["indicator"].isin(["hedge", "loaded_own"])]
    for r in spans.itertuples():
        assert parsed[r.doc_id].text[r.start:r.end] == r.span


def test_facts_are_computed_once_per_analysis_without_writing_to_it(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Seoul, May 2 (Example) North Korea fired two missiles on Thursday, Yonhap news agency reported.\n"
        "Experts say the launches tested a new engine.\n", encoding="utf-8")
    data = analyze([tmp_path]).data
    before = dict(vars(data))
    facts = credibility_facts(data)
    assert credibility_facts(data) is facts  # the frame, evidence and provenance share one pass
    # The analysis is plain data: nothing cached on it (by_id is its own cached property).
    assert {k: v for k, v in vars(data).items() if k != "by_id"} == before
    assert [it.source.name for it in facts.items] == ["Yonhap"]
    other = analyze([tmp_path]).data  # an equal corpus, another analysis: its own facts
    assert credibility_facts(other) is not facts
    assert credibility_frame(other).equals(credibility_frame(data))


def test_the_notebook_facade_is_refused_with_the_fix(seed_analysis):
    with pytest.raises(TypeError, match=r"\.data"):
        credibility_frame(seed_analysis)


def test_groupings(seed_analysis):
    stance = credibility_frame(seed_analysis.data, by="stance").set_index("stance")
    assert stance.loc["wire_rewrite", "documents"] == 2
    assert "003: TASS" in stance.loc["wire_rewrite", "rewrite_of"]
    assert "001: the Kremlin" in stance.loc["wire_rewrite", "rewrite_of"]
    outlet = credibility_frame(seed_analysis.data, by="outlet").set_index("outlet")
    assert outlet.loc["RT", "outlet_type"] == "state_media"
    assert outlet.loc["RT", "named_attributions"] >= 8
    with pytest.raises(FramingError):
        credibility_frame(seed_analysis.data, by="planet")


# --------------------------------------------------------------------------
# Composite
# --------------------------------------------------------------------------


def test_composite_components_weights_and_contributions_are_visible(docs):
    df = composite(docs.reset_index(drop=True))
    for c in COMPONENTS:
        assert {f"{c}_score", f"{c}_weight", f"{c}_contribution"} <= set(df.columns)
        assert (df[f"{c}_weight"] == DEFAULT_WEIGHTS[c]).all()
    summed = df[[f"{c}_contribution" for c in COMPONENTS]].sum(axis=1, skipna=True)
    assert ((summed - df["composite"]).abs() < 0.002).all()
    assert df["composite"].between(0, 1).all()


def test_weights_change_the_composite(docs):
    base = composite(docs.reset_index(drop=True))
    relay_heavy = composite(docs.reset_index(drop=True), {"relay": 10, "sourcing": 0})
    assert not relay_heavy["composite"].equals(base["composite"])
    assert (relay_heavy["sourcing_contribution"].fillna(0) == 0).all()
    i003 = docs.index.get_loc("003")
    i002 = docs.index.get_loc("002")
    # Weighting originality up widens the gap between the brief and the rewrite.
    gap = lambda d: d["composite"].iloc[i002] - d["composite"].iloc[i003]  # noqa: E731
    assert gap(relay_heavy) > gap(base)


def test_parse_weights():
    w = parse_weights("sourcing=2, relay=0.5")
    assert w["sourcing"] == 2 and w["relay"] == 0.5 and w["loaded"] == DEFAULT_WEIGHTS["loaded"]
    for bad in ("sourcing", "nonsense=1", "relay=abc", "relay=-1", ",".join(f"{c}=0" for c in COMPONENTS)):
        with pytest.raises(FramingError):
            parse_weights(bad)


def test_is_primary_rule():
    ref = Reference(1, "", "Statement by the Ministry on the treaty", "", "2024", "https://www.mfa.gov.ua/x", "")
    assert is_primary(ref, None) == (True, "government_domain")
    news = Reference(2, "", "Putin praises new treaty with North Korea", "TASS", "2024", "https://tass.com/1", "")
    assert is_primary(news, load_outlets().resolve("TASS")) == (False, "")
    title = Reference(3, "", "Joint Statement on the Outcome of Talks", "", "", "", "")
    assert is_primary(title, None) == (True, "document_title")


# --------------------------------------------------------------------------
# New text: a wire rewrite and an original report, with a catalog rating
# --------------------------------------------------------------------------

REWRITE = """Kremlin says rail talks with Pyongyang will continue
Moscow, March 3 (Example Wire) Russia and North Korea will hold another round of talks on rail links next month, RIA Novosti reported on Monday.
According to RIA Novosti, the delegations agreed to restore a freight line across the Tumen river.
Kremlin spokesman Dmitry Peskov told reporters that the talks were "constructive and businesslike," as quoted by RIA Novosti.
The agency said the first trains could run before the end of the year.
Officials in Seoul declined to comment.
"""

ORIGINAL = """Rail link talks draw scepticism in Seoul
By Jane Example
Seoul, March 4 (Example Daily) South Korea's unification ministry said on Tuesday it was watching the talks closely.
"We will respond to any violation of sanctions," ministry spokesperson Kim Min-ji told a briefing.
Sources say the freight line has not carried cargo since 2020.
It is believed that repairs would take months.
The line runs 54 kilometres from Tumangang to Khasan.
Satellite images published by 38 North (https://www.38north.org/2024/03/rail-line) show new sleepers laid in February.
Correction: An earlier version of this article misstated the length of the line.
"""

CATALOG = """file,part,split,kind,outlet,stance,genre,date,url,title,authors,ownership,speaker,notes,rating,rating_source,rating_date
rewrite.txt,,,,Example Wire,aggregator,news,2024-03-03,,,,private news site,,,,,
original.txt,,,,Example Daily,independent,news,2024-03-04,,,Jane Example,reader-funded cooperative,,,{rating},ExampleRatings,2024-01-01
"""


def _corpus(tmp_path, rating: str = "High"):
    (tmp_path / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    (tmp_path / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "catalog.csv").write_text(CATALOG.format(rating=rating), encoding="utf-8")
    a = analyze([tmp_path])
    assert not a.problems, a.problems
    return a.data


@pytest.fixture(scope="module")
def new_text(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("cred"))


def test_new_rewrite_is_flagged_and_original_is_not(new_text):
    df = credibility_frame(new_text).set_index("doc_id")
    assert df.loc["rewrite", "rewrite"] and df.loc["rewrite", "rewrite_of"] == "RIA Novosti"
    # Four of five factual sentences relay RIA: "The agency said" is RIA Novosti too.
    assert df.loc["rewrite", "relay_share"] == pytest.approx(0.8)
    assert not df.loc["original", "rewrite"]
    # Peskov (a listed official) is the head of "Kremlin spokesman Dmitry Peskov", not the Kremlin.
    ev = credibility_evidence(new_text, "rewrite", "attributed")
    assert "Dmitry Peskov" in set(ev["source"])
    assert df.loc["rewrite", "state_reliance"] > 0.5 and df.loc["original", "state_reliance"] == 0


def test_new_original_sourcing_and_transparency(new_text):
    df = credibility_frame(new_text).set_index("doc_id")
    row = df.loc["original"]
    assert row["vague_attributions"] == 2  # "Sources say", "It is believed"
    assert row["links"] == 1 and "38north.org" in row["link_hosts"]
    assert "38 North" in row["sources"]
    assert row["corrections_notice"] and row["byline"] == "By Jane Example"
    assert row["dateline"].startswith("Seoul, March 4") and row["transparency"] == 1.0
    claims = credibility_evidence(new_text, "original", "unattributed_claim")
    assert any("54 kilometres" in t for t in claims["text"])
    assert not any(t.startswith("Correction") for t in claims["text"])


def test_ratings_are_cited_metadata_never_scored(tmp_path, new_text):
    df = credibility_frame(new_text).set_index("doc_id")
    assert df.loc["original", "rating"] == "High" and df.loc["original", "rating_source"] == "ExampleRatings"
    ev = credibility_evidence(new_text, "original", "rating")
    assert "not used in any score" in ev.iloc[0]["detail"]
    low = credibility_frame(_corpus(tmp_path, rating="Low"))
    a = composite(credibility_frame(new_text))["composite"].tolist()
    b = composite(low)["composite"].tolist()
    assert a == b


def test_empty_corpus_gives_empty_frames(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    a = analyze([tmp_path])
    df = credibility_frame(a.data)
    assert df.empty and "sourced_share" in df.columns
    assert composite(df).empty


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def test_cli_credibility_json_and_weights(capsys):
    assert main(["credibility", "--format", "json", "--weights", "sourcing=2,relay=1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {r["doc_id"][:3]: r for r in rows}
    assert by["003"]["rewrite_of"] == "TASS" and by["003"]["relay_weight"] == 1
    assert all(0 <= r["composite"] <= 1 for r in rows)


def test_cli_credibility_evidence_and_errors(capsys, tmp_path):
    out = tmp_path / "ev.csv"
    assert main(["credibility", "--evidence", "--doc", "003", "--indicator", "relay",
                 "--format", "csv", "--out", str(out)]) == 0
    ev = pd.read_csv(out)
    assert set(ev["indicator"]) == {"relay"} and "TASS" in set(ev["source"])
    assert main(["credibility", "--weights", "bogus=1"]) == 1
    err = capsys.readouterr().err
    assert "bogus" in err and "Traceback" not in err
    assert main(["credibility", "--indicator", "relay"]) == 1  # needs --evidence


def test_cli_credibility_table_by_stance(capsys):
    assert main(["credibility", "--by", "stance"]) == 0
    out = capsys.readouterr().out
    assert "wire_rewrite" in out and "think_tank" in out


def test_nan_is_not_a_score():
    df = pd.DataFrame([{"sourced_share": math.nan, "specificity": math.nan, "relay_share": math.nan,
                        "state_reliance": math.nan, "unattributed_claim_share": math.nan,
                        "loaded_own": math.nan, "transparency": 0.5}])
    out = composite(df)
    assert out.loc[0, "composite"] == 0.5 and out.loc[0, "composite_basis"] == "transparency"
