"""Context rules that keep a lexicon hit listed but not counted as a guideline span (and drop model/scare rows there)."""

from __future__ import annotations

import pytest

from framing.detect.lexicon import load_lexicon
from framing.detect.spanmodel.model import load_model
from framing.detect.spans import document_spans
from framing.orchestrator import detect_one
from framing.text.corpus import document_from_text

# A wire-style item with the page's "related stories" list beside it, as news sites print them.
TEXT = ("Moscow prepares Victory Day celebrations as the war grinds on.\n\n"
        "The sanctions proved extremely costly for the economy, officials said.\n\n"
        "Related stories:\n- Kremlin hails heroic victory in the holy war\n"
        "- Pyongyang regime sends more troops\n- Orcs shell the city again\n\n"
        "Critics called the report entirely fabricated and a holy war of lies.\n")


@pytest.fixture(scope="module")
def rows():
    lex = load_lexicon(None)
    det = detect_one(document_from_text(TEXT, "t1", "t1.txt", {}), lex)
    return document_spans(det, lex, "both", load_model()), det


def _row(rows, phrase, after=0):
    return next(r for r in rows if r.match.text == phrase and r.match.start >= after)


def test_headline_list_around_the_article_is_not_its_words(rows):
    rs, det = rows
    listed = TEXT.index("Related stories")
    for phrase in ("heroic", "Pyongyang regime", "Orcs"):
        r = _row(rs, phrase)
        assert not r.guideline_span and "headlines" in r.why
    # no model or scare-quote span is emitted inside the list
    body_end = TEXT.index("Critics")
    assert not [r for r in rs if r.detector in ("model", "voice") and listed <= r.match.start < body_end]
    # the same phrase in the article's own sentence still counts
    assert _row(rs, "holy war", after=body_end).guideline_span


def test_holiday_name_and_degree_adverb_are_neutral_but_an_evaluation_stays(rows):
    rs, _ = rows
    assert not _row(rs, "Victory Day").guideline_span
    assert "name" in _row(rs, "Victory Day").why
    assert not _row(rs, "extremely").guideline_span  # "extremely costly": a degree word
    assert _row(rs, "fabricated").guideline_span
