"""End-to-end: the real dashboard (``streamlit run app.py``) in headless Debian Chromium via Playwright.

Runs with ``python -m pytest -m browser`` (and in the full suite).  It needs
``/usr/bin/chromium`` (``apt-get install -y chromium``; never ``playwright
install``): without it the tests are skipped locally, but when ``CI`` is set
they fail, so CI can never pass by silently skipping them.

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: Seconds to wait for the server and for the first analysis (nltk import + seeds).
STARTUP_TIMEOUT = 90
UI_TIMEOUT_MS = 60_000
HOSTILE = ('Breaking: <script>alert(1)</script> and <img src=x onerror=alert(1)> and '
           '<a href="javascript:alert(1)">click</a>. The regime waged a holy war, officials said.')

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Start ``streamlit run app.py`` on a free 127.0.0.1 port; yield its URL; stop it (and its children) after."""
    require_chromium()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRAMING_")}  # the bundled seeds
    env["PYTHONUNBUFFERED"] = "1"
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = log_path.open("wb")
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    # A new session (process group) so teardown stops the server and anything it started.
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT}s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="module")
def browser():
    """Yield a headless Debian Chromium driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """Yield a fresh page that records every JavaScript dialog (an alert() would mean injected script ran)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()
    pg.on("dialog", on_dialog)
    try:
        yield pg
    finally:
        context.close()


def _off_machine(urls: list[str]) -> list[str]:
    """Return the requests that went to a host other than this machine."""
    from urllib.parse import urlsplit
    local = {"127.0.0.1", "localhost", "::1", ""}
    return sorted({u for u in urls if urlsplit(u).scheme not in ("data", "blob", "about")
                   and (urlsplit(u).hostname or "") not in local})


def test_no_request_leaves_the_machine(server, page):
    """Every page, loaded as a user opens it: all requests (scripts, fonts, icons, statistics) stay on loopback."""
    from playwright.sync_api import expect
    from framing.present.dashboard import available_pages

    for spec in available_pages():
        page.goto(f"{server}/{spec.url_path}")
        expect(page.get_by_role("heading", name=spec.title, exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
        _wait_idle(page)
    assert len(page.requests) > 20, "the request log should see the app's own assets"
    assert not _off_machine(page.requests), _off_machine(page.requests)


def _wait_idle(pg) -> None:
    """Wait until Streamlit has finished the current run (no "running" status widget)."""
    pg.wait_for_timeout(300)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stStatusWidgetRunningIcon\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=UI_TIMEOUT_MS)
    pg.wait_for_timeout(700)  # let charts lay out


def _screenshot(pg, name: str) -> Path:
    """Save a screenshot of the whole page (Streamlit scrolls an inner container, so grow the viewport)."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = pg.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]') "
                         "|| document.querySelector('section.main'); return m ? m.scrollHeight : 1000; }")
    pg.set_viewport_size({"width": 1500, "height": max(1000, min(int(height) + 40, 8000))})
    pg.wait_for_timeout(800)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_claims_nk_troops_in_browser(server, page):
    from playwright.sync_api import expect

    # every stance, in this order (?stances= preselects them; the page's default is the two most different)
    page.goto(server + "/claims?stances=kremlin_rt,forum,wire_rewrite,ua_gov,think_tank")
    expect(page.get_by_role("heading", name="Claims", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    # Pick the claim the way a user does: open the selectbox, type its id, choose it.
    box = page.get_by_test_id("stSelectbox").filter(has_text="Claim")
    box.click()
    page.keyboard.type("nk_troops")
    page.get_by_role("option", name=re.compile(r"^nk_troops")).click()
    expect(page.get_by_role("combobox", name="Claim")).to_have_value(re.compile(r"^nk_troops"),
                                                                      timeout=UI_TIMEOUT_MS)
    _wait_idle(page)
    expect(page.get_by_text("North Korean soldiers sent to Russia", exact=False)).to_be_visible()

    for stance in ("kremlin_rt", "forum", "wire_rewrite", "ua_gov"):
        expect(page.locator("h4", has_text=re.compile(rf"^{stance}$"))).to_be_visible()
    # think_tank says nothing about the troops: shown explicitly, not dropped
    expect(page.locator("h4", has_text=re.compile(r"^think_tank$"))).to_be_visible()
    expect(page.get_by_text("no sentences about this claim")).to_be_visible()

    marks = page.locator("mark.fr-hl")
    expect(marks.first).to_be_visible()
    assert marks.count() >= 3
    for phrase in ("WW3", "invincible military brotherhood"):
        expect(page.locator("mark.fr-hl", has_text=phrase).first).to_be_visible()
    # own voice vs quoted speech are drawn differently (solid underline vs dashed box)
    own = page.locator("mark.fr-voice-own").first.evaluate("e => getComputedStyle(e).borderBottomStyle")
    quoted = page.locator("mark.fr-voice-quoted").first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert (own, quoted) == ("solid", "dashed")
    # hovering explains the match
    title = page.locator("mark.fr-hl", has_text="WW3").first.get_attribute("title")
    assert "fear_appeal" in title and "voice: outlet's own voice" in title

    page.get_by_role("heading", name="Claims", exact=True).click()  # blur the selectbox before the picture
    _screenshot(page, "claims_nk_troops.png")
    assert not page.dialogs


def test_hostile_document_renders_as_text_in_browser(server, page, tmp_path):
    from playwright.sync_api import expect

    (tmp_path / "hostile.txt").write_text(HOSTILE + "\n\nA second paragraph with \"so-called\" elections.\n",
                                          encoding="utf-8")
    (tmp_path / "catalog.csv").write_text('file,outlet,stance\nhostile.txt,"<b>Evil</b> outlet",test_stance\n',
                                          encoding="utf-8")
    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    # Choose the folder in the sidebar (the session keeps it), then open the reader from the navigation.
    folder = page.get_by_role("textbox", name="Corpus folder")
    folder.fill(str(tmp_path))
    folder.press("Enter")
    _wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Document reader").click()
    expect(page.get_by_role("heading", name="Document reader", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
    _wait_idle(page)

    text = page.locator(".fr-doc")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    expect(text).to_contain_text('<a href="javascript:alert(1)">click</a>')
    expect(page.locator(".fr-seg-meta").first).to_contain_text("<b>Evil</b> outlet")
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator(".fr-doc script, .fr-doc b").count() == 0
    expect(page.locator(".fr-doc mark.fr-hl", has_text="holy war")).to_be_visible()
    _screenshot(page, "reader_hostile.png")
    page.wait_for_timeout(500)
    assert not page.dialogs, page.dialogs
