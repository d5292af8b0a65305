"""Classroom exercises on the seeds: determinism, answers that trace back to the analysis, passages, keys, CLI, page."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

from framing.api import analyze
from framing.present.cli import main
from framing.core.errors import FramingError
from framing.present.exercises import (BLATANT_WEIGHT, KINDS, LEVELS, OUTLET_PLACEHOLDER, OWN_CHOICE, PASSAGE_KINDS,
                               QUOTED_PREFIX, SUBTLE_WEIGHT, ShortfallWarning, check_answer, generate,
                               model_rewrite, outlet_names, student_text)
from framing.detect.matcher import compile_matcher
from framing.present.exercises.chrome import is_passage_chrome
from framing.present.worksheet import output_paths, render_html, render_markdown

HOSTILE = ("The regime waged a holy war, officials said. <script>alert(1)</script> and "
           "<img src=x onerror=alert(1)> were found. The dictators' pseudo-diplomatic missions are a sham. "
           "The talks between the two delegations will continue in the capital next month, the ministry said.")


@pytest.fixture(scope="session")
def made(seed_analysis):
    """Every kind at every level on the seeds (seed 3), generated once: ``{(kind, level): [Exercise]}``."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        for kind in KINDS:
            for level in LEVELS:
                out[kind, level] = generate(seed_analysis.data, kind, count=4, seed=3, level=level)
    return out


def _parsed(a, doc_id):
    return a.by_id[doc_id].parsed


def _all(made, kind=None):
    return [ex for (k, _), exs in made.items() for ex in exs if kind is None or k == kind]


# ------------------------------------------------------------------ generation basics


def test_every_kind_and_level_makes_exercises_with_answers(made):
    for (kind, level), exs in made.items():
        assert exs, (kind, level)
        for ex in exs:
            assert ex.kind == kind and ex.level == level and ex.answers, (kind, level, ex.title)
            assert ex.instructions and ex.questions and ex.passages


def test_same_seed_same_output_different_seed_different(seed_analysis):
    for kind in KINDS:
        a = generate(seed_analysis.data, kind, count=2, seed=11, level="medium")
        b = generate(seed_analysis.data, kind, count=2, seed=11, level="medium")
        assert a == b, kind
        assert render_html(a, key=True) == render_html(b, key=True)
    for kind in ("spot", "voice", "sourcing", "source", "frames"):
        picks = {tuple((ex.passage.doc_id, ex.passage.sent_idx) for ex in
                       generate(seed_analysis.data, kind, count=1, seed=s, level="medium")) for s in range(6)}
        assert len(picks) > 1, kind


def test_unknown_kind_level_claim_stance_are_clear_errors(seed_analysis):
    with pytest.raises(FramingError, match="unknown exercise kind"):
        generate(seed_analysis.data, "quiz")
    with pytest.raises(FramingError, match="unknown level"):
        generate(seed_analysis.data, "spot", level="expert")
    with pytest.raises(FramingError, match="unknown claim"):
        generate(seed_analysis.data, "spot", claims=["no_such_claim"])
    with pytest.raises(FramingError, match="no prose from stance"):
        generate(seed_analysis.data, "spot", stances=["martians"])
    # generators take the plain CorpusAnalysis; the notebook facade is turned away with the fix in the message
    with pytest.raises(TypeError, match=r"pass analysis\.data"):
        generate(seed_analysis, "spot")


def test_claim_and_stance_filters(seed_analysis):
    assigned = seed_analysis.assignments("nk_troops")
    pairs = set(zip(assigned["doc_id"], assigned["sent_idx"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        exs = generate(seed_analysis.data, "spot", count=3, seed=1, stances=["kremlin_rt"])
        assert exs and all(ex.passage.stance == "kremlin_rt" for ex in exs)
        exs = generate(seed_analysis.data, "sourcing", count=3, seed=1, claims=["nk_troops"])
        assert exs
        for ex in exs:
            assert any((ex.passage.doc_id, i) in pairs for i in ex.passage.sent_idx)
        fr = generate(seed_analysis.data, "frames", count=2, seed=1, claims=["support_for_war"],
                      stances=["kremlin_rt", "wire_rewrite"])
    assert fr and all(ex.claim_id == "support_for_war" for ex in fr)
    assert all({p.stance for p in ex.passages} == {"kremlin_rt", "wire_rewrite"} for ex in fr)


# ------------------------------------------------------------------ passages


def test_passages_are_whole_sentences_of_prose_and_never_cut_quotes(seed_analysis, made):
    for ex in _all(made):
        for p in ex.passages:
            parsed = _parsed(seed_analysis, p.doc_id)
            sents = [parsed.sentences[i] for i in p.sent_idx]
            assert list(p.sent_idx) == list(range(p.sent_idx[0], p.sent_idx[-1] + 1)), ex.title
            assert p.start == sents[0].start and p.end == sents[-1].end
            for s in sents:
                assert parsed.segment(s.seg_id).kind in PASSAGE_KINDS, (ex.title, s.seg_id)
            if ex.kind != "source":
                # sourcing passages print the endnote markers the repair moved out ("...release it.[10]")
                shown = re.sub(r"\[\d+\]", "", p.text) if p.endnotes else p.text
                assert shown == parsed.text[p.start:p.end]
                assert [re.sub(r"\[\d+\]", "", p.text[a:b]) for a, b in p.sentences] == [s.text for s in sents]
                assert len(re.findall(r"\[\d+\]", p.text)) == len(p.endnotes)
            for s in sents:
                assert not is_passage_chrome(s.text, parsed.segment(s.seg_id).kind == "comment"), s.text
            for q in seed_analysis.by_id[p.doc_id].voice.quotes:
                assert not (q.start < p.start < q.end) and not (q.start < p.end < q.end), (ex.title, q)


def test_every_span_answer_is_whole_inside_its_passage(made):
    for ex in _all(made):
        for a in ex.answers:
            if a.start < 0:
                continue
            text = ex.passages[a.passage].text
            assert 0 <= a.start < a.end <= len(text), (ex.title, a)
            assert text[a.start:a.end] == a.text, (ex.title, a.text, text[a.start:a.end])
            # never half a word: the characters either side are not letters
            assert a.start == 0 or not text[a.start - 1].isalnum(), (ex.title, a.text)
            assert a.end == len(text) or not text[a.end].isalnum(), (ex.title, a.text)


def test_level_rules(seed_analysis, made):
    for ex in made["spot", "easy"]:
        lo, hi = LEVELS["easy"].sentences
        assert len(ex.passage.sent_idx) <= hi
        assert any(a.weight >= BLATANT_WEIGHT for a in ex.answers)
        assert "to find" in ex.instructions  # easy tells how many
    for ex in made["spot", "hard"]:
        assert any(a.weight <= SUBTLE_WEIGHT for a in ex.answers)
        assert len(ex.answers) <= len(ex.passage.sent_idx)  # sparse: at most one cue a sentence
        assert "to find" not in ex.instructions


# ------------------------------------------------------------------ answers against the analysis


def test_spot_answers_are_the_sure_detector_cues_and_distractors_are_never_flagged(seed_analysis, made):
    from framing.present.exercises.keys import document_key
    from framing.present.exercises.view import CorpusView
    view = CorpusView(seed_analysis.data)
    matcher = compile_matcher(seed_analysis.lexicon)
    cats = seed_analysis.lexicon.categories
    for ex in _all(made, "spot"):
        p = ex.passage
        key = document_key(seed_analysis.by_id[p.doc_id], seed_analysis.data)
        inside = [c for c in key.cues if p.start <= c.match.start and c.match.end <= p.end]
        sure = {(c.match.start, c.match.end) for c in inside if c.sure}
        # complete for what the detector is sure of, and nothing else is an answer
        assert {(a.doc_start, a.doc_end) for a in ex.answers} == sure, ex.title
        for a in ex.answers:
            assert a.explanation and p.text[a.start:a.end] == a.text
        # every uncertain cue is named for the teacher and is neither answer nor option
        choices = list(ex.questions[0].choices)
        for c in inside:
            if not c.sure:
                assert any(c.match.text in n and n.startswith("Not scored") for n in ex.notes), (ex.title, c)
        answers = {a.text for a in ex.answers}
        assert answers <= set(choices) and len(choices) > len(answers)
        for opt in set(choices) - answers:
            spots = [m.start() for m in re.finditer(re.escape(opt), p.text)]
            assert spots
            # some occurrence of the distractor is a word no detector reads as loaded
            assert any(not key.is_flagged(p.start + at, p.start + at + len(opt)) and not any(
                c.match.start < p.start + at + len(opt) and p.start + at < c.match.end for c in inside)
                for at in spots), (ex.title, opt)
            assert not any(cats[h.entry.category].loaded for h in matcher.match_text(opt)), opt
    assert view.key(_all(made, "spot")[0].passage.doc_id).cues


def test_voice_questions_only_where_the_voice_is_sure(seed_analysis, made):
    from framing.present.exercises.keys import document_key
    seen = set()
    for ex in _all(made, "voice"):
        key = document_key(seed_analysis.by_id[ex.passage.doc_id], seed_analysis.data)
        cues = {(c.match.start, c.match.end): c for c in key.cues}
        for q, a in zip(ex.questions, ex.answers):
            c = cues[(a.doc_start, a.doc_end)]
            assert c.sure and c.voice_sure and a.voice == c.match.voice and a.question == q.id
            if a.voice == "quoted":
                assert a.speaker == c.match.speaker and a.speaker
            truth = OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + a.speaker
            assert truth in q.choices, (q.choices, truth)
            seen.add(a.voice)
    assert seen == {"own", "quoted"}


def test_voice_is_unsure_after_a_reporting_verb_or_in_parentheses():
    from framing.core.types import Match
    from framing.present.exercises.keys import voice_is_sure

    def m(text, phrase, voice, speaker=""):
        s = text.index(phrase)
        return Match("d", "d#0", 0, "x", "x", "body", s, s + len(phrase), s, s + len(phrase), phrase, "e", "c", "",
                     1.0, True, voice, speaker)
    t = "The Kremlin said the blasts were part of what it calls its special military operation."
    assert not voice_is_sure(t, 0, m(t, "special military operation", "own"), "own")
    t2 = "The strikes were a brutal escalation."
    assert voice_is_sure(t2, 0, m(t2, "brutal", "own"), "own")
    t3 = 'The paper quoted Sternenko (leader of a terrorist group outlawed in Russia) as saying so.'
    assert not voice_is_sure(t3, 0, m(t3, "terrorist group", "quoted", "Sternenko"), "quoted")
    assert not voice_is_sure(t2, 0, m(t2, "brutal", "quoted", ""), "quoted")  # quoted, but whose?
    assert not voice_is_sure(t2, 0, m(t2, "brutal", "own"), "quoted")  # the two readings disagree


def test_source_passages_name_no_outlet(seed_analysis, made):
    exercises = _all(made, "source") + generate(seed_analysis.data, "source", count=3, seed=0, level="medium",
                                                stances=["ua_gov", "wire_rewrite"])
    redacted = 0
    for ex in exercises:
        p = ex.passage
        parsed = _parsed(seed_analysis, p.doc_id)
        seg = parsed.segment(parsed.sentences[p.sent_idx[0]].seg_id)
        names = outlet_names([seg.outlet, parsed.doc.outlet], [seg.meta.get("url", ""), parsed.doc.meta.get("url", "")],
                             seed_analysis.lexicon.directory)
        for n in names:
            flags = 0 if n.isupper() else re.IGNORECASE
            assert not re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", p.text, flags), (n, p.text)
        for n in ("NationPress", "ISDP", "CNS", "CNR", "rt.com"):
            assert n not in p.text
        assert not re.search(r"\bRT\b", p.text)
        redacted += OUTLET_PLACEHOLDER in p.text
        assert ex.answers[0].category == "stance" and ex.answers[0].text == p.stance == ex.model_answer
        assert "source" not in [q.response for q in ex.questions]
        assert set(ex.questions[0].choices) >= {"ua_gov", "wire_rewrite", "think_tank", "kremlin_rt", "forum"}
    assert redacted, "no source passage had an outlet name to remove (NationPress / CNS passages expected)"


def test_outlet_names_use_catalog_aliases_and_urls(seed_analysis):
    names = outlet_names(["Center for National Resistance (via a Ukrainian outlet)"], [],
                         seed_analysis.lexicon.directory)
    assert {"Center for National Resistance", "CNS", "CNR", "Centre for National Resistance"} <= set(names)
    assert "via a Ukrainian outlet" not in names
    isdp = outlet_names(["Institute for Security and Development Policy (ISDP)"], ["https://www.isdp.eu"],
                        seed_analysis.lexicon.directory)
    assert {"ISDP", "Institute for Security and Development Policy", "isdp.eu"} <= set(isdp)
    assert outlet_names(["forum thread", "unknown"]) == []


def test_rewrite_model_has_fewer_loaded_matches_and_keeps_quotes(seed_analysis, made):
    matcher = compile_matcher(seed_analysis.lexicon)
    cats = seed_analysis.lexicon.categories

    def loaded(text):
        return [h for h in matcher.match_text(text) if cats[h.entry.category].loaded]

    for ex in _all(made, "rewrite"):
        assert len(loaded(ex.model_answer)) < len(loaded(ex.passage.text)), ex.title
        doc = seed_analysis.by_id[ex.passage.doc_id]
        for q in doc.voice.quotes:
            if q.kind == "direct" and ex.passage.start <= q.start and q.end <= ex.passage.end:
                inner = doc.parsed.text[q.inner_start:q.inner_end]
                assert inner in ex.model_answer, (ex.title, inner)
        for a, b in ex.model_spans:
            assert ex.model_answer[a:b] in {x.neutral_alternative for x in ex.answers}


@pytest.mark.parametrize("text,spans,expected", [
    ("the dictators' agreements", [(4, 13, "leaders")], "the leaders' agreements"),
    ("an invincible military brotherhood", [(3, 34, "military alliance")], "a military alliance"),
    ("An unbreakable bond", [(3, 14, "close")], "A close bond"),
    ("a devastating war", [(2, 13, "ugly")], "an ugly war"),
])
def test_model_rewrite_fixes_articles(text, spans, expected):
    out, new = model_rewrite(text, spans)
    assert out == expected
    assert [out[a:b] for a, b in new] == [s[2] for s in spans]


@pytest.mark.parametrize("matched,alt,before,expected", [
    ("liberating", "take control of", "aiming at ", "taking control of"),
    ("liberated", "take control of", "Russia ", "took control of"),
    ("liberated", "take control of", "the city was ", "taken control of"),
    ("liberated", "take control of", "the ", None),            # "the liberated city": an adjective
    ("liberation", "take control of", "the ", None),           # a noun is never replaced by a verb phrase
    ("touted", "promote", "", "promoted"),
    ("dictators", "leader", "", "leaders"),
    ("regimes", "government", "", "governments"),
    ("occupiers", "Russian forces", "", "Russian forces"),     # already plural: not "forceses"
    ("separatists", "Russian-backed forces", "", "Russian-backed forces"),
    ("neo-Nazis", "far-right", "", None),                      # "far-rights" would be a broken word
    ("wiped out", "destroy", "", "destroyed"),
])
def test_inflect_like_uses_lemminflect_and_skips_what_it_cannot_do(matched, alt, before, expected):
    from framing.present.exercises.inflect import inflect_like
    assert inflect_like(matched, alt, before) == expected


def test_lemminflect_needs_no_download(monkeypatch):
    import socket
    import lemminflect

    def refuse(*a, **k):
        raise AssertionError("network used")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert lemminflect.getInflection("seize", "VBD") == ("seized",)
    assert (Path(lemminflect.__file__).parent / "resources").is_dir()


@pytest.mark.parametrize("original,edits,defect", [
    ("The Russian occupiers left.", [(12, 21, "Russian forces")], "doubled"),
    ("The authorities said.", [(4, 15, "authoritieses")], "non-word"),
    ("They liberated the town.", [(5, 14, "taked control of")], "non-word"),
    ('He said "the regime fell" today.', [(13, 19, "government")], "in quote"),
    ("Its pseudo-diplomatic missions.", [(4, 21, "diplomatic")], "meaning"),
    ("It was an invincible alliance.", [(10, 20, "")], "meaning"),
    ('Lavrov said the "liberation" was a priority.', [(16, 28, "capture")], "in quote"),
])
def test_rewrite_checker_finds_each_defect(original, edits, defect):
    from framing.present.exercises.rewrite_check import rewrite_defects
    out, _ = model_rewrite(original, edits)
    found = rewrite_defects(original, edits, out)
    assert any(d.startswith(defect) for d in found), found


def test_rewrite_checker_passes_a_good_rewrite():
    from framing.present.exercises.rewrite_check import rewrite_defects
    text = "The dictators' agreements, touted by Moscow, were signed."
    edits = [(4, 13, "leaders"), (27, 33, "promoted")]
    out, _ = model_rewrite(text, edits)
    assert out == "The leaders' agreements, promoted by Moscow, were signed."
    assert rewrite_defects(text, edits, out) == []


def _bench(name):
    import importlib.util
    path = Path(__file__).resolve().parents[1] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rewrites_on_the_seeds_have_no_defect(seed_analysis):
    bench = _bench("bench_rewrites")
    made = bench.all_rewrites(seed_analysis.data)
    assert made
    for original, model, subs in made:
        assert not bench.defects(original, model, subs), (subs, model)
        assert "pseudo-diplomatic" not in [o for o, _ in subs]  # never "diplomatic": the meaning flips


@pytest.mark.framingdev
def test_at_least_100_rewrites_on_seeds_and_framing_dev_have_no_defect(seed_analysis):
    dev = Path(__file__).resolve().parents[2] / "shared" / "reference" / "framing-dev"
    if not dev.is_dir():
        dev = Path("/work/shared/reference/framing-dev")
    if not (dev / "manifest.csv").is_file():
        pytest.skip("framing-dev is not beside the checkout")
    bench = _bench("bench_rewrites")
    rewrites = [r for a in bench.corpora(dev) for r in bench.all_rewrites(a.data)]
    assert len(rewrites) >= 100
    bad = [(subs, bench.defects(o, m, subs)) for o, m, subs in rewrites if bench.defects(o, m, subs)]
    assert not bad, bad[:5]


def test_student_text_drops_mechanics_and_seed_numbers():
    assert student_text('Presents a win as certain ("will emerge victorious", seed 004); prefix keeps it '
                        'apart from the neutral noun "victory".') == 'Presents a win as certain ("will emerge victorious").'
    assert "seed" not in student_text("Brands a leader as ruling by force; seed 000 applies it to both.")
    assert student_text("") == ""


def test_sourcing_answers_follow_the_attribution_frames(seed_analysis, made):
    kinds = set()
    for ex in _all(made, "sourcing"):
        doc = seed_analysis.by_id[ex.passage.doc_id]
        assert len(ex.answers) == len(ex.passage.sent_idx) == len(ex.questions)
        for i, a in zip(ex.passage.sent_idx, ex.answers):
            kinds.add(a.category)
            frames = [x for x in doc.voice.sentence_attribution(i) if x.named]
            if frames:
                assert a.category == "named", (a.text, frames)
            if a.category == "none":
                assert not doc.voice.sentence_attribution(i)
    assert {"named", "none"} <= kinds


def test_frames_compare_stances_with_contrast_answers(seed_analysis, made):
    for ex in _all(made, "frames"):
        stances = [p.stance for p in ex.passages]
        assert 2 <= len(stances) <= 3 and len(set(stances)) == len(stances)
        assert ex.claim_id and ex.claim_statement
        contrast = seed_analysis.contrast(ex.claim_id).set_index("stance")
        for a in ex.answers:
            if a.category == "not_covered":
                assert not contrast.loc[a.text, "covered"]
            if a.category in ("loaded_own", "loaded_quoted"):
                assert a.voice == a.category.split("_")[1]
        assert any(a.question == "q2" for a in ex.answers)  # every passage's sourcing is in the key


def test_frames_run_each_corpus_stage_once_per_call(seed_analysis, monkeypatch):
    """Distinctive terms and contrasts are computed once per claim in a call, not once per candidate comparison."""
    import framing.analyze.contrast as contrast_mod
    import framing.analyze.distinctive as distinctive_mod
    calls: list[tuple[str, object]] = []
    real_terms, real_contrast = distinctive_mod.distinctive_terms, contrast_mod.contrast_frame

    def terms(*args, **kw):
        calls.append(("distinctive", kw.get("claim_id")))
        return real_terms(*args, **kw)

    def contrast(corpus, claim_id):
        calls.append(("contrast", claim_id))
        return real_contrast(corpus, claim_id)

    monkeypatch.setattr(distinctive_mod, "distinctive_terms", terms)
    monkeypatch.setattr(contrast_mod, "contrast_frame", contrast)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        out = generate(seed_analysis.data, "frames", count=8, seed=2, level="medium")
    assert len(out) > 1
    # the corpus-wide terms serve every exercise of the call, and each claim's contrast is made once
    assert calls.count(("distinctive", None)) == 1
    contrasts = [c for c in calls if c[0] == "contrast"]
    assert contrasts and len(contrasts) == len(set(contrasts))
    # a claim's terms: once for the key, once inside contrast_frame (its own per-stance terms column)
    assert all(calls.count(c) <= 2 for c in calls if c[0] == "distinctive")


# ------------------------------------------------------------------ small or odd corpora


def test_too_small_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "note.txt").write_text("The regime waged a holy war against its neighbours, officials said.\n"
                                       "The talks between the two delegations will continue in the capital "
                                       "next month, the ministry announced on Tuesday.\n",
                                       encoding="utf-8")
    a = analyze([tmp_path])
    with pytest.raises(FramingError) as exc:
        generate(a.data, "frames")
    msg = str(exc.value)
    assert "at least 2 known stances" in msg and "fix:" in msg and "catalog.csv" in msg
    with pytest.raises(FramingError, match="at least 2 known stances"):
        generate(a.data, "source")
    with pytest.raises(FramingError, match="cannot make any 'sourcing'") as exc:
        generate(a.data, "sourcing", level="easy")
    assert "fix:" in str(exc.value)
    with pytest.warns(ShortfallWarning, match="made 1 of 3 'spot'"):
        out = generate(a.data, "spot", count=3, level="easy")
    assert len(out) == 1 and out[0].passage.stance == "unknown"


def test_count_larger_than_the_corpus_warns_and_makes_what_it_can(seed_analysis):
    with pytest.warns(ShortfallWarning, match=r"made \d+ of 50 'voice' exercises") as rec:
        out = generate(seed_analysis.data, "voice", count=50, level="easy")
    assert 0 < len(out) < 50
    assert "fix:" in str(rec[0].message)
    with pytest.raises(FramingError, match="count must be at least 1"):
        generate(seed_analysis.data, "spot", count=0)


def test_hostile_text_is_escaped_in_html_and_markdown(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    a = analyze([tmp_path])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        exs = generate(a.data, "spot", count=2, level="medium") + generate(a.data, "rewrite", count=1, level="medium")
    for key in (False, True):
        page = render_html(exs, key=key)
        assert "<script" not in page and "<img" not in page
        assert "&lt;script&gt;" in page
        md = render_markdown(exs, key=key)
        assert "<script" not in md and "<img" not in md


# ------------------------------------------------------------------ check_answer


def test_check_spot(made):
    ex = next(ex for ex in made["spot", "medium"] if len(ex.answers) >= 2)
    right = [a.text for a in ex.answers]
    assert check_answer(ex, right).score == 1.0
    assert check_answer(ex, [t.upper() for t in right]).score == 1.0  # case does not matter
    assert check_answer(ex, [(a.start, a.end) for a in ex.answers]).score == 1.0  # spans work too
    everything = check_answer(ex, list(ex.questions[0].choices))
    assert everything.score < 1.0 and everything.wrong  # marking everything does not pay
    half = check_answer(ex, right[:1])
    assert 0 < half.score < 1 and half.missed and any(x.startswith("Missed") for x in half.explanations)
    assert check_answer(ex, []).score == 0.0
    wrong = check_answer(ex, ["zzz"])
    assert wrong.wrong == ("zzz",) and wrong.score == 0.0


def test_check_spot_explains_near_misses(seed_analysis):
    exs = [ex for s in range(6) for lv in LEVELS for ex in generate(seed_analysis.data, "spot", count=5, seed=s,
                                                                     level=lv)]
    lex = seed_analysis.lexicon
    matcher = compile_matcher(lex)
    near = [(ex, c) for ex in exs for c in ex.questions[0].choices
            if c not in [a.text for a in ex.answers] and any(not lex.categories[h.entry.category].loaded
                                                              for h in matcher.match_text(c))]
    assert near, "no near-miss distractor (a hedge or booster) on the seeds"
    ex, c = near[0]
    fb = check_answer(ex, [c])
    assert fb.wrong == (c,) and any("not loaded language" in x for x in fb.explanations)


def test_check_voice(made):
    ex = next(ex for ex in _all(made, "voice") if "quoted" in {a.voice for a in ex.answers})
    truth = {a.question: (OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + a.speaker) for a in ex.answers}
    assert check_answer(ex, truth).score == 1.0
    plain = {a.question: a.voice for a in ex.answers}  # just "own" / "quoted"
    assert check_answer(ex, plain).score == 1.0
    all_own = check_answer(ex, {q.id: OWN_CHOICE for q in ex.questions})
    assert all_own.score < 1 and all_own.wrong
    assert check_answer(ex, {}).score == 0.0


def test_check_source_sourcing_rewrite_frames(made):
    src = made["source", "medium"][0]
    assert check_answer(src, src.model_answer).score == 1.0
    other = next(c for c in src.questions[0].choices if c != src.model_answer)
    fb = check_answer(src, other)
    assert fb.score == 0.0 and fb.missed == (src.model_answer,) and len(fb.explanations) >= 2

    srcg = made["sourcing", "medium"][0]
    named = [i for i, a in enumerate(srcg.answers, 1) if a.category == "named"]
    assert check_answer(srcg, named).score == 1.0
    assert check_answer(srcg, {i: True for i in named}).score == 1.0
    assert check_answer(srcg, list(range(1, len(srcg.answers) + 1))).score < 1.0 or \
        len(named) == len(srcg.answers)

    rw = made["rewrite", "medium"][0]
    model = check_answer(rw, rw.model_answer)
    original = check_answer(rw, rw.passage.text)
    assert model.score > original.score
    assert original.missed and model.correct
    assert check_answer(rw, "").score == 0.0
    assert check_answer(rw, rw.model_answer + " What a disastrous, heroic farce.").wrong  # new loaded words

    fr = made["frames", "medium"][0]
    mentioned = " ".join(a.text for a in fr.answers)
    assert check_answer(fr, {"q1": mentioned}).score == 1.0
    assert check_answer(fr, "").score == 0.0


# ------------------------------------------------------------------ worksheet files and CLI


def test_output_paths_naming(tmp_path):
    for name in ("sheet.html", "sheet.md", "sheet", "sheet.HTML"):
        p = output_paths(tmp_path / name)
        assert [x.name for x in p.values()] == ["sheet.html", "sheet.key.html", "sheet.md", "sheet.key.md"]


def test_cli_writes_the_four_files(tmp_path, capsys):
    out = tmp_path / "week3" / "spot.html"
    rc = main(["exercises", "--kind", "spot", "--count", "2", "--seed", "4", "--level", "easy", "--out", str(out)])
    assert rc == 0
    files = {p.name: p.read_text(encoding="utf-8") for p in out.parent.iterdir()}
    assert set(files) == {"spot.html", "spot.key.html", "spot.md", "spot.key.md"}
    assert "answer key" in files["spot.key.html"] and "answer key" not in files["spot.html"]
    assert "Why it is loaded" in files["spot.key.html"] and "Why it is loaded" not in files["spot.html"]
    assert "@media print" in files["spot.html"] and "break-before: page" in files["spot.html"]
    assert files["spot.html"].count('class="exercise"') == 2
    assert "Why it is loaded" in files["spot.key.md"]
    assert "spot.key.html" in capsys.readouterr().err


def test_cli_shortfall_and_errors(tmp_path, capsys):
    rc = main(["exercises", "--kind", "frames", "--count", "60", "--out", str(tmp_path / "f.md")])
    err = capsys.readouterr().err
    assert rc == 1 and "made" in err and "of 60" in err
    assert (tmp_path / "f.key.md").is_file()
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("The regime waged a holy war, officials said.\n", encoding="utf-8")
    rc = main(["exercises", str(tmp_path / "one"), "--kind", "frames", "--out", str(tmp_path / "x.html")])
    err = capsys.readouterr().err
    assert rc == 1 and "error" in err and "2 known stances" in err
    assert not (tmp_path / "x.html").exists()  # no empty sheet


def test_cli_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["exercises", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--out" in out and ".key.html" in out


def test_cli_prints_markdown_without_out(capsys):
    assert main(["exercises", "--kind", "sourcing", "--count", "1", "--level", "easy"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Media literacy: check the sourcing") and "answer key" in out


# ------------------------------------------------------------------ Classroom page


def _app(monkeypatch, class_dir=None):
    from streamlit.testing.v1 import AppTest
    for var in ("FRAMING_SEEDS", "FRAMING_LEXICONS", "FRAMING_STORE", "FRAMING_CLASS_DIR"):
        monkeypatch.delenv(var, raising=False)
    if class_dir is not None:
        monkeypatch.setenv("FRAMING_CLASS_DIR", str(class_dir))
    repo = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(repo / "app.py"), default_timeout=120)
    at.run()
    return at


def _page_text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                    + [b.label for b in at.button] + [str(getattr(t, "label", "")) for t in at.toggle]
                    + [b.label for b in at.get("download_button")])


def test_classroom_page_every_kind_and_no_key_on_the_student_screen(monkeypatch):
    at = _app(monkeypatch)
    at.switch_page("src/framing/present/dashboard/classroom.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Classroom"]
    assert not at.toggle  # no "Teacher view" switch any more
    for kind in KINDS:
        at.selectbox(key="cr_kind").set_value(kind).run()
        assert not at.exception, (kind, [e.message for e in at.exception])
        assert at.subheader and at.subheader[0].value.endswith(" 1"), ([w.value for w in at.warning], [i.value for i in at.info])
        text = _page_text(at)
        assert "Answer key" not in text and "answer key" not in text.lower() and "Model rewrite" not in text
        assert [b.label for b in at.get("download_button")] == ["Print this worksheet (HTML)"]
        [b for b in at.button if b.label == "Check my answer"][0].click().run()  # an empty answer
        assert not at.exception, (kind, [e.message for e in at.exception])
        if kind == "source":
            continue
        assert at.metric and at.metric[0].value.endswith("%"), kind
        # what the student did not answer is counted, never named
        why = " ".join(m.value for m in at.markdown)
        assert "Missed:" not in why and "Not answered:" not in why and "Why it is loaded" not in why, kind


def test_classroom_teacher_page_shows_keys_and_downloads(monkeypatch, tmp_path):
    at = _app(monkeypatch, tmp_path / "class")
    at.switch_page("src/framing/present/dashboard/classroom_teacher.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Classroom: teacher"]
    html = "".join(m.value for m in at.markdown)
    assert "<table" in html and "Why it is loaded" in html and "<script" not in html
    labels = [b.label for b in at.get("download_button")]
    assert {"Answer key (HTML)", "Moodle (GIFT)", "QTI 2.1 (zip)"} <= set(labels)
    at.text_area(key="ct_names").set_value("Ana\nBen\n")
    at.text_input(key="ct_sheet_name").set_value("week1")
    [b for b in at.button if b.label == "Save the sheet for the class"][0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    from framing.present.exercises.classstore import ClassStore
    store = ClassStore(tmp_path / "class")
    assert store.sheets() == ["week1"] and store.students("week1") == ["Ana", "Ben"]
    # the student opens it by name; the answer is marked and saved, and shows in the summary
    at2 = _app(monkeypatch, tmp_path / "class")
    at2.switch_page("src/framing/present/dashboard/classroom.py").run()
    at2.radio(key="cr_mode").set_value("A class sheet").run()
    at2.text_input(key="cr_name").set_value("Ana").run()
    assert not at2.exception, [e.message for e in at2.exception]
    [b for b in at2.button if b.label == "Check my answer"][0].click().run()
    assert not at2.exception, [e.message for e in at2.exception]
    summary = store.summary("week1")
    assert summary.loc[summary["student"] == "Ana", "answered"].item() == 1


# ------------------------------------------------------------------ passages: chrome and language


@pytest.mark.parametrize("sentence,chrome", [
    (" date 2024-07-03 TALLINN, Estonia (AP) — President Lukashenko said he will release prisoners.", True),
    ("TERRY", True),
    ("000", True),
    ("Photo: Reuters/Gleb Garanich.", True),
    ("27 People, Including 2 Minors, Killed in Kherson Attack – Russian Investigative Committee", True),
    ("Try refreshing your browser, or tap here to see other videos from our team.", True),
    ("Захарова заявила, что Запад поддерживает терроризм на Украине и в Европе.", True),
    ("The ministry said the talks would resume in Geneva next week.", False),
    ("Ukraine called on the world community to condemn the attack", True),  # cut off: no full stop
])
def test_passage_chrome(sentence, chrome):
    assert is_passage_chrome(sentence) == chrome


def test_passages_skip_non_english_documents_and_chrome_lines(tmp_path):
    (tmp_path / "en.txt").write_text(
        " date 2024-01-02 World\nTERRY\nThe regime waged a holy war against its neighbours, officials said. "
        "The dictators' pseudo-diplomatic missions are a sham, the ministry added.\nPhoto: Reuters\n",
        encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Режим развязал священную войну против соседей, заявили официальные лица. "
                                     "Это псевдодипломатические миссии диктаторов, добавили в министерстве.\n",
                                     encoding="utf-8")
    a = analyze([tmp_path], sentiment=False)
    from framing.present.exercises.view import CorpusView
    view = CorpusView(a.data)
    assert view.skipped_language == ["ru"]
    texts = [view.docs[d].a.parsed.sentences[i].text for d, block in view.blocks for i in block]
    assert texts and all("TERRY" not in t and "date 2024" not in t and "Photo" not in t for t in texts)
    assert all(d == "en" for d, _ in view.blocks)


# ------------------------------------------------------------------ class sets, the class store, exports


def test_class_set_same_items_own_order_and_name(made):
    from framing.present.exercises.classset import class_set
    exs = made["spot", "medium"]
    assert len(exs) >= 3
    versions = class_set(exs, ["Ana María", "Ben", "Chloé"], seed=7)
    again = class_set(exs, ["Chloé", "Ana María"], seed=7)
    assert [v.slug for v in versions] == ["ana-maria", "ben", "chloe"]
    for v in versions:
        assert sorted(v.order) == sorted(e.number for e in exs)
        by_num = {e.number: e for e in exs}
        for e, n in zip(v.exercises, v.order):
            orig = by_num[n]
            assert e.answers == orig.answers and e.passages == orig.passages
            for q, oq in zip(e.questions, orig.questions):
                assert sorted(q.choices) == sorted(oq.choices)
    assert again[1].order == versions[0].order and again[1].exercises == versions[0].exercises  # same name, same version
    assert len({v.order for v in versions} | {tuple(q.choices for e in v.exercises for q in e.questions)
                                               for v in versions}) > 1
    page = render_html(versions[0].exercises, student=versions[0].student)
    assert "Name: Ana María" in page and 'class="runhead"' in page
    with pytest.raises(FramingError, match="more than once"):
        class_set(exs, ["Ben", "ben"])
    with pytest.raises(FramingError, match="numbered"):
        class_set(exs + made["voice", "medium"], ["Ben"])  # two exercises 1: answers could not be told apart


def test_class_store_marks_saves_and_summarises(tmp_path, made):
    from framing.present.exercises.classset import class_set
    from framing.present.exercises.classstore import ClassStore
    exs = made["spot", "medium"][:2]
    store = ClassStore(tmp_path / "class")
    store.save_sheet("week1", exs, "Week 1", 3, class_set(exs, ["Ana", "Ben", "Cy"], 3))
    right = [a.text for a in exs[0].answers]
    assert store.record("week1", "Ana", exs[0].number, right).score == 1.0
    assert store.record("week1", "Ben", exs[0].number, ["zzz"]).score == 0.0
    store.record("week1", "Ben", exs[0].number, right)  # a second try replaces the first
    again = ClassStore(tmp_path / "class")  # the file persists
    assert again.sheet("week1")[1] == exs
    summary = again.summary("week1").set_index("student")
    col = f"ex{exs[0].number}"
    assert summary.loc["Ana", col] == 1.0 and summary.loc["Ben", col] == 1.0
    assert summary.loc["Cy", "answered"] == 0 and summary.loc["(class mean)", col] == 1.0
    with pytest.raises(FramingError, match="no sheet 'nope'"):
        again.sheet("nope")
    with pytest.raises(FramingError, match="name"):
        again.record("week1", "  ", exs[0].number, right)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "classroom.sqlite").write_text("not a database", encoding="utf-8")
    with pytest.raises(FramingError, match="not a class store"):
        ClassStore(tmp_path / "bad")


def _parse_gift(text: str) -> list[dict]:
    """A small parser of Moodle's documented GIFT syntax: ::title:: text { answers }, with backslash escapes."""
    out = []
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip() and not b.lstrip().startswith("$CATEGORY")]
    for b in blocks:
        lines = [ln for ln in b.splitlines() if not ln.lstrip().startswith("//")]
        body = "\n".join(lines)
        # find the unescaped braces
        opens = [m.start() for m in re.finditer(r"(?<!\\)\{", body)]
        closes = [m.start() for m in re.finditer(r"(?<!\\)\}", body)]
        assert len(opens) == 1 and len(closes) == 1, body
        head, ans = body[:opens[0]], body[opens[0] + 1:closes[0]]
        m = re.match(r"::(.*?)(?<!\\)::(.*)", head, re.S)
        assert m, head

        def unesc(x):
            return re.sub(r"\\([\\~=#{}:])", r"\1", x).replace("\\n", "\n")
        ans_main = re.split(r"(?<!\\)####", ans)[0]
        items = [(t[0], unesc(re.split(r"(?<!\\)#", t[1:])[0]).strip())
                 for t in re.findall(r"(?<!\\)[=~][^=~]*(?:\\[=~][^=~]*)*", ans_main)]
        out.append({"title": unesc(m.group(1)), "text": unesc(m.group(2)), "answers": items,
                    "raw": ans.strip()})
    return out


def test_gift_export_parses_and_escapes(tmp_path, made):
    from framing.present.exercises.lms import gift_escape, to_gift
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    exs = [made[k, "medium"][0] for k in ("spot", "voice", "source", "sourcing", "rewrite", "frames")]
    qs = _parse_gift(to_gift(exs, category="Week 1"))
    spot = next(q for q in qs if q["title"] == exs[0].title)
    right = {a.text for a in exs[0].answers}
    for w, t in spot["answers"]:
        assert w == "~"
    texts = [re.sub(r"^%-?[\d.]+%", "", t) for _, t in spot["answers"]]
    assert set(texts) == set(exs[0].questions[0].choices)
    assert all(t.startswith("%-") == (re.sub(r"^%-?[\d.]+%", "", t) not in right) for _, t in spot["answers"])
    voice = [q for q in qs if q["title"].startswith(exs[1].title + " q")]
    assert len(voice) == len(exs[1].questions)
    for q, a in zip(voice, exs[1].answers):
        rights = [t for w, t in q["answers"] if w == "="]
        assert len(rights) == 1 and (rights[0] == OWN_CHOICE) == (a.voice == "own")
    srcg = [q for q in qs if q["title"].startswith(exs[3].title + " s")]
    assert len(srcg) == len(exs[3].questions) and all(q["raw"][0] in "TF" for q in srcg)
    essay = next(q for q in qs if q["title"] == exs[4].title)
    assert essay["raw"].startswith("####") and not essay["answers"]
    # hostile text survives the round trip
    (tmp_path / "h.txt").write_text("The regime {waged} a holy war = 1 ~ 2 # 3 : officials said. "
                                    "The dictators' pseudo-diplomatic missions are a sham. The talks {between} "
                                    "the two delegations will continue in the capital: next month ~ 2 = 1, "
                                    "the ministry said.", encoding="utf-8")
    a = analyze([tmp_path], sentiment=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        hx = generate(a.data, "spot", count=1)
    parsed = _parse_gift(to_gift(hx))
    assert hx[0].passage.text in parsed[0]["text"]  # every special character back as written
    assert any(ch in hx[0].passage.text for ch in "{}=~#:")


def test_qti_export_structure(made):
    import io
    import zipfile
    import xml.etree.ElementTree as ET
    from framing.present.exercises.lms import CP_NS, QTI_NS, to_qti_zip
    exs = [made[k, "medium"][0] for k in ("spot", "voice", "sourcing", "rewrite")]
    z = zipfile.ZipFile(io.BytesIO(to_qti_zip(exs)))
    man = ET.fromstring(z.read("imsmanifest.xml"))
    hrefs = [r.get("href") for r in man.iter(f"{{{CP_NS}}}resource")]
    assert hrefs and set(hrefs) == set(z.namelist()) - {"imsmanifest.xml"}
    ns = {"q": QTI_NS}
    n_voice = 0
    for h in hrefs:
        item = ET.fromstring(z.read(h))
        assert item.tag == f"{{{QTI_NS}}}assessmentItem" and item.get("identifier")
        rd = item.find("q:responseDeclaration", ns)
        assert rd is not None and rd.get("identifier") == "RESPONSE"
        assert item.find("q:outcomeDeclaration[@identifier='SCORE']", ns) is not None
        inter = item.find("q:itemBody/q:choiceInteraction", ns)
        if "_spot" in h:
            assert rd.get("cardinality") == "multiple"
            ids = {c.get("identifier"): c.text for c in inter.findall("q:simpleChoice", ns)}
            correct = {ids[v.text] for v in rd.findall("q:correctResponse/q:value", ns)}
            assert correct == {a.text for a in exs[0].answers}
            assert set(ids.values()) == set(exs[0].questions[0].choices)
        elif "_voice" in h:
            n_voice += 1
            assert rd.get("cardinality") == "single" and inter.get("maxChoices") == "1"
            assert len(rd.findall("q:correctResponse/q:value", ns)) == 1
        elif "_rewrite" in h:
            assert item.find("q:itemBody/q:extendedTextInteraction", ns) is not None
            assert rd.get("baseType") == "string"
    assert n_voice == len(exs[1].questions)


def test_sheet_has_time_rubric_glossary_page_numbers_and_no_key(made):
    exs = [made[k, "medium"][0] for k in ("spot", "voice", "rewrite", "frames")]
    sheet, key = render_html(exs), render_html(exs, key=True)
    assert re.search(r"about \d+ min", sheet) and "How it is marked" in sheet and "Glossary" in sheet
    assert "counter(page)" in sheet and "counter(pages)" in sheet and 'class="runhead"' in sheet
    assert "Model rewrite" not in sheet and "Why it is loaded" not in sheet and "Sample answer" not in sheet
    assert exs[2].model_answer not in sheet
    assert "Sample answer" in key and "Model rewrite" in key
    bank = exs[0].questions[0].choices
    assert all(html.escape(c) in sheet for c in bank)  # the word bank is printed
    assert "Name:" in render_markdown(exs) and "How it is marked" in render_markdown(exs)


def test_cli_class_set_exports_store_mark_and_summary(tmp_path, capsys):
    names = tmp_path / "class.txt"
    names.write_text("Ana\n# not a name\nBen\n", encoding="utf-8")
    out = tmp_path / "w" / "voice.html"
    rc = main(["exercises", "--kind", "voice", "--count", "2", "--out", str(out), "--students", str(names),
               "--export", "gift", "--export", "qti", "--class-dir", str(tmp_path / "c"), "--sheet", "wk"])
    assert rc == 0, capsys.readouterr().err
    files = sorted(p.name for p in out.parent.iterdir())
    assert {"voice.ana.html", "voice.ben.html", "voice.ana.md", "voice.gift.txt", "voice.qti.zip",
            "voice.key.html"} <= set(files)
    assert "Name: Ana" in (out.parent / "voice.ana.html").read_text(encoding="utf-8")
    answers = tmp_path / "a.csv"
    answers.write_text('student,exercise,response\nAna,1,"{""q1"": ""own""}"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["exercises", "--class-dir", str(tmp_path / "c"), "--sheet", "wk", "--mark", str(answers),
                 "--summary", "wk"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.startswith("student,ex1,ex2,answered,mean") and "Ana," in csv_out and "Ben," in csv_out
    bad = tmp_path / "b.csv"
    bad.write_text("who,what\n", encoding="utf-8")
    assert main(["exercises", "--class-dir", str(tmp_path / "c"), "--sheet", "wk", "--mark", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "b.csv" in err and "student,exercise,response" in err and "Traceback" not in err
