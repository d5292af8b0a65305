"""The package as a user installs it: build the wheel, install it in a fresh virtual environment, use the CLI.

Outside a checkout framing must find its bundled seeds and lexicons inside the
package, start the dashboard from the installed files (``framing dashboard``),
and need nothing that its metadata does not declare.  Runs once per test
session (building and installing take about a minute, most of it pip).
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.wheel


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRAMING_") and k != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Return the bin folder of a fresh venv holding only the built wheel and its declared dependencies."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(ROOT)],
                   check=True, env=_env(), cwd=base)
    wheel = next((base / "dist").glob("framing-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True)
    bin_dir = base / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, env=_env(),
                   cwd=base)
    return bin_dir


def _framing(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "framing"), *args], capture_output=True, text=True, env=_env(),
                          cwd=cwd, timeout=300)


def test_installed_cli_lists_the_bundled_seeds(installed, tmp_path):
    out = _framing(installed, "corpus", "--format", "csv", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["doc_id"] for r in rows} >= {"000_2927015db5cfa1ca", "004_7a858a121546b812"}
    assert {"kremlin_rt", "forum", "ua_gov"} <= {r["stance"] for r in rows}


def test_installed_cli_finds_loaded_phrases_and_scores_into_a_store(installed, tmp_path):
    spans = _framing(installed, "spans", "--format", "csv", cwd=tmp_path)
    assert spans.returncode == 0, spans.stderr
    rows = list(csv.DictReader(io.StringIO(spans.stdout)))
    assert any(r["text"].lower() == "holy war" for r in rows), "the RT article's 'holy war' should be found"
    first = _framing(installed, "score", "--store", "s.sqlite", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = _framing(installed, "score", "--store", "s.sqlite", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "reused" in (again.stderr + again.stdout).lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_installed_dashboard_serves_on_loopback(installed, tmp_path):
    port = _free_port()
    proc = subprocess.Popen([str(installed / "framing"), "dashboard", "--port", str(port)], cwd=tmp_path,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        health = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    health = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == "ok", f"dashboard did not come up: {proc.poll()=}"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "Traceback" not in out, out
