"""Table-driven tests of each repair rule on real seed passages."""

from __future__ import annotations

import pytest

from framing.text.repair import (apply_edits, footnote_edits, markdown_escape_edits, mojibake_edits, page_break_edits,
                            pull_quote_regions, references_region, repair)


def _fix(rule, text):
    return apply_edits(text, rule(text))[0]


@pytest.mark.parametrize("broken, expected", [
    # seed 004: continuation bytes of UTF-8 curly quotes were lost, leaving "â"
    ("Kim Jong-un \u00e2gave us an order", "Kim Jong-un \u201cgave us an order"),
    ("in their holy war.\u00e2\n", "in their holy war.\u201d\n"),
    ("to tarnish Pyongyang\u00e2s image.", "to tarnish Pyongyang\u2019s image."),
    ("interests.\u00e2 \u00e2We reaffirm", "interests.\u201d \u201cWe reaffirm"),
    ("everything Russian\u00e2 in the country", "everything Russian\u201d in the country"),
    ("Doesn\u00e2t mean that they can\u00e2t continue", "Doesn\u2019t mean that they can\u2019t continue"),
    ("foreign policy position\u2320and advance", "foreign policy position\u2026 and advance"),
    # intact mojibake (all three bytes present) is repaired by ftfy
    ("Putin\u00e2\u20ac\u2122s website", "Putin\u2019s website"),
    ("already fine: Putin\u2019s \u201cwords\u201d", "already fine: Putin\u2019s \u201cwords\u201d"),
])
def test_mojibake(broken, expected):
    assert _fix(mojibake_edits, broken) == expected


def test_no_stray_a_in_repaired_seeds(parsed_seeds):
    for key, p in parsed_seeds.items():
        assert "\u00e2" not in p.text, key


@pytest.mark.parametrize("text, expected", [
    ("as indicated by the release of \\$9 million from the \\$30 million", "as indicated by the release of $9 million from the $30 million"),
    ("a literal \\ backslash stays", "a literal \\ backslash stays"),
])
def test_markdown_escapes(text, expected):
    assert _fix(markdown_escape_edits, text) == expected


@pytest.mark.parametrize("text, expected, numbers", [
    ("in exchange for coal, oil, and other goods from Russia.\u00b9 This was",
     "in exchange for coal, oil, and other goods from Russia. This was", ["1"]),
    ("towards itself and the North.\u00b3", "towards itself and the North.", ["3"]),
    ("the \"Axis of Upheaval\"\u00b2\u2079 argument", "the \"Axis of Upheaval\" argument", ["29"]),
    ("H\u2082O stays", "H\u2082O stays", []),
])
def test_footnote_markers(text, expected, numbers):
    edits = footnote_edits(text)
    assert apply_edits(text, edits)[0] == expected
    assert [e.reason.split(":")[1] for e in edits] == numbers


def test_footnotes_kept_as_citations(parsed_seeds):
    rep = parsed_seeds["002"].repaired
    assert sorted({c.number for c in rep.citations}) == list(range(1, 31))
    first = rep.citations[0]
    assert rep.text[first.position - 7:first.position] == "Russia.", rep.text[first.position - 20:first.position + 5]
    assert not any(ch in rep.text for ch in "\u00b9\u00b2\u00b3\u2074\u2075")


@pytest.mark.parametrize("text, expected", [
    ("goods from Russia. This was not the\n\nfirst arms shipment, however, as Pyongyang",
     "goods from Russia. This was not the first arms shipment, however, as Pyongyang"),
    # a heading followed by a capitalised paragraph is not a page break
    ("Conclusion\n\nGiven the worsening relations", "Conclusion\n\nGiven the worsening relations"),
    ("ended with a full stop.\n\nnew paragraph in lower case", "ended with a full stop.\n\nnew paragraph in lower case"),
])
def test_page_break_join(text, expected):
    assert apply_edits(text, page_break_edits(text, []))[0] == expected


def test_page_break_join_moves_intervening_pull_quote(seed_texts):
    rep = repair(seed_texts["002"])
    assert "Putin's trip can be viewed as the culmination of the several high-level visits" in rep.text
    assert "This was not the first arms shipment" in rep.text
    assert "growing de-alignment between European nations and China" in rep.text
    # the callout still exists, after the rejoined paragraph, marked as a pull quote
    pq = [rep.text[r.start:r.end] for r in rep.regions if r.kind == "pull_quote"]
    assert any(q.startswith("\u201cThe delicate balance") for q in pq)


def test_pull_quotes_recognised(seed_texts):
    rep = repair(seed_texts["002"])
    pq = [rep.text[r.start:r.end] for r in rep.regions if r.kind == "pull_quote"]
    assert len(pq) == 5
    assert any(q.startswith("***") for q in pq)  # the *** callout
    assert any(q.startswith("\u201cThe signing of the treaty") for q in pq)  # lightly edited repeat
    # the body paragraphs they repeat are not marked
    body = [rep.text[r.start:r.end] for r in rep.regions if r.kind != "pull_quote"]
    assert not any(b.startswith("The DPRK is well positioned") for b in body)


def test_pull_quote_needs_a_longer_source():
    text = ("Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi.\n\n"
            "Completely different words appear in this second paragraph about other matters entirely.")
    assert pull_quote_regions(text) == []


def test_endnotes_parsed(seed_texts):
    rep = repair(seed_texts["002"])
    refs = rep.references
    assert {r.number for r in refs} == set(range(1, 31))
    holland = next(r for r in refs if r.number == 2)
    assert holland.authors == "S. Holland, et al."
    assert holland.title.startswith("US says Russia's Wagner Group bought North Korean weapons")
    assert holland.outlet == "Reuters"
    assert holland.date == "December 22, 2022"
    assert holland.url.startswith("https://www.reuters.com/world/us-says-russias-wagner-group")
    tass = next(r for r in refs if r.number == 9)
    assert tass.outlet == "TASS" and tass.date == "June 17, 2024"
    # note 1 cites two works
    assert len([r for r in refs if r.number == 1]) == 2


def test_references_region_absent_without_endnotes(seed_texts):
    assert references_region(seed_texts["000"]) is None


def test_offsets_map_back_to_original(seed_texts, parsed_seeds):
    for key in ("002", "004"):
        p = parsed_seeds[key]
        raw = seed_texts[key]
        for sent in p.sentences[::7]:
            rs, re_ = p.repaired.raw_span(sent.start, sent.end)
            # words of the sentence appear in the original span (only punctuation was repaired)
            first_word = sent.text.split()[0].strip("\u201c\u201d\"'.,*")
            assert first_word[:4] in raw[rs:re_], (key, sent.text[:40], raw[rs:re_][:40])


def test_mojibake_offsets_point_at_broken_bytes(seed_texts, parsed_seeds):
    p = parsed_seeds["004"]
    i = p.text.index("holy war")
    rs, re_ = p.repaired.raw_span(i, i + len("holy war"))
    assert seed_texts["004"][rs:re_] == "holy war"
    j = p.text.index("Pyongyang\u2019s image")
    rs, re_ = p.repaired.raw_span(j, j + len("Pyongyang\u2019s"))
    assert seed_texts["004"][rs:re_] == "Pyongyang\u00e2s"
