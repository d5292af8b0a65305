"""Matches on the seeds carry the right category and voice; scores decompose into their matches."""

from __future__ import annotations

import json
import shutil

import pytest

from framing.api import analyze
from framing.present.cli import main


def _match(a, doc_prefix, text):
    df = a.matches()
    rows = df[df["doc_id"].str.startswith(doc_prefix) & (df["text"].str.lower() == text.lower())]
    assert not rows.empty, f"{text!r} not matched in {doc_prefix}"
    return rows.iloc[0]


@pytest.mark.parametrize("doc, text, category, voice", [
    ("004", "holy war", "sacralization", "quoted"),
    ("004", "great victory", "sacralization", "quoted"),
    ("000", "pseudo-diplomatic", "delegitimizing", "own"),
    ("001", "treacherous", "demonization", "quoted"),
    ("001", "aggressive enemy", "demonization", "quoted"),
    ("003", "invincible military brotherhood", "brotherhood", "quoted"),
    ("000", "WOT", "toponym", "own"),
])
def test_seed_examples(seed_analysis, doc, text, category, voice):
    m = _match(seed_analysis, doc, text)
    assert m["category"] == category and m["voice"] == voice
    assert m["rationale"], "every match explains itself with the entry's rationale"


def test_quoted_matches_name_their_speaker(seed_analysis):
    assert "Choe" in _match(seed_analysis, "004", "holy war")["speaker"]
    assert "Putin" in _match(seed_analysis, "001", "treacherous")["speaker"]


def test_match_offsets_point_into_repaired_and_original_text(seed_analysis, seed_texts):
    df = seed_analysis.matches()
    parsed = {p.doc.doc_id: p for p in seed_analysis.parsed}
    for r in df.itertuples():
        assert parsed[r.doc_id].text[r.start:r.end] == r.text
        raw = seed_texts[r.doc_id[:3]][r.raw_start:r.raw_end]
        assert raw.lower() == r.text.lower() or r.doc_id.startswith("004"), (r.text, raw)


def test_pull_quotes_and_boilerplate_are_not_counted(seed_analysis):
    kinds = set(seed_analysis.matches()["seg_kind"])
    assert kinds <= {"body", "quoted_article", "comment", "title"}


def test_segment_scores_decompose_into_matches(seed_analysis):
    seg = seed_analysis.scores("segment")
    m = seed_analysis.matches(detector="lexicon")
    m = m[m["detector"] == "lexicon"]  # scores count lexicon matches; scare quotes are their own signal
    rt = seg[seg["stance"] == "kremlin_rt"].iloc[0]
    rt_m = m[(m["seg_id"] == rt["seg_id"]) & m["loaded"]]
    own = rt_m[rt_m["voice"] == "own"]["weight"].sum()
    quoted = rt_m[rt_m["voice"] == "quoted"]["weight"].sum()
    assert rt["loaded_weight_own"] == pytest.approx(own)
    assert rt["loaded_weight_quoted"] == pytest.approx(quoted)
    assert rt["loaded_quoted"] == pytest.approx(round(quoted * 1000 / rt["quoted_tokens"], 3))
    assert rt["own_tokens"] + rt["quoted_tokens"] == rt["tokens"]
    assert "holy war" in rt["evidence"]
    assert rt["n_sacralization"] == len(m[(m["seg_id"] == rt["seg_id"]) & (m["category"] == "sacralization")])


def test_stance_aggregate_sums_counts_and_recomputes_rates(seed_analysis):
    seg = seed_analysis.scores("segment")
    st = seed_analysis.scores("stance").set_index("stance")
    forum = seg[seg["stance"] == "forum"]
    assert st.loc["forum", "tokens"] == forum["tokens"].sum()
    assert st.loc["forum", "segments"] == 5
    assert st.loc["forum", "hedge_rate"] == pytest.approx(
        round(forum["n_hedge"].sum() * 1000 / forum["tokens"].sum(), 3))
    tank = seg[seg["stance"] == "think_tank"]
    assert tank["n_hedge"].sum() > 0  # the ISDP brief hedges a lot: a non-trivial check
    assert st.loc["think_tank", "n_hedge"] == tank["n_hedge"].sum()
    # the RT article quotes more loaded language than it says in its own voice
    assert st.loc["kremlin_rt", "loaded_quoted"] > st.loc["kremlin_rt", "loaded_own"]


def test_forum_replies_are_own_voice(seed_analysis):
    m = seed_analysis.matches()
    assert set(m[m["seg_kind"] == "comment"]["voice"]) <= {"own"}


def test_sentiment_extremes_cite_their_sentences(seed_analysis):
    doc = seed_analysis.scores("document").set_index("doc_id")
    row = doc.loc[[i for i in doc.index if i.startswith("001")][0]]
    assert -1 <= row["sentiment_min"] <= row["sentiment_mean"] <= row["sentiment_max"] <= 1
    assert row["sentiment_min_sentence"] and row["sentiment_max_sentence"]


def test_scores_record_lexicon_version(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FRAMING_STORE", str(tmp_path / "store.sqlite"))
    assert main(["score", "--by", "document", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5 and len({r["lexicon_version"] for r in rows}) == 1
    assert len(rows[0]["lexicon_version"]) == 12


def test_editing_a_lexicon_changes_version_and_results(tmp_path):
    from framing.core.config import lexicons_dir
    lex = tmp_path / "lex"
    shutil.copytree(lexicons_dir(), lex)
    base = analyze(lexicons=lex, sentiment=False)
    with (lex / "glorification.csv").open("a", encoding="utf-8") as fh:
        fh.write("sc.test_menu,menu,sacralization,1,list,Added in a test to check that edits take effect.,test\n")
    edited = analyze(lexicons=lex, sentiment=False)
    assert edited.lexicon_version != base.lexicon_version
    assert "menu" in set(edited.matches()["text"].str.lower())


def test_spans_cli_jsonl(capsys):
    assert main(["spans", "--category", "sacralization"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["category"] for r in rows} == {"sacralization"}
    for key in ("raw_start", "raw_end", "entry_id", "technique", "weight", "voice", "speaker", "stance"):
        assert key in rows[0]
