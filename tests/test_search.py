"""Search across documents (framing.analyze.search / Analysis.search) on the bundled seeds."""

from __future__ import annotations

import re

from framing.analyze.search import SEARCH_COLUMNS, search_counts, search_sentences


def _texts(analysis):
    return {p.doc.doc_id: p.text for p in analysis.parsed}


def test_every_hit_is_the_query_inside_its_sentence(seed_analysis):
    hits = seed_analysis.search("war")
    assert list(hits.columns) == SEARCH_COLUMNS
    texts = _texts(seed_analysis)
    assert len(hits) >= 10
    for r in hits.itertuples():
        assert texts[r.doc_id][r.start:r.end].lower() == "war"
        assert texts[r.doc_id][r.sent_start:r.sent_end] == r.sentence
        assert r.sent_start <= r.start < r.end <= r.sent_end
    # case-insensitive: the capitalised "War" of the headlines is found too
    assert {"War", "war"} <= set(hits["hit"])
    # whole words by default: "towards", "aware", "wars" are not hits
    assert set(hits["hit"].str.lower()) == {"war"}


def test_substring_search_finds_longer_words(seed_analysis):
    texts = _texts(seed_analysis)
    whole = seed_analysis.search("war")
    part = seed_analysis.search("war", whole_word=False)

    def word_at(doc_id, start, end):
        t = texts[doc_id]
        lo = re.search(r"\w*$", t[:start]).start()
        hi = end + re.match(r"\w*", t[end:]).end()
        return t[lo:hi].lower()

    words = {word_at(r.doc_id, r.start, r.end) for r in part.itertuples()}
    assert {"towards", "aware", "war"} <= words
    assert len(part) > len(whole)


def test_phrase_matches_across_line_breaks_and_case(seed_analysis):
    hits = seed_analysis.search("HOLY   war")
    assert len(hits) >= 1
    assert set(hits["doc_id"]) == {"004_7a858a121546b812"}
    assert hits.iloc[0]["hit"].lower() == "holy war"
    assert hits.iloc[0]["stance"] == "kremlin_rt"  # the RT article the forum post quotes


def test_stance_filter_keeps_only_those_stances(seed_analysis):
    every = seed_analysis.search("Russia")
    assert every["stance"].nunique() >= 3
    one = seed_analysis.search("Russia", stances=["think_tank"])
    assert len(one) > 0 and set(one["stance"]) == {"think_tank"}
    assert len(one) == (every["stance"] == "think_tank").sum()
    assert seed_analysis.search("holy war", stances=["forum"]).empty


def test_counts_per_document(seed_analysis):
    hits = seed_analysis.search("Russia")
    counts = search_counts(hits)
    assert counts["hits"].sum() == len(hits)
    for r in counts.itertuples():
        mine = hits[(hits["doc_id"] == r.doc_id) & (hits["stance"] == r.stance)]
        assert r.hits == len(mine) and r.sentences == mine["sent_start"].nunique() <= r.hits


def test_empty_and_absent_queries(seed_analysis):
    assert search_sentences(seed_analysis.parsed, "   ").empty
    assert seed_analysis.search("xylophone-quartet").empty
    assert list(search_counts(seed_analysis.search("")).columns) == ["doc_id", "stance", "outlet", "hits",
                                                                      "sentences"]
    # regex characters are literal
    assert seed_analysis.search("w.r").empty and seed_analysis.search("[w]ar").empty
