"""Browser checks at a 1280 x 900 screen: chosen stances side by side in the chosen order, tables that fit.

Runs the real dashboard in Debian's Chromium (fixtures from ``test_browser``).
Interaction timings are recorded, not asserted: they go to
``tests/artifacts/browser_timings.json`` and are printed; screenshots of the
pages at 1280 px go to ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from test_browser import ARTIFACTS, UI_TIMEOUT_MS, _wait_idle, browser, page, server  # noqa: F401

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 900
TIMINGS: dict[str, float] = {}

#: Overflowing elements: a grid's own scroller wider than its box, or any block wider than its parent.
OVERFLOW_JS = """
(sel) => Array.from(document.querySelectorAll(sel)).map(e => ({
    sel, w: e.scrollWidth, cw: e.clientWidth, text: (e.innerText || '').slice(0, 40)}))
"""


def _record(name: str, seconds: float) -> None:
    TIMINGS[name] = round(seconds, 3)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "browser_timings.json"
    old = json.loads(path.read_text()) if path.is_file() else {}
    old.update(TIMINGS)
    path.write_text(json.dumps(old, indent=2, sort_keys=True))
    print(f"timing {name}: {seconds:.3f} s")


def _shot(pg, name: str) -> Path:
    """Screenshot the whole page at 1280 px wide (Streamlit scrolls an inner container, so grow the height)."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = pg.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]'); "
                         "return m ? m.scrollHeight : 900; }")
    pg.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, min(int(height) + 40, 8000))})
    pg.wait_for_timeout(800)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    assert path.stat().st_size > 10_000
    return path


def _grids_fit(pg) -> list[dict]:
    """Return the data grids on the page whose content is wider than their box (would scroll sideways)."""
    grids = pg.evaluate(OVERFLOW_JS, '[data-testid="stDataFrame"] .dvn-scroller')
    assert grids, "no data grid found on the page"
    return [g for g in grids if g["w"] > g["cw"] + 1]


def _pick(pg, box, name: str) -> None:
    box.locator("input").click()
    pg.keyboard.type(name)
    pg.get_by_role("option", name=re.compile(rf"^{re.escape(name)}\b")).first.click()


def test_claims_two_stances_side_by_side_in_the_chosen_order(server, page):  # noqa: F811
    from playwright.sync_api import expect

    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    t0 = time.perf_counter()
    page.goto(server + "/claims?claim=nk_troops")
    expect(page.get_by_role("heading", name="Claims", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    _wait_idle(page)
    _record("claims_first_load_s", time.perf_counter() - t0)

    box = page.get_by_test_id("stMultiSelect").filter(has_text="Stances to compare")
    expect(box).to_be_visible()
    # Clear the default choice, then pick ua_gov first and forum second, as a user would.
    t0 = time.perf_counter()
    box.locator("input").click()
    for _ in range(4):
        page.keyboard.press("Backspace")
    _pick(page, box, "ua_gov")
    _pick(page, box, "forum")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Claims", exact=True).click()
    _wait_idle(page)
    h_ua = page.locator("h4", has_text=re.compile(r"^ua_gov$"))
    h_forum = page.locator("h4", has_text=re.compile(r"^forum$"))
    expect(h_ua).to_be_visible()
    expect(h_forum).to_be_visible()
    _record("claims_pick_two_stances_s", time.perf_counter() - t0)

    # exactly the two chosen stances, side by side (same row), in the chosen order
    assert page.locator("h4", has_text=re.compile(r"^(kremlin_rt|wire_rewrite|think_tank)$")).count() == 0
    a, b = h_ua.bounding_box(), h_forum.bounding_box()
    assert a and b
    assert a["x"] + a["width"] <= b["x"], (a, b)
    assert abs(a["y"] - b["y"]) < 5, (a, b)
    # both columns fit the screen
    assert b["x"] + b["width"] <= WIDTH
    # the sentences are there, WW3 highlighted in the forum's column
    expect(page.locator("mark.fr-hl", has_text="WW3").first).to_be_visible()

    # no loaded-count table needs sideways scrolling; nor does the page or a stance card's measures
    assert not _grids_fit(page), _grids_fit(page)
    main = page.evaluate(OVERFLOW_JS, '[data-testid="stMain"]')[0]
    assert main["w"] <= main["cw"] + 1, main
    cards = page.evaluate(OVERFLOW_JS, ".fr-kv")
    assert cards and all(c["w"] <= c["cw"] + 1 for c in cards), cards

    # reversing the order swaps the columns
    t0 = time.perf_counter()
    box.locator("input").click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    _pick(page, box, "forum")
    _pick(page, box, "ua_gov")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Claims", exact=True).click()
    _wait_idle(page)
    expect(h_ua).to_be_visible()
    a, b = h_ua.bounding_box(), h_forum.bounding_box()
    assert b["x"] + b["width"] <= a["x"] and abs(a["y"] - b["y"]) < 5, (a, b)
    _record("claims_reorder_stances_s", time.perf_counter() - t0)
    _shot(page, "claims_compare_1280.png")
    assert not page.dialogs


@pytest.mark.parametrize("url_path, title", [("", "Overview"), ("trends", "Trends"),
                                             ("terms", "Distinctive terms")])
def test_rate_pages_fit_1280(server, page, url_path, title):  # noqa: F811
    from playwright.sync_api import expect

    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    t0 = time.perf_counter()
    page.goto(f"{server}/{url_path}")
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    _wait_idle(page)
    _record(f"{url_path or 'overview'}_load_s", time.perf_counter() - t0)
    if url_path != "terms":  # the rate tables: every number visible without scrolling sideways
        assert not _grids_fit(page), _grids_fit(page)
    main = page.evaluate(OVERFLOW_JS, '[data-testid="stMain"]')[0]
    assert main["w"] <= main["cw"] + 1, main
    # charts are drawn and none is wider than the main column
    charts = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]'))"
                           ".map(e => e.getBoundingClientRect().right)")
    assert charts and max(charts) <= WIDTH
    _shot(page, f"{url_path or 'overview'}_1280.png")
    assert page.get_by_text("Page not found").count() == 0
