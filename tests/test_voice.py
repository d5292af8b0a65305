"""Tests for framing.detect.voice: quotes, scare quotes, attribution frames and speakers.

The seed tests pin the outcomes the design asks for on the bundled corpus
(real text); the synthetic tests use new, realistic news sentences.
"""

from __future__ import annotations

import dataclasses
import re
import time

import pytest

from framing.api import load_parsed
from framing.text.parse import ParsedDocument, parse_document
from framing.core.types import Attribution, Document, Quote, frozen_map
from framing.detect.voice import VoiceResult, analyze_voice


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[ParsedDocument, VoiceResult]]:
    parsed, problems = load_parsed()
    assert not problems
    return {p.doc.doc_id[:3]: (p, analyze_voice(p)) for p in parsed}


def parse(text: str, kind: str = "body") -> ParsedDocument:
    """Parse ``text`` as a one-document corpus; all segments get ``kind``."""
    doc = Document("t", "t.txt", "0" * 64, text, frozen_map({"stance": "test"}))
    p = parse_document(doc)
    if kind != "body":
        segs = tuple(dataclasses.replace(s, kind=kind) for s in p.segments)
        p = dataclasses.replace(p, segments=segs)
    return p


def voice(p: ParsedDocument, v: VoiceResult, phrase: str, nth: int = 0,
          kinds: tuple[str, ...] = ("body", "quoted_article", "comment")) -> tuple[str, str, bool]:
    """Return voice_of for the ``nth`` occurrence of ``phrase`` inside a segment of ``kinds``."""
    seen = 0
    i = p.text.find(phrase)
    while i >= 0:
        seg = next(s for s in p.segments if s.start <= i < s.end)
        if seg.kind in kinds:
            if seen == nth:
                return v.voice_of(seg, i, i + len(phrase))
            seen += 1
        i = p.text.find(phrase, i + 1)
    raise AssertionError(f"{phrase!r} not found")


def frames(p: ParsedDocument, v: VoiceResult, containing: str) -> list[Attribution]:
    """Return the attributions whose frame text contains ``containing`` as whole words."""
    rx = re.compile(r"(?<!\w)" + re.escape(containing) + r"(?!\w)")
    return [a for a in v.attributions if rx.search(p.text[a.start:a.end])]


def one_frame(p: ParsedDocument, v: VoiceResult, containing: str) -> Attribution:
    got = frames(p, v, containing)
    assert len(got) == 1, (containing, [p.text[a.start:a.end] for a in v.attributions])
    return got[0]


def quote_of(p: ParsedDocument, v: VoiceResult, phrase: str) -> Quote:
    got = [q for q in v.quotes if phrase in p.text[q.inner_start:q.inner_end]]
    assert got, (phrase, [p.text[q.start:q.end] for q in v.quotes])
    return got[0]


def reported(p: ParsedDocument, a: Attribution) -> str:
    return p.text[a.reported_start:a.reported_end]


# ---------------------------------------------------------------- API shape


def test_result_is_frozen_and_typed(seeds):
    p, v = seeds["004"]
    assert isinstance(v.quotes, tuple) and all(isinstance(q, Quote) for q in v.quotes)
    assert isinstance(v.attributions, tuple)
    assert all(isinstance(a, Attribution) for a in v.attributions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.quotes = ()  # type: ignore[misc]


def test_offsets_are_consistent(seeds):
    for p, v in seeds.values():
        for q in v.quotes:
            assert q.start <= q.inner_start <= q.inner_end <= q.end
            assert q.kind in ("direct", "scare")
            seg = p.segment(q.seg_id)
            assert seg.start <= q.start and q.end <= seg.end
        for a in v.attributions:
            sent = p.sentences[a.sent_idx]
            assert sent.seg_id == a.seg_id
            assert sent.start <= a.start < a.end <= sent.end
            assert a.reported_start <= a.reported_end
            assert a in v.sentence_attribution(a.sent_idx)


def test_non_prose_segments_are_own_voice(seeds):
    p, v = seeds["002"]
    pull = next(s for s in p.segments if s.kind == "pull_quote")
    assert v.voice_of(pull, pull.start + 2, pull.start + 10) == ("own", "", False)
    assert not [q for q in v.quotes if q.seg_id == pull.seg_id]


# ---------------------------------------------------------------- seed 004 (RT + forum)


def test_004_holy_war_is_choe_relaying_kim(seeds):
    p, v = seeds["004"]
    vo, speaker, scare = voice(p, v, "holy war")
    assert vo == "quoted" and not scare
    assert "Choe" in speaker and "Kim" in speaker


def test_004_quotes_of_choe(seeds):
    p, v = seeds["004"]
    for phrase in ("great victory", "comrades"):
        vo, speaker, scare = voice(p, v, phrase)
        assert vo == "quoted" and "Choe" in speaker and not scare, phrase


def test_004_sentence_quote_inherits_previous_speaker(seeds):
    p, v = seeds["004"]
    q = quote_of(p, v, "We reaffirm")
    assert q.kind == "direct" and "Choe" in q.speaker


def test_004_wipe_out_is_lavrov(seeds):
    p, v = seeds["004"]
    vo, speaker, _ = voice(p, v, "wipe out")
    assert vo == "quoted" and "Lavrov" in speaker
    assert "Lavrov" in voice(p, v, "unprecedentedly high level")[1]


def test_004_frames_and_pronouns(seeds):
    p, v = seeds["004"]
    a = one_frame(p, v, "Choe Son-hui has said")
    assert a.named and a.resolved == "Choe Son-hui"
    assert reported(p, a).startswith("North Korea will support Russia")
    m = one_frame(p, v, "According to the minister")
    assert m.source == "the minister" and m.named and m.resolved == "Choe Son-hui"
    assert one_frame(p, v, "She also remarked").resolved == "Choe Son-hui"
    assert one_frame(p, v, "she said").resolved == "Choe Son-hui"
    assert one_frame(p, v, "He thanked").resolved == "Sergey Lavrov"
    assert one_frame(p, v, "he said").resolved == "Sergey Lavrov"


def test_004_forum_replies_are_own_voice(seeds):
    p, v = seeds["004"]
    comments = [s for s in p.segments if s.kind == "comment"]
    assert len(comments) == 5
    ids = {s.seg_id for s in comments}
    assert not [a for a in v.attributions if a.seg_id in ids]
    for phrase in ("proxy wars", "current admin thinks", "free to do whatever"):
        assert voice(p, v, phrase, kinds=("comment",)) == ("own", "", False)


# ---------------------------------------------------------------- seed 000 (CNS)


def test_000_own_voice_and_scare_quotes(seeds):
    p, v = seeds["000"]
    assert voice(p, v, "pseudo-diplomatic") == ("own", "", False)
    assert voice(p, v, "diplomatic missions") == ("own", "", True)
    assert voice(p, v, "consular offices") == ("own", "", True)
    assert quote_of(p, v, "consular offices").kind == "scare"
    assert quote_of(p, v, "representative offices").kind == "scare"
    assert {q.kind for q in v.quotes if "diplomatic missions" in p.text[q.start:q.end]} == {"scare"}


def test_000_cns_frames_are_named(seeds):
    p, v = seeds["000"]
    cnr = one_frame(p, v, "Centre for National Resistance")
    assert cnr.named and "Centre for National Resistance (CNR)" in cnr.source
    assert "diplomatic missions" in reported(p, cnr)
    cns = [a for a in v.attributions if a.source == "the CNS"]
    assert {a.verb for a in cns} == {"believes", "pointed out", "according to"}
    assert all(a.named and a.resolved == "CNS" for a in cns)
    pointed = next(a for a in cns if a.verb == "pointed out")
    assert reported(p, pointed).startswith("Such actions by the Kremlin")
    # The quote that lost its opening mark still belongs to the CNS.
    assert voice(p, v, "not enough workers") == ("quoted", "CNS", False)
    assert voice(p, v, "not about tourism") == ("quoted", "CNS", False)


def test_000_unsupported_attributions(seeds):
    p, v = seeds["000"]
    obs = one_frame(p, v, "The observers pointed out")
    assert obs.named is False and obs.source == "The observers"
    assert reported(p, obs).startswith("the Russians have already tried")
    noted = one_frame(p, v, "It is noted")
    assert noted.named is False and noted.source == ""


def test_000_not_excluded_is_the_report(seeds):
    p, v = seeds["000"]
    sent = next(i for i, s in enumerate(p.sentences) if s.text.startswith("It is not excluded"))
    attrs = v.sentence_attribution(sent)
    assert [a.verb for a in attrs] == ["it is not excluded", "said"]
    assert attrs[0].named is False
    rep = attrs[1]
    assert rep.source == "the report" and rep.named
    assert reported(p, rep).startswith("It is not excluded")
    assert voice(p, v, "labour units") == ("quoted", "the report", False)


# ---------------------------------------------------------------- seed 001 (Putin's article)


def test_001_putin_quotes(seeds):
    p, v = seeds["001"]
    for phrase in ("treacherous", "aggressive enemy", "illegitimate unilateral restrictions"):
        vo, speaker, scare = voice(p, v, phrase)
        assert vo == "quoted" and "Putin" in speaker and not scare, phrase


def test_001_as_reported_in_english(seeds):
    p, v = seeds["001"]
    a = one_frame(p, v, "As reported in English by")
    assert "Putin's website" in a.source and a.named
    assert a.verb == "as reported in English by"
    he = one_frame(p, v, "he said")
    assert he.resolved == "Vladimir Putin"
    assert one_frame(p, v, "The Russian President also referred to").resolved == "Vladimir Putin"
    assert one_frame(p, v, "The Kremlin reported").resolved == "Kremlin"


def test_001_own_voice_outside_quotes(seeds):
    p, v = seeds["001"]
    assert voice(p, v, "devastating") == ("own", "", False)
    assert voice(p, v, "could hardly be more impressive") == ("own", "", False)


# ---------------------------------------------------------------- seed 003 (NationPress)


def test_003_wire_attributions_are_named(seeds):
    p, v = seeds["003"]
    for frame in ("according to TASS", "as reported by TASS", "as quoted by TASS",
                  "as reported by Yonhap news agency"):
        a = one_frame(p, v, frame)
        assert a.named, frame
    assert one_frame(p, v, "Yonhap").source == "Yonhap news agency"
    vague = one_frame(p, v, "various Russian news outlets")
    assert vague.named is False


def test_003_short_quotes_of_speakers_are_not_scare(seeds):
    p, v = seeds["003"]
    q = quote_of(p, v, "invincible military brotherhood")
    assert q.kind == "direct" and "Lavrov" in q.speaker
    q = quote_of(p, v, "unbreakable")
    assert q.kind == "direct" and "Choe" in q.speaker
    assert voice(p, v, "unbreakable", kinds=("body",))[:2] == ("quoted", "Choe Son-hui")


def test_003_quote_then_she_stated_as_quoted_by_tass(seeds):
    p, v = seeds["003"]
    q = quote_of(p, v, "The strategic choice")
    assert q.kind == "direct" and q.speaker == "Choe Son-hui"
    she = one_frame(p, v, "she stated")
    assert she.resolved == "Choe Son-hui" and she.named
    assert one_frame(p, v, "as quoted by TASS").resolved == "TASS"


def test_003_unattributed_short_quote_is_scare(seeds):
    p, v = seeds["003"]
    assert quote_of(p, v, "comprehensive strategic partnership").kind == "scare"


# ---------------------------------------------------------------- new sentences

REUTERS = (
    "Russia will respond to any deployment of Western troops in Ukraine, a Kremlin "
    "spokesman said on Tuesday. Kremlin spokesman Dmitry Peskov told reporters that the "
    "talks had been \"constructive\". \"We are not going to comment on the so-called peace "
    "plan,\" Peskov added. He said Moscow was ready for \"serious\" negotiations.\n"
    "Sources say the offensive could begin in the spring. According to Ukraine's defence "
    "intelligence, Russia has moved 10,000 troops to the border.\n"
    "\"The situation remains difficult,\" said Kyrylo Budanov, the head of the agency.\n"
)


def test_reuters_trailing_frame():
    p = parse(REUTERS)
    v = analyze_voice(p)
    a = one_frame(p, v, "a Kremlin spokesman said")
    assert a.source == "a Kremlin spokesman" and a.named and a.verb == "said"
    assert reported(p, a) == "Russia will respond to any deployment of Western troops in Ukraine"
    assert voice(p, v, "deployment of Western troops")[0] == "quoted"


def test_reuters_told_and_adjacent_quote():
    p = parse(REUTERS)
    v = analyze_voice(p)
    told = one_frame(p, v, "told")
    assert told.resolved == "Dmitry Peskov" and reported(p, told).startswith("the talks")
    q = quote_of(p, v, "constructive")
    assert q.kind == "direct" and q.speaker == "Dmitry Peskov"   # a frame covers it: not scare
    q = quote_of(p, v, "We are not going")
    assert q.kind == "direct" and q.speaker == "Dmitry Peskov"
    assert voice(p, v, "so-called") == ("quoted", "Dmitry Peskov", False)
    assert one_frame(p, v, "He said").resolved == "Dmitry Peskov"
    assert voice(p, v, "serious")[:2] == ("quoted", "Dmitry Peskov")


def test_reuters_vague_and_according_to():
    p = parse(REUTERS)
    v = analyze_voice(p)
    src = one_frame(p, v, "Sources say")
    assert src.named is False and src.resolved == ""
    assert reported(p, src) == "the offensive could begin in the spring."
    intel = one_frame(p, v, "According to")
    assert intel.source == "Ukraine's defence intelligence" and intel.named
    assert reported(p, intel).startswith("Russia has moved")
    assert voice(p, v, "moved 10,000 troops") == ("quoted", "Ukraine's defence intelligence", False)


def test_inverted_said_after_quote():
    p = parse(REUTERS)
    v = analyze_voice(p)
    a = one_frame(p, v, "said Kyrylo Budanov")
    assert a.resolved == "Kyrylo Budanov" and a.named
    assert quote_of(p, v, "situation remains").speaker == "Kyrylo Budanov"


def test_scare_quotes_without_frames():
    text = ("Moscow calls the invasion a \u201cspecial military operation\u201d. The "
            "\u201creferendum\u201d was held at gunpoint, and officials later announced that the "
            "\u201creferendum\u201d had passed.")
    p = parse(text)
    v = analyze_voice(p)
    assert quote_of(p, v, "special military operation").kind == "scare"
    refs = [q for q in v.quotes if "referendum" in p.text[q.start:q.end]]
    assert len(refs) == 2 and {q.kind for q in refs} == {"scare"}   # repeated phrase
    assert voice(p, v, "special military operation") == ("own", "", True)
    vague = one_frame(p, v, "officials later announced")
    assert vague.named is False


def test_long_quote_is_direct_even_without_frame():
    p = parse("Residents described the night. \u201cThe shelling did not stop until "
              "morning and nobody could sleep.\u201d")
    v = analyze_voice(p)
    q = quote_of(p, v, "shelling")
    assert q.kind == "direct"
    assert voice(p, v, "shelling")[0] == "quoted"


def test_impersonal_frames_are_unnamed():
    p = parse("It is believed that the strikes were carried out by drones. "
              "It was not excluded that more attacks would follow.")
    v = analyze_voice(p)
    assert [a.verb for a in v.attributions] == ["it is believed", "it was not excluded"]
    assert all(not a.named and a.source == "" for a in v.attributions)
    assert reported(p, v.attributions[0]) == "the strikes were carried out by drones."


def test_pronoun_resolution_respects_gender():
    p = parse("Foreign Minister Annalena Baerbock met Mr. Sergei Lavrov in Berlin. "
              "She said the talks were difficult. He insisted that sanctions must go.")
    v = analyze_voice(p)
    assert one_frame(p, v, "She said").resolved == "Annalena Baerbock"
    assert one_frame(p, v, "He insisted").resolved == "Sergei Lavrov"


def test_multi_sentence_quote_and_single_quotes():
    p = parse("Zelensky said, \u201cWe will not give up. We will fight for every "
              "village.\u201d The president\u2019s \u2018peace formula\u2019 isn\u2019t new.")
    v = analyze_voice(p)
    q = quote_of(p, v, "We will not give up")
    assert q.kind == "direct" and q.speaker == "Zelensky"
    assert voice(p, v, "every village") == ("quoted", "Zelensky", False)
    singles = [q for q in v.quotes if p.text[q.start] == "\u2018"]
    assert len(singles) == 1 and p.text[singles[0].inner_start:singles[0].inner_end] == "peace formula"
    assert singles[0].kind == "scare"


def test_comment_segments_have_no_frames():
    p = parse("Putin said the war is going well. LOL, the \"special operation\" again.",
              kind="comment")
    v = analyze_voice(p)
    assert v.attributions == ()
    assert voice(p, v, "war is going well") == ("own", "", False)
    assert voice(p, v, "special operation") == ("own", "", True)


def test_reported_in_passive_covers_previous_sentences():
    p = parse("Kyiv expects new strikes on the energy grid. Repairs will take weeks.\n"
              "This was reported by the General Staff of the Armed Forces of Ukraine.")
    v = analyze_voice(p)
    a = one_frame(p, v, "This was reported by")
    assert a.source == "the General Staff of the Armed Forces of Ukraine" and a.named
    assert voice(p, v, "new strikes") == ("own", "", False)   # another paragraph


def test_paragraph_passive_content():
    p = parse("Kyiv expects new strikes on the energy grid. This was reported by Ukrinform.")
    v = analyze_voice(p)
    a = one_frame(p, v, "reported by")
    assert a.resolved == "Ukrinform"
    assert voice(p, v, "new strikes") == ("quoted", "Ukrinform", False)


def test_relative_clause_subject():
    p = parse("The agreement, which was signed in June, stipulates that each side "
              "will provide \u201cmilitary and other assistance\u201d.")
    v = analyze_voice(p)
    a = one_frame(p, v, "stipulates")
    assert a.source == "The agreement"
    assert quote_of(p, v, "military and other").kind == "direct"


def test_stray_closing_quote_with_frame():
    p = parse("Russia is running out of workers,\" the ministry said.")
    v = analyze_voice(p)
    q = quote_of(p, v, "running out")
    assert q.kind == "direct" and q.speaker == "the ministry"
    assert voice(p, v, "running out") == ("quoted", "the ministry", False)


def test_not_reporting_frames():
    p = parse("He was told to leave. Russia will respond to any attack. Putin's claims "
              "that Kyiv started the war are false. The said agreement was signed. "
              "Ukraine has to report the losses.")
    v = analyze_voice(p)
    assert v.attributions == ()
    assert voice(p, v, "started the war") == ("own", "", False)


def test_subjects_across_commas():
    p = parse("Peskov, speaking to reporters, said nothing had been decided. Officials in "
              "Kyiv, however, said the claims were false. The head of the CNS, Ivan "
              "Petrenko, said the plan was absurd. Dmitry Peskov was quoted as saying that "
              "the talks were over.")
    v = analyze_voice(p)
    assert one_frame(p, v, "speaking to reporters, said").source == "Peskov"
    kyiv = one_frame(p, v, "however, said")
    assert kyiv.source == "Officials in Kyiv" and kyiv.named is False
    assert one_frame(p, v, "Ivan Petrenko, said").resolved == "Ivan Petrenko"
    quoted = one_frame(p, v, "was quoted")
    assert quoted.source == "Dmitry Peskov" and reported(p, quoted) == "the talks were over."


def test_titles_are_analysed():
    p = parse("Putin says the West \u201cwants war\u201d\n\nThe Russian president spoke on "
              "Friday.")
    v = analyze_voice(p)
    title = p.segments[0]
    assert title.kind == "title"
    a = one_frame(p, v, "Putin says")
    assert a.seg_id == title.seg_id
    assert voice(p, v, "wants war", kinds=("title",)) == ("quoted", "Putin", False)


def test_result_rebuilt_from_records_answers_alike(seeds):
    p, v = seeds["004"]
    again = VoiceResult(v.quotes, v.attributions)
    seg = p.segments[1]
    for phrase in ("holy war", "wipe out", "Ukraine and Western countries"):
        i = p.text.find(phrase)
        assert again.voice_of(seg, i, i + len(phrase)) == v.voice_of(seg, i, i + len(phrase))
    assert again == v


def test_linear_time_on_a_long_text(seeds):
    # ~0.5 MB of real prose: must stay well within interactive limits.
    body = "\n".join(p.text[s.start:s.end] for p, _ in seeds.values() for s in p.segments
                     if s.kind in ("body", "quoted_article"))
    p = parse("\n".join([body] * 16))
    start = time.perf_counter()
    v = analyze_voice(p)
    assert time.perf_counter() - start < 10
    assert len(v.attributions) > 16 * 30


def test_quote_followed_by_subject_frame_names_that_speaker():
    from framing.text.corpus import document_from_text
    from framing.text.parse import parse_document
    from framing.detect.voice import analyze_voice
    text = ("South Korea's unification ministry said it was watching closely. \"We will respond to any "
            "violation of sanctions,\" ministry spokesperson Kim Min-ji told a briefing.")
    p = parse_document(document_from_text(text, "t"))
    (q,) = analyze_voice(p).quotes
    assert q.speaker == "Kim Min-ji"


def test_relaying_outlet_does_not_replace_the_speaker():
    from framing.text.corpus import document_from_text
    from framing.text.parse import parse_document
    from framing.detect.voice import analyze_voice
    text = ("Kremlin spokesman Dmitry Peskov told reporters that the talks were "
            "\"constructive and businesslike,\" as quoted by RIA Novosti.")
    p = parse_document(document_from_text(text, "t"))
    (q,) = analyze_voice(p).quotes
    assert q.speaker == "Dmitry Peskov"
