"""Shared fixtures: the bundled seeds, parsed once per session, and paths to reference data."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.api import load_parsed
from framing.core.config import seeds_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PTC_DIR = SHARED / "reference" / "ptc-train"


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The bundled seed folder."""
    return seeds_dir()


@pytest.fixture(scope="session")
def parsed_seeds():
    """The five seed documents, parsed (repair, segments, sentences), keyed by the 3-digit prefix."""
    parsed, problems = load_parsed()
    assert not problems, problems
    return {p.doc.doc_id[:3]: p for p in parsed}


@pytest.fixture(scope="session")
def seed_texts(seeds):
    """Raw text of each seed file keyed by its 3-digit prefix."""
    return {f.name[:3]: f.read_text(encoding="utf-8") for f in sorted(seeds.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_analysis():
    """The seeds analysed with the bundled lexicons (matches, voice, sentiment)."""
    from framing.api import analyze
    a = analyze()
    assert not a.problems, a.problems
    return a
