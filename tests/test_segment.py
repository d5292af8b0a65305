"""Segments and sentences on the seeds, and news abbreviations that must not split sentences."""

from __future__ import annotations

import pytest

from framing.text.segment import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("The U.S. and the D.P.R.K. met on Friday. Talks ended.",
     ["The U.S. and the D.P.R.K. met on Friday.", "Talks ended."]),
    ("Riccardo Villa and Maj Gen (ret) Mats Engman wrote it. Then it was published.",
     ["Riccardo Villa and Maj Gen (ret) Mats Engman wrote it.", "Then it was published."]),
    ("J. S. Jr. Bermudez and Mr. Kim met Gen. Lee in Sept. 2023. It went well.",
     ["J. S. Jr. Bermudez and Mr. Kim met Gen. Lee in Sept. 2023.", "It went well."]),
    ("He ranked No. 1 on the list. She did not.", ["He ranked No. 1 on the list.", "She did not."]),
    ("Putin said, \u201cWe will win.\u201d Lavrov agreed!", ["Putin said, \u201cWe will win.\u201d", "Lavrov agreed!"]),
    ("\u201cThe strategic choice is firm,\u201d\nshe stated, as quoted by TASS.",
     ["\u201cThe strategic choice is firm,\u201d\nshe stated, as quoted by TASS."]),
    ("Headline without a stop\nFirst sentence of the body.", ["Headline without a stop", "First sentence of the body."]),
])
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_seed_stances_and_kinds(parsed_seeds):
    expected = {"000": "ua_gov", "001": "wire_rewrite", "002": "think_tank", "003": "wire_rewrite"}
    for key, stance in expected.items():
        kinds = {s.kind for s in parsed_seeds[key].segments}
        assert "body" in kinds
        assert {s.stance for s in parsed_seeds[key].segments} == {stance}


def test_forum_thread_split(parsed_seeds):
    segs = [s for s in parsed_seeds["004"].segments if s.is_prose]
    rt = [s for s in segs if s.stance == "kremlin_rt"]
    forum = [s for s in segs if s.stance == "forum"]
    assert len(rt) == 1 and rt[0].kind == "quoted_article" and rt[0].outlet == "RT"
    assert len(forum) == 5 and all(s.kind == "comment" for s in forum)
    text = parsed_seeds["004"].text
    assert text[rt[0].start:rt[0].end].startswith("North Korea will support Russia")
    assert text[forum[0].start:forum[0].end].startswith("Looks like WW3 is back on the menu")
    assert text[forum[-1].start:forum[-1].end].startswith("Doesn\u2019t mean")


def test_002_structure(parsed_seeds):
    p = parsed_seeds["002"]
    kinds = [s.kind for s in p.segments]
    for k in ("title", "summary", "body", "pull_quote", "boilerplate", "references"):
        assert k in kinds, k
    boiler = " ".join(p.text[s.start:s.end] for s in p.segments if s.kind == "boilerplate")
    for phrase in ("Photo credit", "ABOUT ISDP", "\u00a9 The Institute", "Riccardo Villa is Project Coordinator"):
        assert phrase in boiler, phrase
    # pull quotes and boilerplate are kept, not deleted
    assert "ABOUT ISDP" in p.text


def test_003_key_takeaways_is_summary(parsed_seeds):
    p = parsed_seeds["003"]
    summary = [p.text[s.start:s.end] for s in p.segments if s.kind == "summary"]
    assert summary and "Recognition of an unbreakable partnership" in summary[0]
    body = [p.text[s.start:s.end] for s in p.segments if s.kind == "body"]
    assert body[0].startswith("Washington, July 12 (NationPress)")


def test_tokens_have_offsets(parsed_seeds):
    p = parsed_seeds["000"]
    sent = next(s for s in p.sentences if "pseudo-diplomatic" in s.text)
    words = [p.text[a:b] for a, b in sent.tokens]
    assert "pseudo-diplomatic" in words
    assert all(sent.start <= a < b <= sent.end for a, b in sent.tokens)


def test_no_sentence_crosses_a_segment(parsed_seeds):
    for p in parsed_seeds.values():
        bounds = {s.seg_id: (s.start, s.end) for s in p.segments}
        for sent in p.sentences:
            a, b = bounds[sent.seg_id]
            assert a <= sent.start < sent.end <= b
