"""AppTest of the rate, comparison and trend views (issue 17): Overview, Claims, Distinctive terms, Trends.

What a researcher relies on: rates with k/n and intervals, filters that narrow
the counts, chosen stances side by side in the chosen order, scare quotes shown
as the legend says, distinctive terms within a claim compared across every
stance that covers it, stable colours, trends over the catalog dates.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from test_app import APP, TIMEOUT, goto, markdown, start  # noqa: F401 -- shared helpers

from framing.core.config import seeds_dir
from framing.present import palette


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    for var in ("FRAMING_SEEDS", "FRAMING_LEXICONS", "FRAMING_STORE"):
        monkeypatch.delenv(var, raising=False)


def _goto_trends(at: AppTest) -> AppTest:
    at.switch_page("src/framing/present/dashboard/trends.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _h4(html: str) -> list[str]:
    return re.findall(r"<h4>([^<]+)</h4>", html)


def test_overview_category_filter_narrows_the_counts():
    at = start()
    before = at.dataframe[1].value
    at.multiselect(key="ov_cats").set_value(["sacralization"]).run()
    assert not at.exception
    after = at.dataframe[1].value
    kr = after[(after["stance"] == "kremlin_rt") & (after["voice"] == "quoted")].iloc[0]
    assert kr["loaded"] == 4 and "holy war" in kr["phrases"]  # RT's four sacralizing phrases, quoted
    assert after["loaded"].sum() < before["loaded"].sum()
    assert (after["tokens"].tolist() == before["tokens"].tolist())  # same denominators
    assert set(at.dataframe[3].value["category"]) == {"sacralization"}
    at.multiselect(key="ov_cats").set_value([]).run()
    at.multiselect(key="ov_tech").set_value(["glorification"]).run()
    assert not at.exception
    assert set(at.dataframe[3].value["category"]) <= {"sacralization", "brotherhood", "flag_waving"}


def test_overview_chart_colours_are_the_palette_s():
    at = start()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    scale = spec["encoding"]["color"]["scale"]
    fixed, _ = palette.read_fixed_colours(seeds_dir() / "stances.csv")
    assert dict(zip(scale["domain"], scale["range"])) == {s: fixed[s] for s in scale["domain"]}


def test_claims_default_is_two_covered_stances_and_order_is_kept():
    at = goto(start(), "claims")
    at.selectbox(key="cl_claim").set_value("nk_troops").run()
    chosen = at.multiselect(key="cl_stances_nk_troops").value
    assert len(chosen) == 2 and "think_tank" not in chosen  # both have sentences on the claim
    assert _h4(markdown(at)) == chosen
    at.multiselect(key="cl_stances_nk_troops").set_value(["ua_gov", "forum"]).run()
    assert _h4(markdown(at)) == ["ua_gov", "forum"]
    at.multiselect(key="cl_stances_nk_troops").set_value(["forum", "ua_gov"]).run()
    assert _h4(markdown(at)) == ["forum", "ua_gov"]
    assert any("Not shown" in c.value and "think_tank (no sentences)" in c.value.replace("\\", "") for c in at.caption)
    # the compact contrast table lists counts only (no long phrase lists to scroll to)
    table = at.dataframe[0].value
    assert list(table.columns)[:5] == ["stance", "sentences", "documents", "own_k", "quoted_k"]
    assert table.set_index("stance").loc["forum", "own_k"] == 1  # WW3


def test_claims_show_scare_quotes_as_the_legend_says():
    at = goto(start(), "claims")
    at.selectbox(key="cl_claim").set_value("dprk_missions_occupied").run()
    at.multiselect(key="cl_stances_dprk_missions_occupied").set_value(["ua_gov"]).run()
    assert not at.exception
    html = markdown(at)
    assert "scare quote: dotted outline" in html  # the legend
    assert html.count('class="fr-scare') >= 3  # the CNS report's "diplomatic missions"
    assert re.search(r"<th>scare quotes</th><td>[1-9]", html)


def test_claims_category_filter_narrows_highlights():
    at = goto(start(), "claims")
    at.selectbox(key="cl_claim").set_value("nk_troops").run()
    at.multiselect(key="cl_stances_nk_troops").set_value(["forum", "wire_rewrite"]).run()
    assert 'data-category="fear_appeal"' in markdown(at)
    at.multiselect(key="cl_cats").set_value(["brotherhood"]).run()
    assert not at.exception
    html = markdown(at)
    assert 'data-category="brotherhood"' in html and 'data-category="fear_appeal"' not in html


def test_terms_within_a_claim_compares_every_covering_stance():
    at = goto(start(), "terms")
    at.selectbox(key="dt_claim").set_value("nk_troops").run()
    assert not at.exception
    assert not any("Only one" in i.value for i in at.info)  # four stances cover nk_troops
    assert set(at.selectbox(key="dt_group_stance").options) == {"forum", "kremlin_rt", "ua_gov", "wire_rewrite"}
    at.selectbox(key="dt_group_stance").set_value("forum").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1


def test_terms_names_are_not_candidates_and_labels_do_not_overlap():
    at = goto(start(), "terms")
    at.selectbox(key="dt_group_stance").set_value("ua_gov").run()
    table = at.dataframe[0].value
    cands = set(table.loc[table["candidate"], "term"])
    assert "CNS" not in cands and "workers" in cands
    assert table.set_index("term").loc["CNS", "marker"] == "name (not a candidate)"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    ys = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert ys[1] > table["z"].max()  # the top point is inside the plot


def test_trends_page_over_catalog_dates():
    at = _goto_trends(start())
    assert [t.value for t in at.title] == ["Trends"]
    assert len(at.get("vega_lite_chart")) == 1
    table = at.dataframe[0].value
    wire = table[table["stance"] == "wire_rewrite"]
    assert wire["period"].tolist() == ["2024", "2025"] and (wire["tokens"] > 0).all()
    at.radio(key="tr_period").set_value("month").run()
    assert not at.exception
    assert any("002_00614a04a5868340" in c.value.replace("\\", "") for c in at.caption)  # dated "2024" only
    own = at.dataframe[0].value
    at.radio(key="tr_voice").set_value("quoted").run()
    assert any(c.value.startswith("Voice: quoted") for c in at.caption)
    quoted = at.dataframe[0].value
    assert quoted["tokens"].sum() != own["tokens"].sum()  # quoted-speech tokens, not own-voice ones
    at.radio(key="tr_by").set_value("outlet").run()
    assert not at.exception
    assert "RT" in set(at.dataframe[0].value["outlet"])


def test_trends_without_dates(tmp_path, monkeypatch):
    import shutil
    shutil.copy(seeds_dir() / "000_2927015db5cfa1ca.txt", tmp_path / "only.txt")
    monkeypatch.setenv("FRAMING_SEEDS", str(tmp_path))
    at = _goto_trends(start())
    assert any("No dated prose" in i.value for i in at.info)
