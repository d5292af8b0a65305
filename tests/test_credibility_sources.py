"""Independence of sources, reliance on one government, verification, state relay, and validation.

The two news items below are our own writing in the style of a state agency
and of a wire; the validation test reads framing-dev in place when it is
there (never copied).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest

from framing.analyze.credibility import composite, credibility_evidence, credibility_frame
from framing.analyze.credibility.validate import TARGET_RHO, canonical_outlet, load_ratings, validate
from framing.detect.governments import load_government_cues
from framing.detect.outlets import load_outlets
from framing.orchestrator import analyze_corpus
from framing.text.manifest import catalog_from_manifest

STATE_ITEM = """MOSCOW, June 3 (TASS) -- The Kiev regime has again shelled peaceful towns, Kremlin spokesman \
Dmitry Peskov said on Tuesday.

"The so-called counteroffensive has failed," Peskov told reporters. Foreign Ministry spokeswoman Maria \
Zakharova said the West bears full responsibility for the crimes of the neo-Nazis.

The special military operation will continue until all its goals are achieved, Russian Defence Minister \
Andrei Belousov said.

The neo-Nazi formations of the Kiev regime continue to use civilians as human shields.
"""

WIRE_ITEM = """KYIV, June 3 (Reuters) - Russian shelling killed two people in the southern city of Kherson on \
Tuesday, the regional governor Oleksandr Prokudin said, a claim Reuters could not independently verify.

Moscow denied targeting civilians. Kremlin spokesman Dmitry Peskov said Russian forces strike only \
military targets.

Independent monitors from the United Nations said they had recorded at least 12 civilian deaths in the \
region in May, and the figure was likely higher. Satellite images reviewed by Maxar showed damage to a \
market, according to the company.

Russia launched what it calls a 'special military operation' in February 2022.
"""

CATALOG = """file,outlet,stance
state.txt,TASS,russia_state
wire.txt,Reuters,western_wire
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    d = tmp_path_factory.mktemp("pair")
    (d / "state.txt").write_text(STATE_ITEM, encoding="utf-8")
    (d / "wire.txt").write_text(WIRE_ITEM, encoding="utf-8")
    (d / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    a = analyze_corpus([d])
    assert not a.problems, a.problems
    return a


def test_government_cues_place_unlisted_sources():
    cues = load_government_cues()
    assert cues.government_of("Beijing")[1].country == "China"
    assert cues.government_of("the Russian side")[1].country == "Russia"
    is_gov, gov = cues.government_of("Ukrainian military leaders")
    assert is_gov and gov.country == "Ukraine"
    assert cues.government_of("the police") == (True, None)  # an official source, country not given
    assert cues.government_of("Stuart Crawford") == (False, None)
    assert cues.government_of("rights groups") == (False, None)
    from framing.analyze.credibility import resolve_source
    from framing.detect.outlets import load_officials
    ref = resolve_source("Beijing", "Beijing", load_outlets(), load_officials(), cues)
    assert ref.type == "government_body" and ref.country == "China"
    ref = resolve_source("Deputy Prime Minister Iryna K.", "Iryna K.", load_outlets(), load_officials(), cues)
    assert ref.type == "official"


def test_state_item_rests_on_its_own_government(pair):
    df = credibility_frame(pair).set_index("doc_id")
    state, wire = df.loc["state"], df.loc["wire"]
    # Peskov, Zakharova and Belousov: every source is Russia's government, TASS's own.
    assert state["independent_sources"] == 0 and state["independence"] == 0
    assert state["home_government_share"] == 1.0 and state["top_government"] == "Russia"
    assert state["sides"] == 1
    # The wire hears Ukraine's governor, the Kremlin and independent monitors and a company.
    assert wire["home_government_share"] == 0.0
    assert wire["independent_sources"] >= 1 and wire["sides"] >= 3
    assert set(wire["sides_heard"].split("; ")) >= {"Ukraine", "Russia", "independent"}


def test_verification_gives_government_only_statements_partial_credit(pair):
    df = credibility_frame(pair).set_index("doc_id")
    assert df.loc["state", "verified_share"] < df.loc["state", "sourced_share"]
    assert df.loc["wire", "verified_share"] > df.loc["state", "verified_share"]
    ev = credibility_evidence(pair, "state", "unverified")
    assert len(ev) and ev["detail"].str.contains("only government sources").any()


def test_own_voice_loaded_language_ignores_scare_quotes(pair):
    df = credibility_frame(pair).set_index("doc_id")
    # "neo-Nazi", "Kiev regime" in TASS's own voice; the wire only scare-quotes Moscow's term.
    assert df.loc["state", "loaded_own_plain"] > 0
    assert df.loc["wire", "loaded_own_plain"] == 0
    ev = credibility_evidence(pair, "wire", "loaded_own")
    assert ev.empty or ev["detail"].str.contains("scare quote").all()


def test_default_composite_ranks_the_wire_above_the_state_item(pair):
    c = composite(credibility_frame(pair)).set_index("doc_id")
    assert c.loc["wire", "composite"] > c.loc["state", "composite"] + 0.15
    for comp in ("independence", "home_government", "loaded"):
        assert c.loc["wire", f"{comp}_score"] > c.loc["state", f"{comp}_score"], comp


def test_state_relay_is_counted_with_evidence(tmp_path):
    text = ("Iran has not supplied drones to Russia, Defence Minister Mohammad Reza Ashtiani said on Tuesday, "
            "as quoted by Tasnim news agency. Ashtiani told Tasnim that the allegations were rumours spread "
            "by Western countries.\n")
    (tmp_path / "relay.txt").write_text(text, encoding="utf-8")
    (tmp_path / "catalog.csv").write_text("file,outlet,stance\nrelay.txt,Xinhua,other_state\n", encoding="utf-8")
    a = analyze_corpus([tmp_path])
    row = credibility_frame(a).iloc[0]
    assert row["state_relay_share"] > 0 and "Tasnim" in row["state_relayed"]
    assert len(credibility_evidence(a, "relay", "state_relay"))
    # "allegations", "rumours" are the minister's words: not Xinhua's own hedging.
    assert row["hedge_rate"] > 0 and row["hedge_rate_own"] == 0


def test_ratings_file_is_cited_dated_metadata():
    r = load_ratings()
    assert len(r) >= 15
    assert r["rating_source"].str.len().gt(0).all() and r["rating_date"].str.len().gt(0).all()
    assert r["url"].str.startswith("https://").all() and r["checked"].str.len().gt(0).all()
    assert r["rating_score"].between(0, 5).all()
    outlets = load_outlets()
    assert all(outlets.get(name) is not None for name in r["outlet"]), "every rated outlet is in outlets.csv"


def test_canonical_outlet_reads_reposts_but_not_mentions():
    o = load_outlets()
    assert canonical_outlet("RT (repost on unshackledminds.com)", o) == "RT"
    assert canonical_outlet("Xinhua (via People's Daily Online)", o) == "Xinhua"
    assert canonical_outlet("Western magazine relaying the Kremlin's text", o) == \
        "Western magazine relaying the Kremlin's text"


def _find_dev() -> Path:
    """Return framing-dev: $FRAMING_DEV, else ``shared/reference/framing-dev`` above the checkout."""
    env = os.environ.get("FRAMING_DEV")
    if env:
        return Path(env)
    for up in Path(__file__).resolve().parents:
        cand = up / "shared" / "reference" / "framing-dev"
        if cand.is_dir():
            return cand
    return Path("framing-dev-not-found")


DEV = _find_dev()


@pytest.fixture(scope="module")
def dev_validation(tmp_path_factory):
    if not (DEV / "manifest.csv").is_file():
        pytest.skip("framing-dev is not beside the checkout")
    cat = catalog_from_manifest(DEV / "manifest.csv", tmp_path_factory.mktemp("dev") / "catalog.csv")
    return validate([analyze_corpus(), analyze_corpus([DEV / "articles"], cat)])


def test_composite_agrees_with_outlet_ratings_on_seeds_and_framing_dev(dev_validation):
    v = dev_validation
    assert v.rated >= 20
    assert not math.isnan(v.rho) and v.rho >= TARGET_RHO, v.summary()
    # Ratings are shown beside the composite, never used by it.
    assert {"rating_score", "composite"} <= set(v.table.columns)
    assert isinstance(v.table, pd.DataFrame)


def test_no_state_media_outlet_in_the_top_third(dev_validation):
    assert not dev_validation.state_in_top_third, dev_validation.summary()
