"""Tests for the voice rules' word lists as data (lexicons/voice, lexicons/gazetteer, attribution.csv's voice column)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from framing.core.config import lexicons_dir
from framing.core.errors import LexiconError
from framing.core.fingerprint import lexicon_digest
from framing.detect.lexicon import load_lexicon
from framing.detect.voice import analyze_voice, patterns
from framing.detect.voice.words import load_words, parse_voice_cell
from framing.text.corpus import document_from_text
from framing.text.parse import parse_document

TOUTED = "Foreign Minister Sergey Lavrov also touted the new logistics corridor to reporters in Moscow."
SAID = "\"The corridor is open,\" Lavrov said on Tuesday."


def _analyze(text: str):
    return analyze_voice(parse_document(document_from_text(text, "t")))


def _copy_lexicons(tmp_path: Path) -> Path:
    d = tmp_path / "lex"
    shutil.copytree(lexicons_dir(), d)
    return d


def _cells(path: Path, key: str) -> dict[str, str]:
    with path.open(encoding="utf-8") as f:
        return {r[key]: r["voice"] for r in csv.DictReader(f)}


def test_bundled_word_lists_hold_the_rules_words():
    w = load_words(str(lexicons_dir()))
    # From attribution.csv's voice column (verbs the lexicon also counts) ...
    assert {"said", "says", "told", "pointed out"} <= w.reporting
    assert "said" in w.invertible and "say" in w.base_form and "saying" in w.participles
    # ... and from voice/verbs.csv (verbs only the voice rules use).
    assert {"touted", "accused", "reported"} <= w.reporting
    assert "referred to" in w.person_only and "referred to" not in w.reporting
    assert {"sources", "insiders"} <= w.anonymous < w.vague
    assert "minister" in w.person_heads and "ministry" in w.org_heads
    assert "Foreign" not in w.titles and "Minister" in w.titles and "spokeswoman" in w.female_titles
    assert "UN" in w.places and "Un" not in w.places  # case-sensitive ("Kim Jong Un")
    assert "meanwhile" in w.discourse_openers and "the" in w.determiners


def test_words_are_read_once_per_folder():
    d = str(lexicons_dir())
    assert load_words(d) is load_words(d)


def test_each_verb_form_is_listed_in_one_file_only():
    # One source per verb: a verb's forms sit in its attribution.csv row when the
    # lexicon counts the verb, otherwise in voice/verbs.csv -- never in both.
    root = lexicons_dir()
    shared = {f for c in _cells(root / "attribution.csv", "id").values()
              for fs in parse_voice_cell(c, "attribution.csv").values() for f in fs}
    own = {f for c in _cells(root / "voice" / "verbs.csv", "verb").values()
           for fs in parse_voice_cell(c, "verbs.csv").values() for f in fs}
    assert shared and own and not shared & own


def test_voice_files_are_not_lexicon_entries_but_change_the_version(tmp_path):
    lex = load_lexicon()
    assert not lex.problems
    assert {Path(e.file).parent for e in lex.entries} == {lexicons_dir()}  # top-level files only
    d = _copy_lexicons(tmp_path)
    before = lexicon_digest(d)
    places = d / "gazetteer" / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "Tbilisi,\n", encoding="utf-8")
    assert lexicon_digest(d) != before


def test_edited_verb_list_in_the_folder_in_use_changes_frames(tmp_path, monkeypatch):
    assert [a.verb for a in _analyze(TOUTED).attributions] == ["touted"]
    d = _copy_lexicons(tmp_path)
    verbs = d / "voice" / "verbs.csv"
    lines = verbs.read_text(encoding="utf-8").splitlines(keepends=True)
    verbs.write_text("".join(ln for ln in lines if not ln.startswith("tout,")), encoding="utf-8")
    monkeypatch.setenv("FRAMING_LEXICONS", str(d))
    assert _analyze(TOUTED).attributions == ()
    (q,) = _analyze(SAID).quotes  # the rest of the lists still apply
    assert q.speaker == "Lavrov"
    monkeypatch.delenv("FRAMING_LEXICONS")
    assert [a.verb for a in _analyze(TOUTED).attributions] == ["touted"]


def test_folder_without_voice_files_falls_back_to_the_bundled_lists(tmp_path, monkeypatch):
    d = tmp_path / "old"
    d.mkdir()
    shutil.copy(lexicons_dir() / "categories.csv", d)
    # An attribution.csv from before the voice column: the bundled verbs are used.
    rows = (lexicons_dir() / "attribution.csv").read_text(encoding="utf-8").splitlines()
    (d / "attribution.csv").write_text("\n".join(r.rsplit(",", 1)[0] for r in rows) + "\n", encoding="utf-8")
    w = load_words(str(d))
    assert w.reporting == load_words(str(lexicons_dir())).reporting
    monkeypatch.setenv("FRAMING_LEXICONS", str(d))
    (q,) = _analyze(SAID).quotes
    assert q.speaker == "Lavrov"


def test_bad_voice_cell_is_reported_with_its_row():
    assert parse_voice_cell("any: said|says; inverted: said", "x") == {"any": ["said", "says"],
                                                                     "inverted": ["said"]}
    with pytest.raises(LexiconError, match="bad voice cell"):
        parse_voice_cell("spoken: said", "attribution.csv at.said")


def test_word_file_edited_while_running_is_read_again(tmp_path, monkeypatch):
    # A dashboard keeps running while a researcher edits a list; results are
    # keyed by the lexicon version, so the voice rules must follow the edit.
    d = _copy_lexicons(tmp_path)
    monkeypatch.setenv("FRAMING_LEXICONS", str(d))
    monkeypatch.setattr(patterns, "RECHECK_SECONDS", 0.0)
    assert [a.verb for a in _analyze(TOUTED).attributions] == ["touted"]
    verbs = d / "voice" / "verbs.csv"
    lines = verbs.read_text(encoding="utf-8").splitlines(keepends=True)
    verbs.write_text("".join(ln for ln in lines if not ln.startswith("tout,")), encoding="utf-8")
    st = verbs.stat()
    os.utime(verbs, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a new mtime even on coarse clocks
    assert _analyze(TOUTED).attributions == ()
