"""Lexicon files: the bundled ones are clean and complete; check_lexicon finds each kind of bad line."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from framing.core.config import lexicons_dir
from framing.core.errors import LexiconError
from framing.detect.lexicon import (CATEGORY_COLUMNS, ENTRY_COLUMNS, OPTIONAL_CATEGORY_COLUMNS, SEMEVAL2020_TECHNIQUES,
                             check_lexicon, load_lexicon)

BUNDLED = lexicons_dir()

CATEGORIES_CSV = (
    "category,family,loaded,description,semeval2020,semeval2023,colour\n"
    "name_calling,labels,true,Labels,\"Name_Calling,Labeling\",Name_Calling-Labeling,#ffc2c2\n"
    "hedge,stance,false,Hedges,,,#e8e8e8\n"
)
HEADER = ",".join(ENTRY_COLUMNS) + "\n"
GOOD = "nc.dictator,dictator,name_calling,2,leader,Brands a leader as ruling by force.,own analysis\n"


def write_lexicon(folder: Path, entries: str, name: str = "labels.csv",
                  categories: str = CATEGORIES_CSV) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "categories.csv").write_text(categories, encoding="utf-8")
    (folder / name).write_text(entries, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bundled():
    return load_lexicon(BUNDLED)


# ---------------------------------------------------------------- bundled files


def test_every_bundled_lexicon_file_passes_check():
    assert [str(p) for p in check_lexicon(BUNDLED)] == []


def test_bundled_lexicon_has_400_entries_each_with_own_rationale_and_source(bundled):
    entries = bundled.entries
    assert len(entries) >= 400
    assert all(e.rationale.strip() and e.source.strip() for e in entries)
    # Rationales are written per entry, not one template repeated.
    assert len({e.rationale for e in entries}) == len(entries)
    assert all(0 < e.weight <= 3 for e in entries)


def test_bundled_categories_have_the_required_ids_and_flags(bundled):
    required = {"name_calling", "delegitimizing", "sacralization", "demonization", "euphemism",
                "toponym", "brotherhood", "hedge", "booster", "attribution",
                "unsupported_attribution", "emotive"}
    cats = bundled.categories
    assert required <= set(cats)
    for signal in ("hedge", "booster", "attribution", "unsupported_attribution"):
        assert cats[signal].loaded is False
    for loaded in ("name_calling", "demonization", "emotive", "sacralization"):
        assert cats[loaded].loaded is True
    assert all(c.semeval2020 in SEMEVAL2020_TECHNIQUES for c in cats.values() if c.semeval2020)
    used = {e.category for e in bundled.entries}
    assert required <= used


@pytest.mark.parametrize("pattern", [
    "holy war", "pseudo-*", "treacherous", "aggressive enemy", "invincible military brotherhood",
    "unbreakable", "comrade", "great victory", "heroic", "wipe out", "dictator*", "occupier*",
    "=WOT", "=TOT", "Kiev", "it is not excluded", "reportedly*", "allegedly*", "according to",
    "as reported by", "pointed out", "observers pointed out", "it is believed",
])
def test_seed_phrases_are_in_the_bundled_lexicon(bundled, pattern):
    assert pattern in {e.pattern for e in bundled.entries}


def test_entry_ids_are_unique_across_files_and_follow_the_prefix_convention(bundled):
    ids = [e.id for e in bundled.entries]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+\.[a-z0-9_]+", i) for i in ids)


def test_entries_frame_has_one_row_per_entry_with_category_metadata(bundled):
    df = bundled.entries_frame()
    assert len(df) == len(bundled.entries)
    assert {"id", "pattern", "category", "family", "loaded", "weight", "rationale", "file", "line"} <= set(df)
    row = df.set_index("pattern").loc["holy war"]
    assert row["category"] == "sacralization" and bool(row["loaded"]) is True


def test_outlets_file_lists_parties_and_aliases():
    with open(BUNDLED / "outlets.csv", encoding="utf-8", newline="") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    for name in ("TASS", "RIA Novosti", "RT", "Sputnik", "KCNA", "Rodong Sinmun", "the Kremlin",
                 "Center for National Resistance", "GUR", "Yonhap", "Reuters", "AP", "AFP",
                 "NK News", "38 North", "Daily NK", "ISDP", "Beyond Parallel", "U.S. Mission to the UN"):
        assert name in rows
    assert {r["type"] for r in rows.values()} <= {"state_media", "government_body", "independent_media",
                                                 "wire", "think_tank", "forum"}
    assert "kremlin.ru" in rows["the Kremlin"]["aliases"].split("|")
    assert {"CNS", "CNR", "Centre for National Resistance"} <= set(
        rows["Center for National Resistance"]["aliases"].split("|"))
    assert rows["TASS"]["party_to_conflict"] == "true"
    assert rows["Reuters"]["party_to_conflict"] == "false"


# ---------------------------------------------------------------- version


def test_version_is_a_content_hash_that_changes_when_a_file_changes(tmp_path):
    folder = write_lexicon(tmp_path / "a", HEADER + GOOD)
    v1 = load_lexicon(folder).version
    assert re.fullmatch(r"[0-9a-f]{12}", v1)
    copy = tmp_path / "b"
    shutil.copytree(folder, copy)
    assert load_lexicon(copy).version == v1  # same bytes, other folder
    with open(copy / "labels.csv", "a", encoding="utf-8") as fh:
        fh.write("nc.junta,junta,name_calling,2,,Military clique label.,own analysis\n")
    assert load_lexicon(copy).version != v1


# ---------------------------------------------------------------- check_lexicon


BAD_LINES = [
    # (line written as line 3 of labels.csv, expected words in the reason)
    ("nc.x,dictators,name_calling,1,,Plural of an existing entry.,own", "duplicate pattern"),
    ("nc.dictator,tyrant,name_calling,1,,Reuses an id.,own", "duplicate id"),
    ("nc.x,tyrant,no_such_category,1,,Unknown category.,own", "unknown category"),
    ("nc.x,tyrant,name_calling,strong,,Weight is a word.,own", "not a number"),
    ("nc.x,tyrant,name_calling,0,,Weight zero.,own", "outside (0, 3]"),
    ("nc.x,tyrant,name_calling,3.5,,Weight too high.,own", "outside (0, 3]"),
    ("nc.x,,name_calling,1,,Empty pattern.,own", "empty pattern"),
    ("nc.x,regime(s)?,name_calling,1,,Regex syntax.,own", "never regular expressions"),
    ("nc.x,!!!,name_calling,1,,Only punctuation.,own", "can never match"),
    ("nc.x,pseu*do,name_calling,1,,Star in the middle.,own", "can never match"),
    ("nc.x,= WOT,name_calling,1,,Equals sign with nothing after.,own", "can never match"),
    ("nc.x,#hashtag,name_calling,1,,Hash sign.,own", "can never match"),
    ("nc.x,tyrant,name_calling,1,,,own", "missing rationale"),
    ("nc.x,tyrant,name_calling,1,,Rationale, with an unquoted comma,own", "fields where the header has"),
]


@pytest.mark.parametrize("line,reason", BAD_LINES)
def test_check_reports_each_bad_line_kind_with_file_and_line(tmp_path, line, reason):
    folder = write_lexicon(tmp_path, HEADER + GOOD + line + "\n")
    problems = check_lexicon(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert Path(p.path).name == "labels.csv" and p.line == 3
    assert reason in p.reason
    assert p.fix  # every problem says how to fix it
    assert str(p).startswith(f"{p.path}:3: ")


def test_check_names_the_missing_header_columns(tmp_path):
    folder = write_lexicon(tmp_path, "id,pattern,category,weight\n" + "nc.a,junta,name_calling,1\n")
    (p,) = check_lexicon(folder)
    assert p.line == 1 and "neutral_alternative" in p.reason and "rationale" in p.reason
    assert ",".join(ENTRY_COLUMNS) in p.fix


def test_check_reports_bad_category_rows(tmp_path):
    cats = CATEGORIES_CSV + "emotive,emotive,maybe,Emotive words,,,#ffd1b8\n" \
                            "threat,threat,true,Threats,,,#202020\n"
    folder = write_lexicon(tmp_path, HEADER + GOOD, categories=cats)
    problems = check_lexicon(folder)
    assert [(Path(p.path).name, p.line) for p in problems] == [("categories.csv", 4), ("categories.csv", 5)]
    assert "true or false" in problems[0].reason and "too dark" in problems[1].reason


def test_check_without_categories_file_reports_it(tmp_path):
    (tmp_path / "labels.csv").write_text(HEADER + GOOD, encoding="utf-8")
    (p,) = check_lexicon(tmp_path)
    assert "categories.csv not found" in p.reason


def test_lenient_load_skips_only_bad_lines(tmp_path):
    folder = write_lexicon(tmp_path, HEADER + GOOD
                           + "nc.bad,tyrant,name_calling,9,,Too heavy.,own\n"
                           + "nc.junta,junta,name_calling,2,,Military clique label.,own\n")
    lex = load_lexicon(folder)
    assert [e.id for e in lex.entries] == ["nc.dictator", "nc.junta"]
    assert [(p.line, "outside" in p.reason) for p in lex.problems] == [(3, True)]
    junta = lex.entries[1]
    assert (Path(junta.file).name, junta.line, junta.weight) == ("labels.csv", 4, 2.0)


def test_strict_load_raises_the_first_problem_with_file_and_line(tmp_path):
    folder = write_lexicon(tmp_path, HEADER + GOOD + "nc.bad,tyrant,name_calling,9,,Too heavy.,own\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon(folder, strict=True)
    assert err.value.line == 3 and err.value.path.endswith("labels.csv")
    assert "labels.csv:3:" in str(err.value)


def test_missing_rationale_is_reported_but_the_entry_still_matches(tmp_path):
    folder = write_lexicon(tmp_path, HEADER + "nc.junta,junta,name_calling,2,,,own\n")
    lex = load_lexicon(folder)
    assert [e.id for e in lex.entries] == ["nc.junta"]
    assert [p.reason for p in lex.problems] == ["missing rationale"]


def test_comments_blank_lines_bom_crlf_and_quoted_multiline_fields(tmp_path):
    text = ("\ufeff" + HEADER.replace("\n", "\r\n") + "# a comment line\r\n\r\n"
            + 'nc.junta,junta,name_calling,2,,"Military clique\r\nlabel, two lines.",own\r\n'
            + "nc.thug,thug,name_calling,2,,Street-criminal label.,own\r\n")
    folder = write_lexicon(tmp_path, text)
    lex = load_lexicon(folder)
    assert lex.problems == ()
    assert [(e.id, e.line) for e in lex.entries] == [("nc.junta", 4), ("nc.thug", 6)]
    assert "two lines" in lex.entries[0].rationale


def test_outlets_and_categories_are_not_read_as_entry_files(tmp_path):
    folder = write_lexicon(tmp_path, HEADER + GOOD)
    (folder / "outlets.csv").write_text("name,aliases,country,type,party_to_conflict,notes\n"
                                        "TASS,ITAR-TASS,Russia,state_media,true,\n", encoding="utf-8")
    lex = load_lexicon(folder)
    assert lex.problems == () and len(lex.entries) == 1


def test_duplicate_across_files_points_at_the_first_definition(tmp_path):
    folder = write_lexicon(tmp_path, HEADER + GOOD)
    (folder / "more.csv").write_text(HEADER + "x.dict,Dictators,name_calling,1,,Again.,own\n",
                                     encoding="utf-8")
    (p,) = check_lexicon(folder)
    assert p.path.endswith("more.csv") and p.line == 2
    assert "labels.csv:2" in p.reason


def test_category_columns_constant_matches_the_bundled_header():
    with open(BUNDLED / "categories.csv", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == CATEGORY_COLUMNS + OPTIONAL_CATEGORY_COLUMNS
