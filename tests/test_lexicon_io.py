"""Importing LIWC/Empath dictionaries into our schema and exporting ours as LIWC .dic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from framing.core.errors import LexiconError
from framing.detect.lexicon import ENTRY_COLUMNS, load_lexicon
from framing.detect.lexicon_io import (export_dic, import_dictionary, imported_categories,
                                write_categories_csv, write_entries_csv)
from framing.detect.matcher import compile_matcher

DATA = Path(__file__).parent / "data" / "lexicon"


def rows(df):
    return [(r.pattern, r.category) for r in df.itertuples()]


def test_liwc2007_dic_in_windows_1252_with_conditional_codes_and_undefined_ids():
    df, problems = import_dictionary(DATA / "liwc2007_cp1252.dic")
    assert list(df.columns) == list(ENTRY_COLUMNS)
    # Tabs and runs of spaces both separate fields; "naïve" decodes from windows-1252;
    # the multi-word pattern survives; "<of>" and "(02 134)" lines are skipped.
    assert rows(df) == [("happy", "posemo"), ("hate*", "negemo"), ("na\u00efve", "posemo"),
                        ("friend*", "social"), ("thank you", "posemo"), ("caf\u00e9*", "social")]
    assert set(df["weight"]) == {1.0}
    assert df.set_index("pattern").loc["hate*", "id"] == "negemo.hate_prefix"
    assert df.set_index("pattern").loc["happy", "rationale"] == "imported from liwc2007_cp1252.dic category posemo"
    assert set(df["source"]) == {"liwc2007_cp1252.dic"}
    by_line = {p.line: p.reason for p in problems}
    assert "conditional code" in by_line[9] and "<of>" in by_line[9]
    assert "conditional code" in by_line[10]
    assert "undefined category id 9" in by_line[11]
    assert "several categories" in by_line[8] and "kept posemo" in by_line[8]
    assert all(p.path.endswith("liwc2007_cp1252.dic") for p in problems)


def test_liwc2015_nested_categories_and_zero_padded_ids():
    df, problems = import_dictionary(DATA / "liwc2015_nested.dic")
    assert rows(df) == [("we", "function"), ("awful", "affect"), ("no doubt", "affect")]
    assert all("several categories" in p.reason for p in problems)


def test_dicx_marks_membership_with_x_in_any_case():
    df, problems = import_dictionary(DATA / "sample.dicx")
    assert rows(df) == [("devastating", "loaded"), ("reportedly", "hedge"),
                        ("so-called", "loaded"), ("holy war", "loaded")]
    assert [(p.line, "in no category" in p.reason) for p in problems] == [(5, True)]


def test_empath_tsv():
    df, problems = import_dictionary(DATA / "empath_sample.tsv")
    assert rows(df) == [("enemy", "war"), ("battle", "war"), ("holy war", "war"),
                        ("terror", "fear"), ("dread", "fear")]
    assert problems == []


def test_unmatchable_imported_patterns_are_reported_not_written(tmp_path):
    dic = tmp_path / "emoticons.dic"
    dic.write_text("%\n1\tposemo\n%\n:)\t1\ngood\t1\nu.s.\t1\n", encoding="utf-8")
    df, problems = import_dictionary(dic)
    assert rows(df) == [("good", "posemo")]
    assert [p.line for p in problems] == [4, 6]


def test_unsupported_file_type_raises(tmp_path):
    other = tmp_path / "words.txt"
    other.write_text("x\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unsupported dictionary type"):
        import_dictionary(other)


def test_imported_entries_load_and_match_after_writing(tmp_path):
    df, _ = import_dictionary(DATA / "liwc2007_cp1252.dic")
    folder = tmp_path / "lex"
    folder.mkdir()
    assert write_entries_csv(df, folder / "liwc.csv") == len(df)
    write_categories_csv(imported_categories(df, "liwc"), folder / "categories.csv")
    lex = load_lexicon(folder)
    assert lex.problems == ()
    assert {c.name for c in lex.categories.values()} == {"posemo", "negemo", "social"}
    text = "We were happy, naïve friends; they hated the café. Thank you."
    hits = compile_matcher(lex).match_text(text)
    assert [(text[h.start:h.end], h.entry.category) for h in hits] == [
        ("happy", "posemo"), ("naïve", "posemo"), ("friends", "social"), ("hated", "negemo"),
        ("café", "social"), ("Thank you", "posemo")]


def test_export_dic_round_trips_through_import(tmp_path):
    folder = tmp_path / "lex"
    folder.mkdir()
    (folder / "categories.csv").write_text(
        "category,family,loaded,description,semeval2020,semeval2023,colour\n"
        "toponym,places,false,Place names,,,#c4ecf2\n"
        "sacralization,glory,true,Holy register,Loaded_Language,,#fff0a0\n", encoding="utf-8")
    (folder / "e.csv").write_text(
        ",".join(ENTRY_COLUMNS) + "\n"
        "sc.holy_war,holy war,sacralization,3,war,Religious war frame.,seed 004\n"
        "tp.wot,=WOT,toponym,1,,Occupied-territories acronym.,seed 000\n"
        "sc.heroic,heroic*,sacralization,2,,Glorifying adjective.,seed 001\n", encoding="utf-8")
    lex = load_lexicon(folder)
    out = io.StringIO()
    problems = export_dic(lex, out)
    text = out.getvalue()
    assert text.splitlines()[:4] == ["%", "1\ttoponym", "2\tsacralization", "%"]
    assert "holy war\t2" in text and "wot\t1" in text and "heroic*\t2" in text
    assert any("case-sensitive" in p.reason and p.line == 3 for p in problems)
    path = tmp_path / "out.dic"
    export_dic(lex, path)
    df, _ = import_dictionary(path)
    assert rows(df) == [("holy war", "sacralization"), ("wot", "toponym"), ("heroic*", "sacralization")]
