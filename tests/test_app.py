"""The Streamlit dashboard under streamlit.testing.v1.AppTest: every page, hostile text, uploads, odd corpora.

Pages are switched the way the router does it (``st.navigation`` over the
page files in ``src/framing/present/dashboard/``), with ``AppTest.switch_page``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.core.config import lexicons_dir, seeds_dir
from framing.present.dashboard import PAGES, available_pages

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
PAGE_FILES = {p.url_path: f"src/framing/present/dashboard/{p.file}" for p in PAGES}
HOSTILE = ('Breaking: <script>alert(1)</script> and <img src=x onerror=alert(1)> and '
           '<a href="javascript:alert(1)">click</a>. The regime waged a holy war, officials said.')
TIMEOUT = 120


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    """Each test starts from the bundled seeds and lexicons, whatever the caller's environment says."""
    for var in ("FRAMING_SEEDS", "FRAMING_LEXICONS", "FRAMING_STORE", "FRAMING_DETECTOR", "FRAMING_MODEL"):
        monkeypatch.delenv(var, raising=False)


def start(**env) -> AppTest:
    """Return the app after its first run (the Overview page)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    """Switch to ``page`` (its url path) through the router and assert it ran cleanly."""
    at.switch_page(PAGE_FILES[page]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    """Return the concatenated source of every Markdown element on the page."""
    return "\n".join(m.value for m in at.markdown)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


# ------------------------------------------------------------------ every page on the seeds


def test_router_lists_every_page_and_a_classroom_slot():
    urls = [p.url_path for p in available_pages()]
    for url in ["overview", "reader", "search", "compare", "claims", "sources", "terms", "lexicon", "add"]:
        assert url in urls, url
    from framing.present.dashboard import OPTIONAL_PAGES
    assert "classroom" in [p.url_path for p in OPTIONAL_PAGES]
    for p in PAGES:
        assert p.path.is_file(), p


def test_overview_page():
    at = start()
    assert titles(at) == ["Overview"]
    heads = [s.value for s in at.subheader]
    assert heads == ["Corpus by stance and outlet", "Loaded language by stance: own voice and quoted speech",
                     "Categories per stance"]
    assert len(at.dataframe) == 4  # corpus, loaded rates, weighted index (expander), categories
    assert len(at.get("download_button")) == 4
    assert len(at.get("vega_lite_chart")) == 3
    # every rate carries its count, denominator and interval; the forum's one phrase in 80 tokens is marked
    rates = at.dataframe[1].value
    forum = rates[(rates["stance"] == "forum") & (rates["voice"] == "own")].iloc[0]
    assert (forum["loaded"], forum["tokens"]) == (1, 80) and forum["sample"].startswith("\u26a0")
    assert forum["low_1000"] < forum["per_1000"] < forum["high_1000"]
    # loaded categories only until the toggle asks for the neutral markers
    cats = at.dataframe[3].value
    assert "attribution" not in set(cats["category"]) and "sacralization" in set(cats["category"])
    at.toggle(key="ov_neutral").set_value(True).run()
    assert not at.exception
    cats = at.dataframe[3].value
    assert "attribution" in set(cats["category"])
    assert list(dict.fromkeys(cats["category"]))[0] != "attribution"  # loaded categories come first


def test_reader_page_highlights_with_voice_and_segments():
    at = goto(start(), "reader")
    assert titles(at) == ["Document reader"]
    at.selectbox(key="rd_doc").set_value("004_7a858a121546b812").run()
    html = markdown(at)
    assert 'class="fr-hl' in html
    assert "fr-voice-quoted" in html and "fr-voice-own" in html
    assert 'data-kind="quoted_article"' in html and 'data-kind="comment"' in html
    assert "Quoted article" in html and "Comment" in html
    assert "holy war" in html
    # a click (focus) explains entry, rationale and speaker (data-tip, drawn by CSS)
    assert re.search(r'data-tip="sc\.holy_war · sacralization[^"]*why: [^"]*voice: quoted speech — speaker: Choe',
                     html)
    # voice filter: quoted speech only
    at.radio(key="rd_voice").set_value("quoted").run()
    assert not at.exception
    html = markdown(at)
    text_part = html.split("Matches in this document")[0]
    assert re.search(r'class="fr-hl [^"]*fr-voice-quoted', text_part)
    assert not re.search(r'class="fr-hl [^"]*fr-voice-own', text_part)  # (the legend still shows the mark)
    # category filter: nothing selected -> no highlights
    at.multiselect(key="rd_cats_004_7a858a121546b812").set_value([]).run()
    assert not at.exception
    assert 'class="fr-hl' not in markdown(at)


def test_reader_original_text_toggle_and_explain():
    at = goto(start(), "reader")
    at.selectbox(key="rd_doc").set_value("004_7a858a121546b812").run()
    at.toggle(key="rd_original").set_value(True).run()
    assert not at.exception
    html = markdown(at)
    assert 'class="fr-hl' in html and "fr-seg " not in html  # one block, no segment labels
    at.selectbox(key="rd_pick_004_7a858a121546b812").set_value(0).run()
    assert not at.exception
    assert "neutral alternative" in markdown(at)


def test_reader_segment_kind_filter():
    at = goto(start(), "reader")
    at.selectbox(key="rd_doc").set_value("002_00614a04a5868340").run()
    html = markdown(at)
    for kind in ("title", "summary", "boilerplate", "pull_quote", "references", "body"):
        assert f'data-kind="{kind}"' in html
    at.multiselect(key="rd_kinds_002_00614a04a5868340").set_value(["pull_quote"]).run()
    html = markdown(at)
    assert 'data-kind="pull_quote"' in html and 'data-kind="body"' not in html


def test_claims_page_nk_troops_columns_per_stance():
    at = goto(start(), "claims")
    # selectable by its id (the label adds the statement)
    assert any(o.startswith("nk_troops — ") for o in at.selectbox(key="cl_claim").options)
    at.selectbox(key="cl_claim").set_value("nk_troops").run()
    assert not at.exception
    every = ["kremlin_rt", "forum", "wire_rewrite", "ua_gov", "think_tank"]
    at.multiselect(key="cl_stances_nk_troops").set_value(every).run()
    assert not at.exception
    html = markdown(at)
    for stance in every:
        assert f"<h4>{stance}</h4>" in html
    assert "no sentences about this claim" in html  # think_tank does not cover it
    assert 'class="fr-hl' in html
    assert "invincible military brotherhood" in html or "WW3" in html
    assert "loaded, own voice" in html and "distinctive terms" in html
    assert len(at.dataframe) == 2  # contrast table and sentences


def test_claims_page_every_claim_runs():
    at = goto(start(), "claims")
    for label in at.selectbox(key="cl_claim").options:
        claim = label.split(" — ")[0]
        at.selectbox(key="cl_claim").set_value(claim).run()
        assert not at.exception, claim


def test_sources_page_indicators_composite_provenance():
    at = goto(start(), "sources")
    assert titles(at) == ["Sources and credibility"]
    heads = [s.value for s in at.subheader]
    assert heads[:3] == ["Sourcing signals", "Credibility indicators", "Provenance: who cites whom"]
    sliders = [s for s in at.slider if s.key and s.key.startswith("cw_outlet_")]
    assert len(sliders) >= 5  # one per composite component
    sliders[0].set_value(0.0).run()
    assert not at.exception
    at.radio(key="src_by").set_value("stance").run()
    assert not at.exception
    for s in [s for s in at.slider if s.key and s.key.startswith("cw_stance_")]:
        s.set_value(0.0)
    at.run()
    assert not at.exception
    assert any("Every weight is zero" in w.value for w in at.warning)


def test_sources_page_draws_provenance_graph():
    at = goto(start(), "sources")
    assert len(at.get("graphviz_chart")) == 1


def test_terms_page_scatter_per_stance():
    at = goto(start(), "terms")
    assert titles(at) == ["Distinctive terms"]
    assert len(at.get("vega_lite_chart")) == 1
    sb = at.selectbox(key="dt_group_stance")
    assert set(sb.options) >= {"kremlin_rt", "forum", "think_tank", "ua_gov", "wire_rewrite"}
    sb.set_value("kremlin_rt").run()
    assert not at.exception
    assert "victory" in at.dataframe[0].value["term"].tolist()
    at.toggle(key="dt_only").set_value(True).run()
    assert at.dataframe[0].value["candidate"].all()
    at.selectbox(key="dt_claim").set_value("nk_troops").run()
    assert not at.exception
    at.selectbox(key="dt_by").set_value("outlet").run()
    assert not at.exception


def test_lexicon_page_search_passage_and_corpus_hits():
    at = goto(start(), "lexicon")
    assert titles(at) == ["Lexicon explorer"]
    at.text_input(key="lx_query").set_value("holy war").run()
    assert "sc.holy_war" in at.dataframe[0].value["id"].tolist()
    at.text_area(key="lx_passage").set_value("The so-called regime waged a holy war <b>now</b>.").run()
    assert not at.exception
    html = markdown(at)
    assert 'data-entry="sc.holy_war"' in html and "&lt;b&gt;now&lt;/b&gt;" in html and "<b>now" not in html
    assert any("sc.holy_war" in df.value.get("entry_id", []).tolist() for df in at.dataframe
               if "entry_id" in df.value.columns)
    at.selectbox(key="lx_entry").set_value("sc.holy_war").run()
    assert not at.exception
    assert "kremlin_rt" in markdown(at)


# ------------------------------------------------------------------ adding articles, hostile text


def _paste(at: AppTest, text: str, stance: str = "", name: str = "hostile") -> AppTest:
    goto(at, "add")
    at.text_input(key="paste_name").set_value(name)
    at.text_area(key="paste_text").set_value(text)
    at.text_input(key="paste_stance").set_value(stance)
    at.button[[b.label for b in at.button].index("Add pasted text")].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_pasted_hostile_text_is_escaped_everywhere():
    at = _paste(start(), HOSTILE, stance="test_stance")
    assert any("Added" in s.value for s in at.success)
    added = at.session_state["framing_added_articles"]
    assert len(added) == 1
    doc_id = added[0].doc_id
    goto(at, "reader")
    at.selectbox(key="rd_doc").set_value(doc_id).run()
    assert not at.exception
    html = markdown(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in html
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert 'class="fr-hl' in html  # the article is analysed: "holy war" and "regime" fire
    # the original-text view is escaped too
    at.toggle(key="rd_original").set_value(True).run()
    html = markdown(at)
    assert "&lt;script&gt;" in html and "<script" not in html
    # every page still runs with the added article and its new stance
    for page in PAGE_FILES:
        goto(at, page)
        assert "<script" not in markdown(at)
    goto(at, "overview")
    assert "test_stance" in at.dataframe[0].value["stance"].tolist()


def test_upload_txt_and_html_files():
    at = goto(start(), "add")
    at.file_uploader(key="add_files").set_value([
        ("hostile.txt", HOSTILE.encode(), "text/plain"),
        ("page.html", b"<html><body><article><p>The regime said <img src=x onerror=alert(1)> "
                      b"nothing.</p><script>alert(2)</script></article></body></html>", "text/html"),
        ("empty.md", b"   \n", "text/markdown"),
    ]).run()
    assert not at.exception
    at.text_input(key="up_stance").set_value("uploaded")
    at.button(key="add_upload_btn").click().run()
    assert not at.exception
    assert len([s for s in at.success if "Added" in s.value]) == 2
    assert any("empty" in e.value for e in at.error)
    added = {a.name: a for a in at.session_state["framing_added_articles"]}
    assert set(added) == {"hostile.txt", "page.html"}
    assert "alert(2)" not in added["page.html"].text  # scripts dropped from HTML
    assert added["hostile.txt"].stance == "uploaded"
    # remove one again
    at.button(key=f"rm_{added['page.html'].doc_id}").click().run()
    assert not at.exception
    assert [a.name for a in at.session_state["framing_added_articles"]] == ["hostile.txt"]


def test_paste_validation_messages():
    at = _paste(start(), "   ")
    assert any("Paste the article text" in e.value for e in at.error)
    assert not at.session_state["framing_added_articles"] if "framing_added_articles" in at.session_state else True


def test_upload_validation_function(monkeypatch):
    from framing.present.dashboard.add import make_article, validate_paste, validate_upload

    ok = validate_upload("a.txt", "Caf\u00e9 <script>x</script>".encode("utf-8"), 1000)
    assert ok.ok and ok.text == "Caf\u00e9 <script>x</script>"
    assert validate_upload("a.TXT", b"hello", 1000).ok
    assert validate_upload("a.md", "\ufeffhi".encode("utf-8"), 1000).text == "hi"
    assert validate_upload("w.txt", "na\u00efve".encode("cp1252"), 1000).text == "na\u00efve"
    for name in ("x.pdf", "x.docx", "x.exe", "x", "x.txt.pdf", "x.jsonl"):
        r = validate_upload(name, b"hello", 1000)
        assert not r.ok and "only .txt, .md and .html" in r.error, name
    big = validate_upload("big.txt", b"a" * 1001, 1000)
    assert not big.ok and "over the" in big.error and "FRAMING_MAX_BYTES" in big.error
    assert "empty" in validate_upload("e.txt", b" \n ", 1000).error
    assert "binary" in validate_upload("b.txt", b"\x00\x01\x02" * 50, 1000).error
    page = validate_upload("p.html", b"<html><body><p>Text</p><script>alert(1)</script></body></html>", 1000)
    assert page.ok and "alert" not in page.text and "Text" in page.text
    assert not validate_upload("s.html", b"<html><script>alert(1)</script></html>", 1000).ok
    # the default limit is framing.core.config.max_bytes()
    monkeypatch.setenv("FRAMING_MAX_BYTES", "10")
    assert not validate_upload("a.txt", b"12345678901").ok
    assert not validate_paste("12345678901").ok and validate_paste("123").ok
    art = make_article("../../etc/passwd.txt", "text", " RT  ", "kremlin_rt", "")
    assert art.doc_id.startswith("added-passwd-") and "/" not in art.doc_id and art.outlet == "RT"


# ------------------------------------------------------------------ odd corpora


def _all_pages(at: AppTest) -> None:
    for page in PAGE_FILES:
        goto(at, page)


def test_empty_corpus_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_SEEDS", str(tmp_path))
    at = start()
    assert any("No documents" in i.value for i in at.info)
    for page in PAGE_FILES:
        goto(at, page)
    goto(at, "claims")
    assert any("No documents" in i.value for i in at.info)


def test_missing_corpus_folder_via_sidebar(tmp_path):
    at = start()
    at.sidebar.text_input(key="framing_corpus_dir").set_value(str(tmp_path / "nope")).run()
    assert not at.exception
    assert any("does not exist" in w.value for w in at.warning)
    _all_pages(at)


def test_unknown_stance_corpus_every_page(tmp_path, monkeypatch):
    for f in sorted(seeds_dir().glob("00[034]_*.txt")):
        shutil.copy(f, tmp_path / f.name)  # no catalog: every stance is "unknown"
    monkeypatch.setenv("FRAMING_SEEDS", str(tmp_path))
    at = start()
    assert at.dataframe[0].value["stance"].unique().tolist() == ["unknown"]
    _all_pages(at)
    goto(at, "claims")  # the bundled claim registry is used when the folder has none
    at.selectbox(key="cl_claim").set_value("nk_troops").run()
    assert not at.exception
    assert "<h4>unknown</h4>" in markdown(at)
    goto(at, "terms")
    assert any("Only one" in i.value for i in at.info)


def test_single_document_corpus_every_page(tmp_path, monkeypatch):
    shutil.copy(seeds_dir() / "000_2927015db5cfa1ca.txt", tmp_path / "only.txt")
    (tmp_path / "catalog.csv").write_text("file,outlet,stance\nonly.txt,CNS,ua_gov\n", encoding="utf-8")
    monkeypatch.setenv("FRAMING_SEEDS", str(tmp_path))
    at = start()
    assert at.dataframe[0].value["stance"].tolist() == ["ua_gov"]
    _all_pages(at)


def test_hostile_catalog_labels_stay_text(tmp_path, monkeypatch):
    (tmp_path / "doc.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "catalog.csv").write_text(
        'file,outlet,stance,title\ndoc.txt,"<img src=x onerror=alert(1)>","<script>alert(1)</script>",'
        '"[x](javascript:alert(1))"\n', encoding="utf-8")
    monkeypatch.setenv("FRAMING_SEEDS", str(tmp_path))
    at = start()
    for page in PAGE_FILES:
        goto(at, page)
        html = markdown(at)
        assert "<script" not in html and "<img" not in html, page
    goto(at, "reader")
    html = markdown(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_lexicon_edit_shows_new_results(tmp_path, monkeypatch):
    lex = tmp_path / "lexicons"
    shutil.copytree(lexicons_dir(), lex)
    monkeypatch.setenv("FRAMING_LEXICONS", str(lex))
    at = goto(start(), "lexicon")
    at.text_area(key="lx_passage").set_value("WW3 is back on the menu.").run()
    assert 'data-entry="em.menu_test"' not in markdown(at)
    assert not any(o.startswith("em.menu_test ") for o in at.selectbox(key="lx_entry").options)
    with (lex / "emotive.csv").open("a", encoding="utf-8") as fh:
        fh.write('\nem.menu_test,menu,emotive,1,,"test entry added by test_app",test\n')
    at.run()  # no restart: the content-hash keys change, so the caches miss
    assert not at.exception
    assert 'data-entry="em.menu_test"' in markdown(at)
    # the corpus was re-analysed: the new entry fires in the forum thread
    assert any(o.startswith("em.menu_test ") for o in at.selectbox(key="lx_entry").options)
    goto(at, "reader")
    at.selectbox(key="rd_doc").set_value("004_7a858a121546b812").run()
    assert 'data-entry="em.menu_test"' in markdown(at)


def test_store_option_without_store_falls_back(tmp_path):
    at = start()
    at.sidebar.checkbox(key="framing_use_store").check().run()
    at.sidebar.text_input(key="framing_store_path").set_value(str(tmp_path / "missing.sqlite")).run()
    assert not at.exception
    assert any("does not exist" in w.value or "not available yet" in w.value for w in at.warning)
    assert titles(at) == ["Overview"]


def test_store_file_is_read_instead_of_the_folder(tmp_path, monkeypatch):
    import subprocess
    import sys
    store = tmp_path / "scores.sqlite"
    subprocess.run([sys.executable, "-m", "framing", "score", str(seeds_dir()), "--store", str(store)],
                   cwd=tmp_path, check=True, capture_output=True, timeout=300)
    monkeypatch.setenv("FRAMING_STORE", str(store))
    at = start()
    assert at.sidebar.checkbox(key="framing_use_store").value  # FRAMING_STORE turns the option on
    assert any("store" in c.value for c in at.caption)
    assert not at.warning
    _all_pages(at)


def test_reruns_on_seeds_are_fast():
    import time
    at = goto(start(), "claims")
    at.selectbox(key="cl_claim").set_value("nk_troops").run()
    for page in ("overview", "reader", "claims", "terms", "lexicon"):
        goto(at, page)  # warm
        t = time.perf_counter()
        at.run()
        assert time.perf_counter() - t < 1.0, page
