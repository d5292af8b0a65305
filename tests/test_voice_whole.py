"""Whole-text voice (rule 6), reported speech and speaker resolution on realistic passages.

Passages are written for these tests (none is copied from an article).
"""

from __future__ import annotations

import dataclasses

from framing.core.types import Document, frozen_map
from framing.detect.voice import VoiceResult, analyze_voice
from framing.text.corpus import read_catalog
from framing.text.parse import ParsedDocument, parse_document


def parse(text: str, **meta: str) -> ParsedDocument:
    doc = Document("t", "t.txt", "0" * 64, text, frozen_map({"stance": "test", **meta}))
    return parse_document(doc)


def voice(p: ParsedDocument, v: VoiceResult, phrase: str, nth: int = 0) -> tuple[str, str, bool]:
    i = -1
    for _ in range(nth + 1):
        i = p.text.find(phrase, i + 1)
        assert i >= 0, phrase
    seg = next(s for s in p.segments if s.start <= i < s.end)
    return v.voice_of(seg, i, i + len(phrase))


STATEMENT = """Ministry statement on the shelling of Donetsk

Source: Russian Foreign Ministry

Once again the Kiev regime has shown its criminal nature. On the night of March 3, Ukrainian
formations fired Western-supplied rockets at residential quarters of Donetsk, killing four
civilians and wounding eleven more, among them two children.

We call on the international community to condemn this barbaric act and to stop arming the
neo-Nazis who commit it.
"""


def test_source_line_makes_a_republished_statement_quoted():
    p = parse(STATEMENT)
    v = analyze_voice(p)
    assert voice(p, v, "criminal nature")[:2] == ("quoted", "Russian Foreign Ministry")
    assert voice(p, v, "barbaric act")[:2] == ("quoted", "Russian Foreign Ministry")
    # The headline above the credit belongs to the republished statement.
    assert voice(p, v, "shelling of Donetsk")[:2] == ("quoted", "Russian Foreign Ministry")


def test_news_outlet_in_a_source_footer_is_not_a_speaker():
    text = ("Residents of Bangui say they fear what comes next. The government says the mercenaries\n"
            "are there by invitation and dismisses the criticism as baseless propaganda spread abroad.\n\n"
            "SOURCE: DW\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "mercenaries")[0] == "quoted"  # "The government says ..."
    assert voice(p, v, "fear what comes next")[1] != "DW"
    # A news outlet on a Source line opening a text is a relay credit, not a speaker either.
    p2 = parse("Source: Reuters\n\nThe separatist leaders announced a ceasefire on Sunday night.\n")
    assert voice(p2, analyze_voice(p2), "separatist leaders")[:2] == ("own", "")


def test_source_line_after_the_body_does_not_cover_it():
    body = ("Rescue teams worked through the night in the ruins of the apartment block after the strike, "
            "pulling survivors from under concrete slabs while air-raid sirens kept sounding overhead.\n\n")
    p = parse(body + "Source: regional military administration\n")
    v = analyze_voice(p)
    assert voice(p, v, "ruins")[:2] == ("own", "")


def test_article_by_opening_quotes_its_author():
    text = ("From an article by Vladimir Putin in Rodong Sinmun:\n\n"
            "The United States and its satellites seek to impose their neo-colonial order on the world. "
            "Our two countries will never accept such a dictatorship.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "neo-colonial order")[:2] == ("quoted", "Vladimir Putin")
    assert voice(p, v, "dictatorship")[:2] == ("quoted", "Vladimir Putin")


def test_forum_quote_blocks_are_quoted():
    text = ("> Western media are nothing but a propaganda machine run from Langley.\n"
            "That is exactly what a troll farm would write. Nobody serious believes this nonsense.\n\n"
            "Quote from: baltic_lad on January 02, 2023, 10:14:51 am\n"
            "The whole country has been brainwashed for twenty years.\n\n"
            "Sadly true, my relatives there repeat the TV line word for word.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "propaganda machine")[:2] == ("quoted", "the quoted comment")
    assert voice(p, v, "troll farm")[:2] == ("own", "")
    assert voice(p, v, "brainwashed")[:2] == ("quoted", "baltic_lad")
    assert voice(p, v, "TV line")[:2] == ("own", "")


def test_catalog_speaker_makes_the_whole_body_quoted(tmp_path):
    (tmp_path / "catalog.csv").write_text(
        "file,outlet,stance,speaker\nop.txt,Friendship Portal,test,Vladimir Putin\n", encoding="utf-8")
    cat = read_catalog(tmp_path / "catalog.csv")
    meta = cat.documents["op.txt"]
    assert meta["speaker"] == "Vladimir Putin"
    text = ("The collective West keeps pumping weapons into Ukraine and prolonging the bloodshed.\n\n"
            "We will defend our people and our sovereignty.\n")
    doc = Document("op", "op.txt", "0" * 64, text, frozen_map(meta))
    p = parse_document(doc)
    v = analyze_voice(p)
    assert voice(p, v, "collective West")[:2] == ("quoted", "Vladimir Putin")
    assert voice(p, v, "sovereignty")[:2] == ("quoted", "Vladimir Putin")


def test_quoted_article_part_is_its_outlets_own_voice_unless_the_catalog_names_a_speaker():
    text = ("Moscow and Pyongyang pledged to deepen their strategic partnership, the agency wrote.\n"
            "Kremlin officials praised the heroic Korean people.\n")
    p = parse(text)
    # The catalog made this part RT's own text (stance kremlin_rt): its phrases are RT's own framing.
    segs = tuple(dataclasses.replace(s, kind="quoted_article", outlet="RT") for s in p.segments)
    own = dataclasses.replace(p, segments=segs)
    assert voice(own, analyze_voice(own), "heroic Korean people")[:2] == ("own", "")
    # A speaker in the catalog marks it as somebody's republished words instead.
    segs = tuple(dataclasses.replace(s, kind="quoted_article", outlet="RT", speaker="RT") for s in p.segments)
    quoted = dataclasses.replace(p, segments=segs)
    assert voice(quoted, analyze_voice(quoted), "heroic Korean people")[:2] == ("quoted", "RT")


def test_plain_news_stays_own_voice():
    text = ("KYIV -- Russian forces shelled the centre of Kherson on Tuesday, damaging a school and "
            "a hospital, regional officials said. The invaders also struck a bus stop.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "invaders")[:2] == ("own", "")


def test_headline_naming_its_speaker():
    p = parse("Kremlin: the strikes on energy sites were part of the 'special operation'\n\n"
              "Moscow said on Monday that the strikes would continue.\n")
    v = analyze_voice(p)
    seg = p.segments[0]
    assert seg.kind == "title"
    i = p.text.find("energy sites")
    assert v.voice_of(seg, i, i + 12)[:2] == ("quoted", "Kremlin")
    # A section label is no speaker.
    p2 = parse("Analysis: the strikes on energy sites will not break Ukraine\n\nKyiv is rebuilding.\n")
    v2 = analyze_voice(p2)
    i = p2.text.find("energy sites")
    assert v2.voice_of(p2.segments[0], i, i + 12)[:2] == ("own", "")


def label_voice(p: ParsedDocument, v: VoiceResult, phrase: str, category: str):
    i = p.text.find(phrase)
    seg = next(s for s in p.segments if s.start <= i < s.end)
    return v.voice_of_label(seg, i, i + len(phrase), phrase, category)


def test_outlets_own_labels_inside_indirect_speech():
    text = ("Kremlin spokesman Dmitry Peskov said that the Kremlin dictator had signed no such decree "
            "and that Kiev was to blame for the failed talks. He added that the Kiev regime was "
            "sabotaging every peace initiative.\n")
    p = parse(text)
    v = analyze_voice(p)
    # A label for the speaker's own side is the outlet's; the spelling of a place is the outlet's.
    assert label_voice(p, v, "Kremlin dictator", "name_calling")[:2] == ("own", "")
    assert label_voice(p, v, "Kiev", "toponym")[:2] == ("own", "")
    # A label for the other side stays the speaker's words.
    assert label_voice(p, v, "Kiev regime", "name_calling")[:2] == ("quoted", "Dmitry Peskov")
    # Plain voice_of (no category) still reads the reported clause as quoted.
    i = p.text.find("Kremlin dictator")
    assert v.voice_of(p.segments[0], i, i + 16)[0] == "quoted"


def test_labels_inside_direct_quotes_and_republished_texts_stay_the_speakers():
    p = parse('"Kiev has chosen terror," Peskov said.\n')
    v = analyze_voice(p)
    assert label_voice(p, v, "Kiev", "toponym")[:2] == ("quoted", "Peskov")
    p2 = parse(STATEMENT)
    v2 = analyze_voice(p2)
    assert label_voice(p2, v2, "Donetsk", "toponym")[:2] == ("quoted", "Russian Foreign Ministry")


def test_reference_credit_names_the_source_and_covers_impersonal_frames():
    text = ("The Ministry of Foreign Affairs organised a visit of foreign diplomats to the damaged "
            "hospital in Kyiv. This was reported by UNN with reference to the Ministry of Foreign "
            "Affairs of Ukraine.\n\n"
            "It is noted that the diplomats saw the consequences of the brutal Russian terror.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "diplomats to the damaged")[:2] == ("quoted", "Ministry of Foreign Affairs of Ukraine")
    assert voice(p, v, "brutal Russian terror")[:2] == ("quoted", "Ministry of Foreign Affairs of Ukraine")
    # The impersonal frame stays unnamed: the sentence itself names nobody.
    noted = [a for a in v.attributions if a.verb == "it is noted"]
    assert noted and not noted[0].named


def test_trailing_frame_reports_the_inner_speaker():
    text = ('Putin said it was important to recognise the "denazification" of Ukraine and its '
            'neutral status, the Kremlin said in a statement.\n')
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "denazification")[:2] == ("quoted", "Putin")
    assert voice(p, v, "neutral status")[:2] == ("quoted", "Putin")


def test_listed_quotes_in_a_persons_words_are_theirs():
    text = ('President Vladimir Putin has blamed Ukraine for a "senseless" and "cruel" attack on the '
            'bridge.\n')
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "senseless")[:3] == ("quoted", "Vladimir Putin", False)
    # Without a covering frame the same list is scare quotes (the outlet's distance).
    p2 = parse('Officials in the "republics" promised "referendums" and "elections" by autumn.\n')
    v2 = analyze_voice(p2)
    assert voice(p2, v2, "referendums")[2] is True


def test_bodies_describe_and_call_on():
    text = ('The government has described the idea that it lost control as "nonsense". '
            'The ministry calls on partners to condemn the sham elections in occupied territory.\n')
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "nonsense")[0] == "quoted"
    assert voice(p, v, "sham elections")[0] == "quoted"


def test_descriptions_resolve_to_the_last_compatible_source():
    text = ("Kherson, May 5 -- Russian shelling killed two people in the city, Ukrinform reports. "
            "The agency said a bus stop was hit.\n"
            "The Center for National Resistance said occupation authorities were deporting teachers. "
            "The Center also said that lists of \"unreliable\" residents were being drawn up.\n"
            "President Alexander Lukashenko met the envoy in Minsk. The head of state said that "
            "Belarus would never allow Western provocations.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "bus stop")[:2] == ("quoted", "Ukrinform")
    assert voice(p, v, "lists of")[:2] == ("quoted", "Center for National Resistance")
    assert voice(p, v, "Western provocations")[:2] == ("quoted", "Alexander Lukashenko")


def test_participle_clauses_and_subordinators_are_no_names():
    text = ("Accompanied by the governor, the diplomats toured the ruins. "
            "While the agency reported new strikes, the city council said schools would reopen.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert not any(a.source.startswith(("Accompanied", "While")) for a in v.attributions)
    assert voice(p, v, "schools would reopen")[:2] == ("quoted", "the city council")


def test_descriptions_do_not_resolve_to_descriptions_or_other_bodies():
    text = ("A spokeswoman for the ministry said the convoy had left. "
            "The defence ministry said the exercise would go ahead.\n")
    p = parse(text)
    v = analyze_voice(p)
    assert voice(p, v, "exercise would go ahead")[:2] == ("quoted", "The defence ministry")
    text2 = ("The Russian Foreign Ministry summoned the ambassador. "
             "The defence ministry said the drills would continue.\n")
    p2 = parse(text2)
    v2 = analyze_voice(p2)
    # A defence ministry is not the Foreign Ministry named before it.
    assert voice(p2, v2, "drills would continue")[:2] == ("quoted", "The defence ministry")
