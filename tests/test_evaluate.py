"""Scoring lexicon hits against SemEval-2020 Task 11 gold spans."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from framing.analyze.evaluate import COMBINED, evaluate, score_spans, split_ids
from framing.detect.lexicon import ENTRY_COLUMNS, load_lexicon

REPO = Path(__file__).resolve().parents[1]
PTC = REPO.parent / "shared" / "reference" / "ptc-train"


# ---------------------------------------------------------------- arithmetic


def test_partial_overlap_gives_partial_credit_both_ways():
    # Predicted 0-10 against gold 5-15: half of each is covered.
    assert score_spans([(0, 10)], [(5, 15)]) == (0.5, 0.5)


def test_overlapping_gold_spans_are_counted_once_for_precision():
    # Gold 0-10 and 5-15 together cover 0-15: 15 of the 20 predicted characters.
    p, r = score_spans([(0, 20)], [(0, 10), (5, 15)])
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(2.0)  # each gold span is fully covered


def test_no_overlap_and_empty_inputs_score_zero():
    assert score_spans([(0, 4)], [(10, 20)]) == (0.0, 0.0)
    assert score_spans([], [(0, 5)]) == (0, 0.0)
    assert score_spans([(0, 5)], []) == (0.0, 0)


# ---------------------------------------------------------------- evaluate on a tiny corpus


CATEGORIES = (
    "category,family,loaded,description,semeval2020,semeval2023,colour\n"
    "emotive,emotive,true,Emotive,Loaded_Language,Loaded_Language,#ffd1b8\n"
    "name_calling,labels,true,Labels,\"Name_Calling,Labeling\",Name_Calling-Labeling,#ffc2c2\n"
    "hedge,stance,false,Hedges,,,#e8e8e8\n"
)
ENTRIES = [("em.brutal", "brutal", "emotive"), ("nc.sham", "sham", "name_calling"),
           ("hd.reportedly", "reportedly*", "hedge")]
ARTICLE_1 = "A brutal crackdown, reportedly a sham vote.\n"
ARTICLE_2 = "Another sham.\n"


@pytest.fixture()
def tiny(tmp_path):
    lex_dir = tmp_path / "lex"
    lex_dir.mkdir()
    (lex_dir / "categories.csv").write_text(CATEGORIES, encoding="utf-8")
    body = [",".join(ENTRY_COLUMNS)] + [f"{i},{p},{c},1,,Rationale {i}.,test" for i, p, c in ENTRIES]
    (lex_dir / "e.csv").write_text("\n".join(body) + "\n", encoding="utf-8")
    arts, labels = tmp_path / "articles", tmp_path / "labels"
    arts.mkdir()
    labels.mkdir()

    def span(text, phrase):
        s = text.index(phrase)
        return s, s + len(phrase)

    gold = {
        "1": (ARTICLE_1, [("Loaded_Language", *span(ARTICLE_1, "brutal crackdown")),
                          ("Name_Calling,Labeling", *span(ARTICLE_1, "sham vote")),
                          ("Doubt", *span(ARTICLE_1, "reportedly a sham vote"))]),
        # Annotated as Loaded_Language while the lexicon calls it name calling.
        "2": (ARTICLE_2, [("Loaded_Language", *span(ARTICLE_2, "sham"))]),
    }
    for aid, (text, spans) in gold.items():
        (arts / f"article{aid}.txt").write_text(text, encoding="utf-8", newline="")
        (labels / f"article{aid}.task-flc-tc.labels").write_text(
            "".join(f"{aid}\t{t}\t{s}\t{e}\n" for t, s, e in spans), encoding="utf-8")
    return arts, labels, load_lexicon(lex_dir, strict=True)


def test_evaluate_rows_and_hand_computed_scores(tiny):
    arts, labels, lex = tiny
    df = evaluate(arts, labels, lex).set_index("technique")
    assert list(df.index) == ["overall", COMBINED, "Loaded_Language", "Name_Calling,Labeling"]

    ll = df.loc["Loaded_Language"]  # one prediction ("brutal"), two gold spans
    assert (ll.predicted, ll.gold) == (1, 2)
    assert ll.precision == pytest.approx(1.0)
    assert ll.recall == pytest.approx((6 / 16 + 0) / 2)

    nc = df.loc["Name_Calling,Labeling"]  # "sham" twice; only article 1 has NC gold
    assert (nc.predicted, nc.gold) == (2, 1)
    assert nc.precision == pytest.approx(0.5)
    assert nc.recall == pytest.approx(4 / 9)

    both = df.loc[COMBINED]  # article 2's "sham" now counts against its LL gold
    assert (both.predicted, both.gold) == (3, 3)
    assert both.precision == pytest.approx(1.0)
    assert both.recall == pytest.approx((6 / 16 + 4 / 9 + 1) / 3)
    assert both.f1 == pytest.approx(2 * both.precision * both.recall / (both.precision + both.recall))

    overall = df.loc["overall"]  # unmapped techniques (Doubt) and categories (hedge) are ignored
    assert (overall.predicted, overall.gold) == (3, 3)
    assert overall.precision == pytest.approx(2 / 3)


def test_evaluate_restricted_to_ids(tiny):
    arts, labels, lex = tiny
    df = evaluate(arts, labels, lex, ids=["2"]).set_index("technique")
    assert df.loc["Name_Calling,Labeling", "precision"] == 0.0
    assert math.isnan(df.loc["Name_Calling,Labeling", "recall"])  # no NC gold in article 2
    assert df.attrs["articles"] == 1 and df.attrs["lexicon_version"] == lex.version


def test_split_ids_sorts_numerically_and_holds_out_the_rest(tmp_path):
    for i in range(1, 304):
        (tmp_path / f"article{i}.txt").write_text("x", encoding="utf-8")
    study, heldout = split_ids(tmp_path)
    assert study == [str(i) for i in range(1, 301)]
    assert heldout == ["301", "302", "303"]


# ---------------------------------------------------------------- real PTC data


@pytest.mark.ptc
def test_bundled_lexicon_on_the_ptc_study_split():
    if not (PTC / "articles").is_dir():
        pytest.skip(f"PTC train split not found at {PTC} (reference data is not shipped with the project)")
    study, heldout = split_ids(PTC / "articles")
    assert (len(study), len(heldout)) == (300, 71)
    # Study articles only: the held-out part is reserved for the reported figures.
    df = evaluate(PTC / "articles", PTC / "labels", ids=study).set_index("technique")
    combined = df.loc[COMBINED]
    assert combined.gold > 2000
    assert combined.precision > 0.5
    assert combined.recall > 0.1
