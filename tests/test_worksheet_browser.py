"""Worksheets and answer keys rendered in headless Debian Chromium (Playwright, ``file://`` URLs).

Checks what a teacher sees on screen and on paper: the key elements are
visible, the print stylesheet puts each exercise on its own page and uses no
dark backgrounds, and the PDF has one page per exercise or more.  Needs
``/usr/bin/chromium`` (``apt-get install -y chromium``; never ``playwright
install``): skipped locally when it is missing, a failure when ``CI`` is set.
Screenshots go to ``tests/artifacts/worksheet_*.png`` (git-ignored).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from framing.present.exercises import KINDS, ShortfallWarning, generate
from framing.api import analyze
from framing.present.exercises.classset import class_set
from framing.present.worksheet import write_class_set, write_worksheet
from browser_support import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium, shared by the tests of this module."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def sheets(seed_analysis, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """One worksheet per kind written to disk: ``{kind: {"sheet": path, "key": path, "count": n}}``."""
    out = {}
    root = tmp_path_factory.mktemp("worksheets")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        for kind in KINDS:
            exs = generate(seed_analysis.data, kind, count=3, seed=5, level="medium")
            paths = write_worksheet(exs, root / f"{kind}.html", title=f"Test worksheet: {kind}")
            out[kind] = {"sheet": paths[0], "key": paths[1], "count": len(exs)}
    return out


def _open(browser, path: Path, width: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": 1300})
    page.goto(path.resolve().as_uri())
    return page


def _luminance(css_colour: str) -> float:
    """Return the relative luminance of a computed ``rgb()``/``rgba()`` colour (1.0 for transparent)."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css_colour)]
    if len(nums) == 4 and nums[3] == 0:
        return 1.0
    r, g, b = (v / 255 for v in nums[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_worksheet_and_key_render_with_their_parts(browser, sheets):
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, files in sheets.items():
        page = _open(browser, files["sheet"])
        assert page.locator("h1").first.is_visible()
        sections = page.locator("section.exercise")
        assert sections.count() == files["count"]
        assert page.locator("section.exercise .passage").first.is_visible()
        assert page.locator(".student").is_visible()  # name / class / date line
        assert page.locator("mark").count() == 0  # nothing is given away on the student sheet
        if kind == "source":
            assert "[outlet]" in page.locator("section.exercise").all_inner_texts()[0] or files["count"] > 1
            assert page.locator(".passage .source").count() == 0  # the outlet is the answer
        if kind == "voice":
            assert page.locator("table.voice .box").first.is_visible()
        if kind == "sourcing":
            assert page.locator("ol.sentences li").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"worksheet_{kind}.png"), full_page=True)
        page.close()

        key = _open(browser, files["key"])
        assert "answer key" in key.locator("h1").inner_text()
        if kind in ("spot", "voice", "rewrite", "source"):
            assert key.locator("mark").first.is_visible()
        assert key.locator("table.answers").first.is_visible()
        if kind == "rewrite":
            assert key.locator(".model mark").first.is_visible()  # the new wording is highlighted
        key.screenshot(path=str(ARTIFACTS / f"worksheet_{kind}_key.png"), full_page=True)
        key.close()


def test_print_layout_one_exercise_per_page_no_dark_backgrounds(browser, sheets):
    for kind in ("spot", "frames"):
        for which in ("sheet", "key"):
            page = _open(browser, sheets[kind][which])
            page.emulate_media(media="print")
            breaks = page.eval_on_selector_all(
                "section.exercise", "els => els.map(e => getComputedStyle(e).breakBefore)")
            assert breaks[0] in ("auto", "") and all(b == "page" for b in breaks[1:]), breaks
            backgrounds = page.eval_on_selector_all(
                "body, body *", "els => els.map(e => getComputedStyle(e).backgroundColor)")
            darkest = min(_luminance(c) for c in backgrounds)
            assert darkest > 0.6, f"a dark background in the printed {kind} {which}"
            colour = page.eval_on_selector("body", "e => getComputedStyle(e).color")
            assert _luminance(colour) < 0.2  # dark text on white
            pdf = page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages >= sheets[kind]["count"], (kind, which, pages)
            if which == "sheet":
                page.screenshot(path=str(ARTIFACTS / f"worksheet_{kind}_print.png"), full_page=True)
            page.close()


def test_narrow_screen_keeps_text_inside(browser, sheets):
    page = _open(browser, sheets["frames"]["key"], width=420)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 2, overflow
    page.screenshot(path=str(ARTIFACTS / "worksheet_frames_key_narrow.png"), full_page=False)
    page.close()


# ------------------------------------------------------------------ class sets: name line, page numbers, no key


@pytest.fixture(scope="module")
def class_sheets(tmp_path_factory):
    """Write a mixed sheet, its key and a class set; return the folder."""
    out = tmp_path_factory.mktemp("ws")
    a = analyze(sentiment=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortfallWarning)
        exs = generate(a.data, "spot", count=3, seed=2)
    write_worksheet(exs, out / "spot.html", title="Week <3> & co")
    write_class_set(class_set(exs, ["Ana <María>", "Ben"], seed=2), out / "spot.html", title="Week <3> & co")
    return out, exs


def _open_recorded(browser, path):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.requests, pg.dialogs = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(path.as_uri())
    return ctx, pg


def test_student_version_prints_one_exercise_a_page_with_name_and_page_numbers(browser, class_sheets):
    folder, exs = class_sheets
    ctx, pg = _open_recorded(browser, folder / "spot.ana-maria.html")
    try:
        pdf = pg.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages >= len(exs) + 1  # every exercise on its own page, then the glossary
        pg.emulate_media(media="print")
        head = pg.locator(".runhead")
        assert pg.evaluate("getComputedStyle(document.querySelector('.runhead')).position") == "fixed"
        assert head.is_visible() and head.inner_text().startswith("Name: Ana <María>")
        breaks = pg.evaluate("[...document.querySelectorAll('section.exercise')].slice(1)"
                             ".map(s => getComputedStyle(s).breakBefore)")
        assert breaks and set(breaks) == {"page"}
        css = pg.evaluate("[...document.styleSheets].flatMap(s => [...s.cssRules].map(r => r.cssText)).join(' ')")
        assert "counter(page)" in css and "counter(pages)" in css
        text = pg.inner_text("body")
        assert "answer key" not in text.lower() and "Why it is loaded" not in text and "Not scored" not in text
        for ex in exs:  # the same items as the class key, with the word bank printed
            assert all(c in text for c in ex.questions[0].choices)
        assert not pg.dialogs and all(u.startswith("file://") for u in pg.requests)
    finally:
        ctx.close()


def test_key_is_a_separate_file_without_the_name_line(browser, class_sheets):
    folder, exs = class_sheets
    ctx, pg = _open_recorded(browser, folder / "spot.key.html")
    try:
        pg.emulate_media(media="print")
        assert pg.locator(".runhead").count() == 0
        text = pg.inner_text("body")
        assert "answer key" in text and "Week <3> & co" in text
        assert all(a.text in text for ex in exs for a in ex.answers)
        assert not pg.dialogs
    finally:
        ctx.close()
