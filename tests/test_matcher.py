"""Matcher behaviour a user relies on: seeds, inflections, wildcards, acronyms, longest match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framing.core.config import lexicons_dir, seeds_dir
from framing.detect.lexicon import ENTRY_COLUMNS, load_lexicon
from framing.detect.matcher import Hit, compile_matcher
from framing.text.tokens import fold, normalize, tokenize

CATEGORIES = (
    "category,family,loaded,description,semeval2020,semeval2023,colour\n"
    "name_calling,labels,true,Labels,\"Name_Calling,Labeling\",,#ffc2c2\n"
    "delegitimizing,labels,true,Status denial,\"Name_Calling,Labeling\",,#ffd8a8\n"
    "brotherhood,glory,true,Alliance kinship,Loaded_Language,,#d6f5a8\n"
    "toponym,places,false,Place names,,,#c4ecf2\n"
    "hedge,stance,false,Hedges,,,#e8e8e8\n"
)
ENTRIES = [
    ("nc.occupier", "occupier", "name_calling"),
    ("dl.pseudo", "pseudo-*", "delegitimizing"),
    ("tp.tot", "=TOT", "toponym"),
    ("br.brotherhood", "brotherhood", "brotherhood"),
    ("br.military", "military brotherhood", "brotherhood"),
    ("br.invincible", "invincible military brotherhood", "brotherhood"),
    ("hd.according", "according to", "hedge"),
    ("hd.allege", "allege", "hedge"),
    ("hd.allegedly", "allegedly*", "hedge"),
    ("tp.kiev", "Kiev", "toponym"),
    ("nc.kiev_regime", "Kiev regime", "name_calling"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lex")
    (folder / "categories.csv").write_text(CATEGORIES, encoding="utf-8")
    lines = [",".join(ENTRY_COLUMNS)]
    lines += [f"{i},{p},{c},1,,Test rationale for {i}.,test" for i, p, c in ENTRIES]
    (folder / "test.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lex = load_lexicon(folder, strict=True)
    return compile_matcher(lex)


@pytest.fixture(scope="module")
def bundled():
    return compile_matcher(load_lexicon(lexicons_dir()))


def found(matcher, text):
    """Return [(matched text, entry id)] for ``text``."""
    return [(text[h.start:h.end], h.entry.id) for h in matcher.match_text(text)]


def categories(matcher, text):
    return {text[h.start:h.end]: h.entry.category for h in matcher.match_text(text)}


# ---------------------------------------------------------------- syntax


def test_plain_word_matches_its_inflections(small):
    text = "The occupiers shelled the occupied town, and one occupier was captured."
    assert found(small, text) == [("occupiers", "nc.occupier"), ("occupied", "nc.occupier"),
                                  ("occupier", "nc.occupier")]


def test_prefix_wildcard_matches_hyphenated_tokens_only_after_the_prefix(small):
    text = "Pseudo-diplomatic missions, a pseudo-referendum, and pseudo science."
    assert found(small, text) == [("Pseudo-diplomatic", "dl.pseudo"), ("pseudo-referendum", "dl.pseudo")]


def test_case_sensitive_marker_matches_the_acronym_not_the_word(small):
    text = "Workers were sent to the TOT. A tot played outside; Tot is a name."
    assert found(small, text) == [("TOT", "tp.tot")]


def test_longest_pattern_wins_and_hits_do_not_overlap(small):
    assert found(small, "an invincible military brotherhood") == [
        ("invincible military brotherhood", "br.invincible")]
    assert found(small, "their military brotherhood grew") == [("military brotherhood", "br.military")]
    assert found(small, "the brotherhood") == [("brotherhood", "br.brotherhood")]
    assert found(small, "the Kiev regime said") == [("Kiev regime", "nc.kiev_regime")]


def test_possessive_and_curly_apostrophe_still_match(small):
    assert found(small, "the Kiev regime\u2019s claims") == [("Kiev regime\u2019s", "nc.kiev_regime")]


def test_phrases_do_not_cross_sentence_punctuation_or_lines(small):
    assert found(small, "They left Kiev. Regime change followed.") == [("Kiev", "tp.kiev")]
    assert found(small, "military\nbrotherhood") == [("brotherhood", "br.brotherhood")]
    assert found(small, "military \u2014 brotherhood") == [("military \u2014 brotherhood", "br.military")]


def test_more_specific_pattern_wins_on_the_same_word(small):
    # `allegedly*` fixes more letters than the stem of `allege`.
    assert found(small, "He allegedly lied; the alleged lie.") == [
        ("allegedly", "hd.allegedly"), ("alleged", "hd.allege")]


def test_hits_carry_offsets_into_the_text_and_token_indices(small):
    text = "Intro. According to TASS, occupiers left."
    start = text.index("According")
    spans = tokenize(text, start, len(text))
    hits = small.match(text, spans)
    assert [type(h) for h in hits] == [Hit, Hit]
    h = hits[0]
    assert text[h.start:h.end] == "According to"
    assert (h.token_start, h.token_end) == (0, 2)
    assert spans[h.token_start][0] == h.start and spans[h.token_end - 1][1] == h.end
    assert small.match(text, []) == []


def test_match_text_equals_match_on_tokenize(small):
    text = "According to reports, the occupiers built an invincible military brotherhood in TOT."
    assert small.match_text(text) == small.match(text, tokenize(text))


def test_compiled_matcher_is_reused_for_the_same_lexicon_version(tmp_path, small):
    folder = Path(small.lexicon.directory)
    again = load_lexicon(folder)
    assert compile_matcher(again) is small
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in folder.iterdir():
        copy.joinpath(f.name).write_bytes(f.read_bytes())
    with open(copy / "test.csv", "a", encoding="utf-8") as fh:
        fh.write("nc.junta,junta,name_calling,2,,Military clique label.,test\n")
    changed = compile_matcher(load_lexicon(copy))
    assert changed is not small
    assert found(changed, "the junta") == [("junta", "nc.junta")]


# ---------------------------------------------------------------- reference check


def _reference(lexicon, text):
    """Brute force: try every entry at every token; leftmost-longest, no overlaps."""
    spans = tokenize(text)
    toks = [text[s:e] for s, e in spans]

    def word_ok(pw, tok):
        if pw.startswith("="):
            return tok == pw[1:]
        if pw.endswith("*"):
            return fold(tok).startswith(fold(pw[:-1]))
        return normalize(tok) == normalize(pw)

    out, i = [], 0
    while i < len(toks):
        best = -1
        for e in lexicon.entries:
            words = e.pattern.split()
            j = i + len(words)
            if j > len(toks) or j - 1 <= best:
                continue
            if all(word_ok(w, toks[i + k]) for k, w in enumerate(words)) and not any(
                    re.search(r"[.!?;:\n\r]", text[spans[k][1]:spans[k + 1][0]]) for k in range(i, j - 1)):
                best = j - 1
        if best >= 0:
            out.append((spans[i][0], spans[best][1]))
            i = best + 1
        else:
            i += 1
    return out


def test_matcher_agrees_with_brute_force_on_the_seed_corpus(bundled):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("00[0134]_*.txt")))
    text += ("\nExperts say the so-called referendum in Donbass was a sham; it is believed that the "
             "Kiev regime's occupiers, allegedly, fled. No doubt the heroic, unbreakable comrades-in-arms "
             "will wipe out the treacherous, dangerous and aggressive enemy.")
    hits = bundled.match_text(text)
    assert [(h.start, h.end) for h in hits] == _reference(bundled.lexicon, text)


# ---------------------------------------------------------------- bundled lexicon on the seeds


def seed(prefix: str) -> str:
    (path,) = seeds_dir().glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix,phrase,category", [
    ("000", "pseudo-diplomatic", "delegitimizing"),
    ("000", "WOT", "toponym"),
    ("000", "temporarily occupied", "toponym"),
    ("000", "occupation forces", "name_calling"),
    ("000", "occupation troops", "name_calling"),
    ("000", "dictators", "name_calling"),
    ("000", "It is not excluded", "hedge"),
    ("000", "observers pointed out", "unsupported_attribution"),
    ("000", "pointed out", "attribution"),
    ("001", "treacherous", "demonization"),
    ("001", "aggressive enemy", "demonization"),
    ("001", "heroic", "sacralization"),
    ("001", "devastating", "emotive"),
    ("003", "invincible military brotherhood", "brotherhood"),
    ("003", "unbreakable", "brotherhood"),
    ("003", "as reported by", "attribution"),
    ("003", "according to", "attribution"),
    ("004", "holy war", "sacralization"),
    ("004", "great victory", "sacralization"),
    ("004", "comrades", "brotherhood"),
    ("004", "Kiev", "toponym"),
])
def test_seed_phrases_get_the_expected_category(bundled, prefix, phrase, category):
    assert categories(bundled, seed(prefix)).get(phrase) == category


def test_seed_000_finds_only_the_occupation_phrases_not_every_occupation(bundled):
    # "Japanese occupation" in seed 001 is history, not a label for troops.
    assert "occupation" not in categories(bundled, seed("001"))


def test_putins_enemy_formula_produces_matches(bundled):
    text = "in their struggle against the treacherous, dangerous and aggressive enemy, in their fight"
    assert found(bundled, text) == [("treacherous", "dm.treacherous"), ("aggressive enemy", "dm.aggressive_enemy")]


def test_realistic_sentences_from_each_side(bundled):
    ru = "Lavrov said Kiev wants to wipe out everything Russian, while the Kiev regime's militants retreat."
    assert categories(bundled, ru) == {"said": "attribution", "Kiev": "toponym",
                                       "wipe out": "demonization", "Kiev regime's": "name_calling"}
    ua = "Reportedly, the Kremlin plans pseudo-elections in the TOT; the occupiers deny it."
    got = categories(bundled, ua)
    assert got["Reportedly"] == "hedge" and got["pseudo-elections"] == "delegitimizing"
    assert got["TOT"] == "toponym" and got["occupiers"] == "name_calling"
    assert categories(bundled, "A tot and his mother.") == {}
