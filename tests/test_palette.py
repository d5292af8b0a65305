"""Stable, colour-blind-safe colours per stance and outlet (framing.present.palette)."""

from __future__ import annotations

from framing.core.config import seeds_dir
from framing.present.palette import (HASHED, OKABE_ITO, colour_of, colour_scale, colours, fixed_colours_for,
                                     read_fixed_colours)


def _seed_outlets() -> list[str]:
    from framing.api import load_parsed
    parsed, _ = load_parsed()
    return sorted({s.outlet for p in parsed for s in p.segments})


def test_seed_stances_are_fixed_okabe_ito_colours():
    fixed, problems = read_fixed_colours(seeds_dir() / "stances.csv")
    assert not problems
    assert set(fixed) >= {"ua_gov", "kremlin_rt", "think_tank", "wire_rewrite", "forum", "unknown"}
    assert set(fixed.values()) - {"#999999"} <= set(OKABE_ITO)
    assert len(set(fixed.values())) == len(fixed)  # no two seed stances share a colour


def test_adding_an_outlet_does_not_recolour_the_others():
    outlets = _seed_outlets()
    before = colours(outlets)
    # a new outlet that sorts first (it would shift every sorted position)
    after = colours(["AAA Agency"] + outlets)
    assert {o: after[o] for o in outlets} == before
    dom, rng = colour_scale(["AAA Agency"] + outlets)
    assert dict(zip(dom, rng))["RT"] == before["RT"]
    assert all(c in HASHED for c in before.values())


def test_adding_a_stance_keeps_fixed_and_avoids_their_colours():
    fixed, _ = fixed_colours_for(seeds_dir())
    known = ["forum", "kremlin_rt", "think_tank", "ua_gov", "wire_rewrite"]
    before = colours(known, fixed)
    after = colours(["aaa_new"] + known, fixed)
    assert {s: after[s] for s in known} == before == {s: fixed[s] for s in known}
    assert after["aaa_new"] not in set(fixed.values())
    assert colour_of("unknown") == "#999999"


def test_bad_rows_are_reported_with_file_and_line(tmp_path):
    f = tmp_path / "stances.csv"
    f.write_text("stance,colour\nua_gov,#0072B2\nkremlin_rt,red\n,#000000\n", encoding="utf-8")
    fixed, problems = read_fixed_colours(f)
    assert fixed == {"ua_gov": "#0072B2"}
    assert any(p.startswith(f"{f}:3:") and "#rrggbb" in p for p in problems)
    assert any(p.startswith(f"{f}:4:") for p in problems)
    # a corpus folder's own file wins over the bundled one
    assert fixed_colours_for(tmp_path, seeds_dir() / "stances.csv")[0] == {"ua_gov": "#0072B2"}
    (tmp_path / "stances.csv").write_text("name,hue\nx,y\n", encoding="utf-8")
    assert "stance,colour" in read_fixed_colours(f)[1][0]
