"""The reader a researcher drives in a real browser: click a phrase, search, side by side, correct, download.

Runs the real dashboard (``streamlit run app.py``) in Debian's headless
Chromium (fixtures from :mod:`test_browser`).  Each interaction is timed
from the user's action until its result is on screen, on a warm server;
the figures are printed and written to ``tests/artifacts/dashboard-timings.md``
(recorded in docs/dashboard-timings.md), never asserted.
"""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from test_browser import ARTIFACTS, UI_TIMEOUT_MS, _screenshot, _wait_idle, browser, page, server  # noqa: F401

pytestmark = pytest.mark.browser

DOC = "004_7a858a121546b812"


class Timer:
    """Collects (interaction, seconds) pairs."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float]] = []

    def __call__(self, name: str, action, done) -> None:
        t = time.perf_counter()
        action()
        done()
        self.rows.append((name, time.perf_counter() - t))

    def write(self) -> str:
        lines = ["| interaction | seconds |", "| --- | ---: |"] + [f"| {n} | {s:.2f} |" for n, s in self.rows]
        text = "\n".join(lines) + "\n"
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "dashboard-timings.md").write_text(text, encoding="utf-8")
        print("\n" + text)
        return text


def _choose(pg, label: str, typed: str, option: re.Pattern) -> None:
    """Pick an option of the selectbox labelled ``label`` the way a user does: open it, type, click."""
    pg.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    pg.keyboard.type(typed)
    pg.get_by_role("option", name=option).first.click()


def _mode(pg, label: str) -> None:
    """Choose what to do in the corrections panel (its radio) and wait for the run."""
    pg.get_by_test_id("stRadio").get_by_text(label, exact=True).click()
    _wait_idle(pg)


def _tip(pg) -> str:
    """Return the popover text drawn for the focused highlight ('' when none is drawn)."""
    return pg.evaluate("() => { const e = document.activeElement; if (!e || !e.matches('.fr-pop')) return '';"
                       " const s = getComputedStyle(e, '::before'); return s.display === 'none' ? '' :"
                       " (s.content || '').replace(/^\"|\"$/g, ''); }")


def test_reader_click_search_compare_correct_download(server, page):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1280, "height": 1000})
    timer = Timer()
    page.goto(server + "/reader")
    expect(page.get_by_role("heading", name="Document reader", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    _wait_idle(page)  # the cold analysis is done: everything after this is warm

    # open a document
    timer("open a document (reader)",
          lambda: _choose(page, "Document", DOC, re.compile(rf"^{DOC}")),
          lambda: expect(page.locator(".fr-doc mark.fr-pop", has_text="holy war").first).to_be_visible(
              timeout=UI_TIMEOUT_MS))
    _wait_idle(page)

    # click a phrase: its explanation appears next to it (CSS popover, no round trip)
    phrase = page.locator(".fr-doc mark.fr-pop", has_text="holy war").first
    phrase.evaluate("e => e.scrollIntoView({block: 'center'})")
    timer("click a phrase for its explanation", phrase.click, lambda: page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.fr-pop')"))
    tip = _tip(page)
    for part in ("sc.holy_war", "glorification", "why:", "voice: quoted speech", "Choe", "found by:"):
        assert part in tip, (part, tip)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "reader_popover.png"))
    # a span only the model found explains itself by its features
    model_only = page.locator(".fr-doc mark.fr-det-model.fr-pop").first
    model_only.click()
    assert "model's top features:" in _tip(page) and "found by: span model" in _tip(page)
    # clicking elsewhere closes it
    page.get_by_role("heading", name="Document reader", exact=True).click()
    assert _tip(page) == ""
    # own voice, quoted speech and scare quotes are drawn with different line styles, as the legend says
    styles = page.evaluate("""() => {
        const st = (sel, prop) => { const e = document.querySelector(sel); return e ? getComputedStyle(e)[prop] : null; };
        return {own: st('.fr-doc mark.fr-voice-own', 'borderBottomStyle'),
                quoted: st('.fr-doc mark.fr-voice-quoted', 'borderTopStyle'),
                legend_own: st('.fr-legend mark.fr-voice-own', 'borderBottomStyle'),
                legend_quoted: st('.fr-legend mark.fr-voice-quoted', 'borderTopStyle'),
                legend_scare: st('.fr-legend .fr-scare', 'outlineStyle')}; }""")
    assert styles == {"own": "solid", "quoted": "dashed", "legend_own": "solid", "legend_quoted": "dashed",
                      "legend_scare": "dotted"}, styles

    # mark a false positive: the model's "Russian" (demonization) in Choe's words
    _mode(page, "Mark a false positive")
    _choose(page, "Detected span", "Russian", re.compile(r"^Russian — demonization"))
    _wait_idle(page)
    timer("mark a false positive", lambda: page.get_by_role("button", name="Mark as false positive").click(),
          lambda: expect(page.get_by_text("Marked 'Russian' as a false positive.")).to_be_visible(
              timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    # add a missed span
    _mode(page, "Add a missed span")
    _choose(page, "Sentence", "We reaffirm", re.compile(r"We reaffirm"))
    _wait_idle(page)
    page.get_by_role("textbox", name="Exact phrase (as it appears in the sentence)").fill("adamantly")
    page.get_by_role("textbox", name="Speaker (quoted speech)").fill("Choe Son-hui")
    _choose(page, "Guideline category", "loaded", re.compile(r"^loaded_language$"))
    page.get_by_test_id("stRadio").filter(has_text="quoted").get_by_text("quoted", exact=True).click()
    _wait_idle(page)
    timer("add a missed span", lambda: page.get_by_role("button", name="Add span").click(),
          lambda: expect(page.get_by_text("Added 'adamantly' as loaded_language (quoted).")).to_be_visible(
              timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    expect(page.locator(".fr-doc mark.fr-det-correction", has_text="adamantly")).to_be_visible()
    assert page.locator(".fr-doc mark.fr-det-model", has_text=re.compile(r"^Russian$")).count() == 0

    # download the training CSV
    _mode(page, "Corrections (2) and export")
    btn = page.get_by_role("button", name="Download training CSV (guideline format)")
    with page.expect_download() as dl:
        t = time.perf_counter()
        btn.click()
    path = dl.value.path()
    timer.rows.append(("download the training CSV", time.perf_counter() - t))
    rows = list(csv.DictReader(io.StringIO(open(path, encoding="utf-8").read())))
    assert rows and {r["file"] for r in rows} == {f"articles/{DOC}.txt"}
    texts = {r["text"] for r in rows}
    assert "adamantly" in texts and "Russian" not in texts and "holy war" in texts
    assert any(r["text"] == "adamantly" and r["voice"] == "quoted" and r["speaker"] == "Choe Son-hui" for r in rows)
    _screenshot(page, "reader_corrections.png")

    # search across documents
    page.set_viewport_size({"width": 1280, "height": 1000})
    timer("open the Search page", lambda: page.get_by_test_id("stSidebarNav").get_by_text("Search", exact=True).click(),
          lambda: expect(page.get_by_role("textbox", name="Word or phrase")).to_be_visible(timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    box = page.get_by_role("textbox", name="Word or phrase")
    box.fill("regime")
    timer("search the corpus", lambda: box.press("Enter"),
          lambda: expect(page.locator("mark.fr-hit").first).to_be_visible(timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    hits = page.locator("mark.fr-hit")
    assert hits.count() >= 2 and all(h.lower() == "regime" for h in hits.all_inner_texts())
    expect(page.get_by_text(re.compile(r"hit\(s\) in"))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # two documents side by side
    timer("open Side by side", lambda: page.get_by_test_id("stSidebarNav").get_by_text("Side by side", exact=True).click(),
          lambda: expect(page.locator(".fr-doc").nth(1)).to_be_visible(timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    timer("choose the right-hand document",
          lambda: _choose(page, "Right document", DOC, re.compile(rf"^{DOC}")),
          lambda: expect(page.locator(".fr-doc").nth(1).locator("mark", has_text="holy war").first).to_be_visible(
              timeout=UI_TIMEOUT_MS))
    _wait_idle(page)
    expect(page.get_by_text("loaded matches, own voice").first).to_be_visible()
    assert page.get_by_text("loaded matches, quoted").count() == 2
    page.screenshot(path=str(ARTIFACTS / "side_by_side.png"))
    timer.write()
    assert not page.dialogs
