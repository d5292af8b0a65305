"""Classroom exercises on the seeds: determinism, answers that trace back to the analysis, passages, keys, CLI, page."""

from __future__ import annotations

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
from framing.present.worksheet import output_paths, render_html, render_markdown

HOSTILE = ("The regime waged a holy war, officials said. <script>alert(1)</script> and "
           "<img src=x onerror=alert(1)> were found. The dictators' pseudo-diplomatic missions are a sham.")


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
                assert p.text == parsed.text[p.start:p.end]
                assert [p.text[a:b] for a, b in p.sentences] == [s.text for s in sents]
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


def test_spot_answers_are_the_real_loaded_matches_with_rationale(seed_analysis, made):
    entries = {e.id: e for e in seed_analysis.lexicon.entries}
    for ex in _all(made, "spot"):
        p = ex.passage
        doc = seed_analysis.by_id[p.doc_id]
        inside = [m for m in doc.matches if m.loaded and p.start <= m.start and m.end <= p.end]
        assert len(inside) == len(ex.answers), ex.title  # complete: no loaded phrase left out of the key
        for a in ex.answers:
            m = next(m for m in doc.matches if m.start == p.start + a.start and m.end == p.start + a.end)
            assert m.loaded and m.entry_id == a.entry_id and m.category == a.category
            assert a.doc_start == m.start and a.doc_end == m.end
            e = entries[a.entry_id]
            assert a.explanation == student_text(e.rationale) and a.explanation
            assert a.neutral_alternative == e.neutral_alternative
        # the multiselect offers every answer plus distractors
        choices = {c.lower() for c in ex.questions[0].choices}
        assert {a.text.lower() for a in ex.answers} <= choices
        assert len(choices) > len({a.text.lower() for a in ex.answers})


def test_voice_answers_agree_with_match_voice(seed_analysis, made):
    seen = set()
    for ex in _all(made, "voice"):
        doc = seed_analysis.by_id[ex.passage.doc_id]
        for q, a in zip(ex.questions, ex.answers):
            m = next(m for m in doc.matches if m.start == a.doc_start and m.end == a.doc_end)
            assert a.voice == m.voice and a.question == q.id
            if m.speaker:
                assert a.speaker == m.speaker
            truth = OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + a.speaker
            assert truth in q.choices, (q.choices, truth)
            seen.add(a.voice)
    assert seen == {"own", "quoted"}


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
    ("these pseudo-diplomatic missions", [(6, 23, "diplomatic")], "these diplomatic missions"),
])
def test_model_rewrite_fixes_articles(text, spans, expected):
    out, new = model_rewrite(text, spans)
    assert out == expected
    assert [out[a:b] for a, b in new] == [s[2] for s in spans]


def test_rewrite_inflects_and_capitalises(seed_analysis):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        exs = [ex for lv in LEVELS for s in range(4) for ex in generate(seed_analysis.data, "rewrite", 6, s, lv)]
    alts = {a.text: a.neutral_alternative for ex in exs for a in ex.answers if a.neutral_alternative}
    assert alts.get("liberating") == "taking control of"  # liberat* + "take control of" -> -ing form
    assert alts.get("occupation troops") == "Russian troops"
    assert alts.get("touted") == "promoted"            # tout + promote -> past tense
    assert alts.get("WW3") == "a wider war"            # a name becomes a common noun with an article
    assert alts.get("pseudo-diplomatic") == "diplomatic"


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
    (tmp_path / "note.txt").write_text("The regime waged a holy war against its neighbours, officials said.\n",
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
    ex = next(ex for ex in generate(seed_analysis.data, "spot", count=5, seed=0, level="medium")
              if "WOT" in ex.questions[0].choices and "WOT" not in [a.text for a in ex.answers])
    fb = check_answer(ex, ["WOT"])
    assert any("toponym" in x for x in fb.explanations)


def test_check_voice(made):
    ex = next(ex for ex in _all(made, "voice") if {a.voice for a in ex.answers} == {"own", "quoted"})
    truth = {a.question: (OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + a.speaker) for a in ex.answers}
    assert check_answer(ex, truth).score == 1.0
    plain = {a.question: a.voice for a in ex.answers}  # just "own" / "quoted"
    assert check_answer(ex, plain).score == 1.0
    all_own = check_answer(ex, {q.id: OWN_CHOICE for q in ex.questions})
    assert 0 < all_own.score < 1 and all_own.wrong
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


def test_classroom_page_every_kind(monkeypatch):
    from streamlit.testing.v1 import AppTest
    for var in ("FRAMING_SEEDS", "FRAMING_LEXICONS", "FRAMING_STORE"):
        monkeypatch.delenv(var, raising=False)
    repo = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(repo / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("src/framing/present/dashboard/classroom.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Classroom"]
    for kind in KINDS:
        at.selectbox(key="cr_kind").set_value(kind).run()
        assert not at.exception, (kind, [e.message for e in at.exception])
        assert at.subheader and at.subheader[0].value.endswith(" 1"), ([w.value for w in at.warning], [i.value for i in at.info])
        if kind == "spot":
            ms = next(w for w in at.multiselect if w.key.startswith("cr_spot_"))
            ms.set_value([ms.options[0]])
        if kind == "source":
            guess = next(w for w in at.radio if w.key.startswith("cr_src_"))
            guess.set_value(guess.options[0])
        [b for b in at.button if b.label == "Check my answer"][0].click().run()
        assert not at.exception, (kind, [e.message for e in at.exception])
        assert at.metric and at.metric[0].value.endswith("%"), kind
    at.toggle(key="cr_teacher").set_value(True).run()
    html = "".join(m.value for m in at.markdown)
    assert "Answer key" in html and "<table" in html
    assert "<script" not in html
