"""Rates with counts, denominators and Wilson 95 % intervals (framing.analyze.rates), on hand numbers and the seeds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.analyze.rates import (SMALL_SAMPLE_TOKENS, add_rate_columns, loaded_trend, period_of,
                                   wilson_interval)
from framing.api import analyze


@pytest.fixture(scope="module")
def seeds():
    return analyze(detector="lexicon")


def test_wilson_matches_a_hand_computation():
    # k=1, n=80, z=1.96: p=0.0125; centre=(p+z²/2n)/(1+z²/n); half=z*sqrt(p(1-p)/n+z²/4n²)/(1+z²/n)
    z = 1.959963984540054
    p, n = 1 / 80, 80
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low, high = wilson_interval(1, 80)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (low * 1000, high * 1000) == pytest.approx((2.21, 67.46), abs=0.01)


def test_wilson_edges():
    low, high = wilson_interval(0, 80)
    assert low == 0.0 and 0.04 < high < 0.05  # no phrase is not "certainly clean"
    assert wilson_interval(5, 5)[1] == pytest.approx(1.0)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    # more data, narrower interval at the same rate
    assert (wilson_interval(100, 8000)[1] - wilson_interval(100, 8000)[0]
            < wilson_interval(1, 80)[1] - wilson_interval(1, 80)[0])


def test_add_rate_columns_marks_small_samples():
    df = add_rate_columns(pd.DataFrame({"loaded": [1, 10, 0], "tokens": [80, 4000, 0]}))
    assert df["per_1000"].tolist()[:2] == [12.5, 2.5]
    assert math.isnan(df["per_1000"].iloc[2])
    assert df["small_sample"].tolist() == [True, False, True]
    assert SMALL_SAMPLE_TOKENS == 500
    assert (df["low_1000"].iloc[:2] <= df["per_1000"].iloc[:2]).all()
    assert (df["per_1000"].iloc[:2] <= df["high_1000"].iloc[:2]).all()


def test_seed_rates_carry_counts_and_match_scoring(seeds):
    rates = seeds.rates(by="stance")
    scores = seeds.scores(by="stance").set_index("stance")
    own = rates[rates["voice"] == "own"].set_index("stance")
    # the forum: one phrase (WW3) in 80 tokens, small sample, an interval wider than any other stance's
    forum = own.loc["forum"]
    assert (forum["loaded"], forum["tokens"], forum["small_sample"]) == (1, 80, True)
    assert "ww3" in forum["phrases"]
    assert forum["high_1000"] - forum["low_1000"] > 60
    # the think tank's 2,989 own-voice tokens are not a small sample
    assert not own.loc["think_tank", "small_sample"]
    # own + quoted counts equal the scoring stage's loaded matches, tokens its own/quoted tokens
    both = rates.groupby("stance")["loaded"].sum()
    assert both.to_dict() == scores["loaded_matches"].to_dict()
    assert own["tokens"].to_dict() == scores["own_tokens"].to_dict()


def test_category_filters_narrow_the_counts(seeds):
    all_ = seeds.rates(by="stance", split_voice=False).set_index("stance")
    sac = seeds.rates(by="stance", categories=["sacralization"], split_voice=False).set_index("stance")
    assert sac.loc["kremlin_rt", "loaded"] == 4 < all_.loc["kremlin_rt", "loaded"]
    assert sac.loc["kremlin_rt", "tokens"] == all_.loc["kremlin_rt", "tokens"]  # same denominator
    glor = seeds.rates(by="stance", guideline_categories=["glorification"], split_voice=False).set_index("stance")
    assert glor.loc["kremlin_rt", "loaded"] >= sac.loc["kremlin_rt", "loaded"]  # sacralization is glorification


def test_category_rates_flag_loaded_categories(seeds):
    cr = seeds.category_rates(by="stance")
    kr = cr[cr["stance"] == "kremlin_rt"].set_index("category")
    assert kr.loc["sacralization", "is_loaded"] and not kr.loc["attribution", "is_loaded"]
    assert kr.loc["sacralization", "loaded"] == 4 and kr.loc["sacralization", "tokens"] == 352


def test_period_of():
    assert period_of("2024-06-18") == "2024" and period_of("2024-06-18", "month") == "2024-06"
    assert period_of("2024", "month") is None and period_of("", "year") is None
    assert period_of("sometime") is None
    with pytest.raises(ValueError):
        period_of("2024", "week")


def test_trend_over_catalog_dates(seeds):
    t = seeds.trend(by="stance", period="year")
    wire = t[(t["stance"] == "wire_rewrite") & (t["voice"] == "quoted")].set_index("period")
    # two wire rewrites, 2024 (Putin's article) and 2025 (Lavrov in Wonsan): one row each, own counts
    assert list(wire.index) == ["2024", "2025"]
    assert wire["loaded"].sum() == seeds.rates().query("stance == 'wire_rewrite' and voice == 'quoted'")[
        "loaded"].iloc[0]
    # the RT article quoted in the forum thread has its own catalog date (2024-11-01)
    assert set(t.loc[t["stance"] == "kremlin_rt", "period"]) == {"2024"}
    assert t.attrs["undated_tokens"] == 0
    # by month, the think-tank brief (dated "2024" only) cannot be placed and is reported
    m = seeds.trend(by="stance", period="month")
    assert "think_tank" not in set(m["stance"])
    assert m.attrs["undated_documents"] == ["002_00614a04a5868340"]
    assert set(m.loc[m["stance"] == "ua_gov", "period"]) == {"2023-09"}
