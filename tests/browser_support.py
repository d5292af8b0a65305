"""Shared set-up for the headless-Chromium tests (Debian's chromium; never `playwright install`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags Chromium's calls home are refused by
#: this machine's closed network, many at a time.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip when Chromium is missing locally; fail with the fix when CI is set."""
    if Path(CHROMIUM).exists():
        return
    msg = (f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get update && apt-get install -y "
           "chromium` (the README's test command does this); do not run `playwright install`.")
    if os.environ.get("CI"):
        pytest.fail("CI is set, so the browser tests must run. " + msg)
    pytest.skip(msg)
