"""Per-claim contrast by stance on the seeds: coverage, own vs quoted framing, sources."""

from __future__ import annotations

import pytest

from framing.present.cli import main
from framing.core.errors import FramingError


def test_nk_troops_contrast_covers_every_stance_row(seed_analysis):
    c = seed_analysis.contrast("nk_troops").set_index("stance")
    assert set(c.index) == {"ua_gov", "wire_rewrite", "think_tank", "kremlin_rt", "forum"}
    for stance in ("wire_rewrite", "kremlin_rt", "forum"):
        assert c.loc[stance, "covered"], stance
    # a stance without sentences is shown, not dropped
    uncovered = c[~c["covered"]]
    assert (uncovered["sentences"] == 0).all()


def test_nk_troops_own_versus_quoted(seed_analysis):
    c = seed_analysis.contrast("nk_troops").set_index("stance")
    # the wire rewrite puts the loaded phrase in Lavrov's/Choe's mouth, not its own
    assert "invincible military brotherhood" in c.loc["wire_rewrite", "loaded_quoted"]
    assert "invincible military brotherhood" not in c.loc["wire_rewrite", "loaded_own"]
    # forum replies speak in their own voice only
    assert c.loc["forum", "loaded_quoted"] == ""


def test_contrast_sentences_trace_back_to_text(seed_analysis):
    s = seed_analysis.contrast_sentences("nk_troops")
    parsed = {p.doc.doc_id: p for p in seed_analysis.parsed}
    for r in s.itertuples():
        assert parsed[r.doc_id].text[r.start:r.end] == r.text
    assert set(s["stance"]) >= {"wire_rewrite", "kremlin_rt", "forum"}


def test_unknown_claim_is_a_clear_error(seed_analysis):
    with pytest.raises(FramingError) as exc:
        seed_analysis.contrast("no_such_claim")
    assert "nk_troops" in str(exc.value)


def test_contrast_cli_table(capsys):
    assert main(["contrast", "--claim", "nk_troops"]) == 0
    out = capsys.readouterr().out
    assert "loaded_quoted" in out and "kremlin_rt" in out and "forum" in out
