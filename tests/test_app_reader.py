"""AppTest of the reader's researcher tools: explanations, corrections, search and side by side, on the seeds."""

from __future__ import annotations

import re

from test_app import HOSTILE, _env, _paste, goto, markdown, start  # noqa: F401

from framing.analyze import corrections as cx

DOC = "004_7a858a121546b812"


def _reader(doc: str = DOC):
    at = goto(start(), "reader")
    at.selectbox(key="rd_doc").set_value(doc).run()
    assert not at.exception
    return at


def _messages(at) -> list[str]:
    """Return the success and error messages shown, with their Markdown escapes undone."""
    return [re.sub(r"\\(.)", r"\1", m.value) for m in list(at.success) + list(at.error)]


def test_reader_explains_every_detector_span():
    at = _reader()
    html = markdown(at)
    # model-only spans are highlighted and explained by their features
    assert re.search(r'class="fr-hl [^"]*fr-det-model[^"]*"[^>]*data-tip="[^"]*found by: span model[^"]*'
                     r"model&#x27;s top features: ", html)
    assert re.search(r'data-tip="sc\.holy_war[^"]*source: [^"]*guideline category: glorification', html)
    # the panel explains a chosen span in full, with source, guideline category, detector and features
    at.selectbox(key=f"rd_pick_{DOC}").set_value(0).run()
    html = markdown(at)
    for row in ("guideline category", "source of the entry", "found by", "model&#x27;s top features"):
        assert f"<th>{row}</th>" in html


def test_dashboard_detector_setting_chooses_what_the_reader_draws(monkeypatch, tmp_path, capsys):
    # `framing dashboard --detector lexicon` reaches the page as FRAMING_DETECTOR: no model spans are drawn
    monkeypatch.setenv("FRAMING_DETECTOR", "lexicon")
    html = markdown(_reader())
    assert "fr-det-model" not in html and "sc.holy_war" in html
    # a --model that is not a file is refused before Streamlit starts, naming the file and the fix
    from framing.present.cli import main
    assert main(["dashboard", "--model", str(tmp_path / "missing.json")]) != 0
    err = capsys.readouterr().err
    assert "missing.json" in err and "framing train" in err


def test_false_positive_and_added_span_change_the_text_and_the_export():
    at = _reader()
    fp = at.selectbox(key=f"cx_fp_{DOC}")
    # AppTest lists a selectbox's options by their labels; the value is the index
    pick = next(i for i, lab in enumerate(fp.options) if lab.startswith("Russian — demonization"))
    fp.set_value(pick).run()
    at.button(key=f"cx_fp_btn_{DOC}").click().run()
    assert not at.exception
    assert "Marked 'Russian' as a false positive." in _messages(at)
    assert not re.search(r'fr-det-model[^>]*>Russian</mark>', markdown(at))

    at.radio(key="cx_mode").set_value("add").run()
    sentences = at.selectbox(key=f"cx_sent_{DOC}")
    idx = next(i for i, o in enumerate(sentences.options) if "We reaffirm" in o)
    sentences.set_value(idx).run()
    at.text_input(key=f"cx_phrase_{DOC}").set_value("Adamantly").run()
    at.selectbox(key=f"cx_cat_{DOC}").set_value("loaded_language").run()
    at.radio(key=f"cx_voice_{DOC}").set_value("quoted").run()
    at.text_input(key=f"cx_speaker_{DOC}").set_value("Choe Son-hui").run()
    at.button(key=f"cx_add_btn_{DOC}").click().run()
    # the phrase must be exact: a clear message, no correction, no traceback
    assert not at.exception
    assert any("does not appear in the chosen sentence" in m for m in _messages(at))
    assert len(at.session_state["framing_corrections"]) == 1
    at.text_input(key=f"cx_phrase_{DOC}").set_value("adamantly").run()
    at.button(key=f"cx_add_btn_{DOC}").click().run()
    assert "Added 'adamantly' as loaded_language (quoted)." in _messages(at)
    assert re.search(r'fr-det-correction[^>]*>adamantly</mark>', markdown(at))

    items = at.session_state["framing_corrections"]
    assert [c.action for c in items] == ["reject", "add"]
    from framing.api import analyze
    a = analyze()
    rows = cx.training_spans(a.matches(), a.parsed, items)
    texts = {g.text for g in rows}
    assert "adamantly" in texts and "Russian" not in texts and "holy war" in texts

    at.radio(key="cx_mode").set_value("out").run()
    assert not at.exception
    assert at.dataframe[-1].value["text"].tolist() == ["Russian", "adamantly"]
    at.selectbox(key="cx_remove").set_value(0).run()
    at.button(key="cx_remove_btn").click().run()
    assert [c.action for c in at.session_state["framing_corrections"]] == ["add"]
    # the Russian span is drawn again once its correction is removed
    assert re.search(r'fr-det-model[^>]*>Russian</mark>', markdown(at))


def test_corrections_save_and_load_a_local_file(tmp_path):
    at = _reader()
    at.button(key=f"cx_fp_btn_{DOC}").click().run()
    at.radio(key="cx_mode").set_value("out").run()
    path = tmp_path / "my_corrections.csv"
    at.text_input(key="cx_path").set_value(str(path)).run()
    at.button(key="cx_save").click().run()
    assert any("Saved 1 correction(s)" in m for m in _messages(at))
    saved = cx.load_corrections(path)
    assert saved == at.session_state["framing_corrections"]
    # a new session loads them back
    at2 = _reader()
    at2.radio(key="cx_mode").set_value("out").run()
    at2.text_input(key="cx_path").set_value(str(path)).run()
    at2.button(key="cx_load").click().run()
    assert at2.session_state["framing_corrections"] == saved
    # a bad file is a message naming it, not a traceback
    (tmp_path / "bad.csv").write_text("doc_id,action\nx,y\n", encoding="utf-8")
    at2.text_input(key="cx_path").set_value(str(tmp_path / "bad.csv")).run()
    at2.button(key="cx_load").click().run()
    assert not at2.exception
    assert any("bad.csv" in m and "missing column" in m for m in _messages(at2))


def test_search_page_hits_counts_and_stance_filter():
    at = goto(start(), "search")
    assert [t.value for t in at.title] == ["Search"]
    at.text_input(key="sr_query").set_value("Russia").run()
    assert not at.exception
    html = markdown(at)
    assert html.count('class="fr-hit"') >= 10
    counts = at.dataframe[0].value
    assert set(counts.columns) >= {"doc_id", "stance", "hits", "sentences"} and counts["hits"].sum() >= 10
    at.multiselect(key="sr_stances").set_value(["think_tank"]).run()
    counts = at.dataframe[0].value
    assert set(counts["stance"]) == {"think_tank"}
    at.text_input(key="sr_query").set_value("no-such-phrase-anywhere").run()
    assert any("No sentence has" in i.value for i in at.info)


def test_search_shows_hostile_text_as_text():
    at = _paste(start(), HOSTILE, stance="test_stance")
    goto(at, "search")
    at.text_input(key="sr_query").set_value("alert(1)").run()
    assert not at.exception
    html = markdown(at)
    assert '<mark class="fr-hit"' in html and "&lt;script&gt;" in html
    assert "<script" not in html and "<img" not in html and "<a " not in html


def test_side_by_side_two_documents_with_summaries():
    at = goto(start(), "compare")
    assert [t.value for t in at.title] == ["Side by side"]
    at.selectbox(key="sb_left").set_value("000_2927015db5cfa1ca").run()
    at.selectbox(key="sb_right").set_value(DOC).run()
    assert not at.exception
    html = markdown(at)
    assert html.count('class="fr-doc"') == 2
    assert "loaded matches, own voice" in html and "loaded matches, quoted" in html
    assert "holy war" in html and "pseudo-diplomatic" in html
    from framing.api import analyze
    docs = analyze().document_summary().set_index("doc_id")
    for d in ("000_2927015db5cfa1ca", DOC):
        assert f"<td>{docs.loc[d, 'tokens']}</td>" in html


def test_a_rejected_scare_quote_is_no_longer_drawn():
    doc = "000_2927015db5cfa1ca"
    at = _reader(doc)
    before = markdown(at).count('data-start="315"')
    assert before >= 1
    fp = at.selectbox(key=f"cx_fp_{doc}")
    pick = next(i for i, lab in enumerate(fp.options) if lab.startswith('"diplomatic missions" — scare_quotes')
                and lab.endswith("@ 315"))
    fp.set_value(pick).run()
    at.button(key=f"cx_fp_btn_{doc}").click().run()
    assert not at.exception
    text = markdown(at).split("Matches in this document")[0]
    assert 'class="fr-scare' in text  # the other scare quotes stay
    assert 'data-start="315"' not in text
