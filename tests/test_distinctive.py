"""Distinctive terms: log-odds with an informative Dirichlet prior (Monroe et al. 2008), by stance."""

from __future__ import annotations

import json
import math

import pytest

from framing.api import load_parsed
from framing.analyze.claims import assign_claims
from framing.present.cli import main
from framing.analyze.distinctive import (ALPHA0, COLUMNS, Z_THRESHOLD, distinctive_terms, log_odds_z,
                                 term_counts)
from framing.core.errors import FramingError
from framing.text.parse import parse_document
from framing.core.types import Document, frozen_map


@pytest.fixture(scope="session")
def seed_docs():
    parsed, problems = load_parsed()
    assert not problems
    return parsed


@pytest.fixture(scope="session")
def by_stance(seed_docs):
    return distinctive_terms(seed_docs, lexicon=False)


def _doc(doc_id: str, stance: str, text: str):
    return parse_document(Document(doc_id, f"{doc_id}.txt", "0" * 64, text,
                                   frozen_map({"stance": stance, "outlet": stance.upper()})))


def _row(df, group, norm):
    rows = df[(df["group"] == group) & (df["norm"] == norm)]
    assert len(rows) == 1, (group, norm)
    return rows.iloc[0]


# ------------------------------------------------------------------ arithmetic

def test_log_odds_matches_a_hand_computation():
    # Group a says x 3 times and y once; group b says x once and y 5 times.
    # N = 10; prior a_0 = 10 spread by pooled frequency: a_x = 10 * 4/10 = 4, a_y = 6.
    counts = {"a": {"x": 3, "y": 1}, "b": {"x": 1, "y": 5}}
    df = log_odds_z(counts, alpha0=10)
    x_a = _row(df, "a", "x")
    # a vs rest for x: y_i = 3, n_i = 4, y_j = 1, n_j = 6
    #   delta = ln((3+4)/(4+10-3-4)) - ln((1+4)/(6+10-1-4)) = ln(7/7) - ln(5/11)
    #   var   = 1/(3+4) + 1/(1+4)
    delta = math.log(7 / 7) - math.log(5 / 11)
    z = delta / math.sqrt(1 / 7 + 1 / 5)
    assert x_a["log_odds"] == pytest.approx(delta, abs=1e-12)  # 0.788457...
    assert x_a["z"] == pytest.approx(z, abs=1e-12)             # 1.346545...
    assert (x_a["count"], x_a["group_total"], x_a["rest_count"]) == (3, 4, 1)
    # y for a: ln((1+6)/(4+10-1-6)) - ln((5+6)/(6+10-5-6)) = ln(7/7) - ln(11/5); var 1/7 + 1/11
    y_a = _row(df, "a", "y")
    assert y_a["z"] == pytest.approx((0 - math.log(11 / 5)) / math.sqrt(1 / 7 + 1 / 11), abs=1e-12)
    # With two groups, b vs rest is the mirror image of a vs rest.
    assert _row(df, "b", "x")["z"] == pytest.approx(-x_a["z"], abs=1e-12)
    assert _row(df, "b", "y")["z"] == pytest.approx(-y_a["z"], abs=1e-12)
    # Sorted by group, then z descending.
    assert df["group"].tolist() == ["a", "a", "b", "b"] and df["norm"].tolist() == ["x", "y", "y", "x"]


def test_three_groups_compare_each_with_the_pooled_rest():
    counts = {"a": {"w": 4, "v": 1}, "b": {"w": 1, "v": 2}, "c": {"w": 1, "v": 3}}
    df = log_odds_z(counts, alpha0=12)
    # N = 12, pooled w = 6 -> a_w = 12 * 6/12 = 6; a: y_i=4, n_i=5; rest: y_j=2, n_j=7
    delta = math.log((4 + 6) / (5 + 12 - 4 - 6)) - math.log((2 + 6) / (7 + 12 - 2 - 6))
    z = delta / math.sqrt(1 / (4 + 6) + 1 / (2 + 6))
    assert _row(df, "a", "w")["z"] == pytest.approx(z, abs=1e-12)
    assert _row(df, "a", "w")["rest_count"] == 2


def test_distinctive_terms_on_a_tiny_parsed_corpus():
    docs = [_doc("d1", "s1", "Holy war looms. Holy war returns.\n"),
            _doc("d2", "s2", "War tanks roll. Tanks roll.\n")]
    counts, surfaces = term_counts(docs)
    # s1: holi, war, loom, holi war, war loom | holi, war, return, holi war, war return
    assert counts["s1"] == {"holi": 2, "war": 2, "loom": 1, "return": 1, "holi war": 2,
                            "war loom": 1, "war return": 1}
    assert sum(counts["s2"].values()) == 8 and counts["s2"]["tank roll"] == 2
    assert surfaces["holi war"] == "Holy war"
    df = distinctive_terms(docs, alpha0=18, min_count=1, lexicon=False)
    assert list(df.columns) == COLUMNS
    war = _row(df, "s1", "war")
    # N = 18, pooled war = 3 -> a_war = 18 * 3/18 = 3; s1: y=2, n=10; rest: y=1, n=8
    delta = math.log((2 + 3) / (10 + 18 - 2 - 3)) - math.log((1 + 3) / (8 + 18 - 1 - 3))
    assert war["log_odds"] == pytest.approx(delta, abs=1e-4)
    assert war["z"] == pytest.approx(delta / math.sqrt(1 / 5 + 1 / 4), abs=1e-3)
    assert (war["count"], war["group_total"], war["rest_count"], war["term"]) == (2, 10, 1, "war")


# ------------------------------------------------------------------ seeds

def test_forum_vs_the_rest(by_stance):
    forum = by_stance[by_stance["group"] == "forum"]
    top = forum.iloc[0]
    assert top["term"] == "menu" and top["z"] > Z_THRESHOLD and top["candidate"]
    assert "current" in set(forum["norm"])  # "current administration" / "current admin"


def test_kremlin_rt_vs_the_rest(by_stance):
    rt = by_stance[by_stance["group"] == "kremlin_rt"]
    assert rt.iloc[0]["term"] == "victory" and rt.iloc[0]["z"] > Z_THRESHOLD
    assert {"Russian army", "assistance", "denied"} <= set(rt.head(12)["term"])


def test_cns_report_vs_the_rest(by_stance):
    ua = by_stance[by_stance["group"] == "ua_gov"]
    cands = set(ua[ua["candidate"]]["term"])
    assert {"workers", "diplomatic missions", "occupation"} <= cands
    # "WOT" is as distinctive, but a place name: flagged, not proposed (the lexicon has it as a toponym)
    wot = _row(ua, "ua_gov", "wot")
    assert wot["z"] > Z_THRESHOLD and wot["proper_noun"] and not wot["candidate"]
    assert ua["z"].is_monotonic_decreasing


def test_only_prose_segments_are_counted(seed_docs, by_stance):
    # The references segment of the ISDP brief (URLs, author names) is not prose.
    tt = by_stance[by_stance["group"] == "think_tank"]
    assert not tt["norm"].isin(["https", "www", "nknews"]).any()
    # Titles are not prose either: the CNS title word "embassies" appears only there.
    assert "embassi" not in set(by_stance[by_stance["group"] == "ua_gov"]["norm"])


def test_lexicon_terms_mark_in_lexicon_and_veto_candidates(seed_docs):
    df = distinctive_terms(seed_docs, lexicon_terms={"wot", "holi war"})
    wot = _row(df, "ua_gov", "wot")
    assert wot["in_lexicon"] and not wot["candidate"] and wot["z"] > Z_THRESHOLD
    assert not _row(df, "ua_gov", "worker")["in_lexicon"]
    assert df.attrs["lexicon"] == "2 given patterns"


def test_in_lexicon_uses_the_real_lexicon_when_it_loads(seed_docs):
    lexicon_mod = pytest.importorskip("framing.detect.lexicon")
    matcher_mod = pytest.importorskip("framing.detect.matcher")
    from framing.core.errors import LexiconError
    try:
        lex = lexicon_mod.load_lexicon()
    except LexiconError as exc:
        pytest.skip(f"bundled lexicon not loadable yet: {exc}")
    df = distinctive_terms(seed_docs)
    assert df.attrs["lexicon"].startswith(f"lexicon {lex.version}")
    matcher = matcher_mod.compile_matcher(lex)
    for row in df.itertuples():
        assert row.in_lexicon == bool(matcher.match_text(row.term)), row.term
        assert row.candidate == (row.z > Z_THRESHOLD and not row.in_lexicon and not row.proper_noun)


def test_no_lexicon_means_in_lexicon_false(by_stance):
    assert not by_stance["in_lexicon"].any()
    assert by_stance.attrs["lexicon"] == "none" and by_stance.attrs["alpha0"] == ALPHA0
    assert (by_stance["candidate"] == ((by_stance["z"] > Z_THRESHOLD) & ~by_stance["proper_noun"])).all()


def test_claim_restricts_to_its_sentences(seed_docs):
    assign = assign_claims(seed_docs)
    df = distinctive_terms(seed_docs, claim_id="nk_troops", assignments=assign, min_count=1, lexicon=False)
    nk = assign[(assign["claim_id"] == "nk_troops") & assign["seg_kind"].isin(["body", "quoted_article", "comment"])]
    assert set(df["group"]) == set(nk["stance"])
    forum = df[df["group"] == "forum"]
    assert {"nk troop", "troop"} <= set(forum["norm"])
    # Computing the assignments inside gives the same answer.
    again = distinctive_terms(seed_docs, claim_id="nk_troops", min_count=1, lexicon=False)
    assert again.equals(df)


def test_grouping_options_top_and_min_count(seed_docs, by_stance):
    assert (by_stance["count"] >= 2).all()
    top3 = distinctive_terms(seed_docs, top=3, lexicon=False)
    assert top3.groupby("group").size().max() == 3
    by_outlet = distinctive_terms(seed_docs, by="outlet", top=2, lexicon=False)
    assert "RT" in set(by_outlet["group"])
    with pytest.raises(FramingError, match="cannot group by 'colour'"):
        distinctive_terms(seed_docs, by="colour")


def test_cli_distinctive(capsys):
    assert main(["distinctive", "--top", "2", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["group"] for r in rows} == {"forum", "kremlin_rt", "think_tank", "ua_gov", "wire_rewrite"}
    assert main(["distinctive", "--candidates-only", "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert lines and all(r["candidate"] for r in lines)
    assert main(["distinctive", "--claim", "nk_troops", "--min-count", "1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["group"] for r in rows} <= {"forum", "kremlin_rt", "ua_gov", "wire_rewrite"}


# ------------------------------------------------------------------ names are not lexicon candidates

def test_names_are_not_lexicon_candidates_on_the_seeds(seed_docs):
    df = distinctive_terms(seed_docs)  # the bundled lexicon
    cands = set(df.loc[df["candidate"], "term"])
    # people, agencies, organisations, countries and their adjectives: who a text is about, not its framing
    for name in ("Lavrov", "TASS", "CNS", "DPRK", "Russian Federation", "Korean", "European"):
        assert name not in cands, name
        assert df.loc[df["term"] == name, "proper_noun"].all(), name
    # the framing words a researcher should look at stay candidates
    assert {"victory", "menu", "workers", "diplomatic missions", "occupation"} <= cands
    assert not df.loc[df["candidate"], "proper_noun"].any()


def test_capitalization_at_sentence_start_does_not_make_a_name():
    docs = [_doc("a", "left", "Workers were sent. The workers left. Lavrov spoke. Then Lavrov left. "
                              "Workers came back. Lavrov again."),
            _doc("b", "right", "The minister spoke. Nobody left.")]
    df = distinctive_terms(docs, lexicon=False)
    assert not _row(df, "left", "worker")["proper_noun"]  # capitalized only where a sentence opens
    assert _row(df, "left", "lavrov")["proper_noun"]       # capitalized mid-sentence too
    assert df.attrs["groups"] == ["left", "right"]
