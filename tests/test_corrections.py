"""Corrections of detected spans -> guideline CSV -> `framing train` -> a model that learned them.

On seed 004 (the forum thread quoting RT): the span model's "Russian"
(demonization) in Choe Son-hui's words is a false positive, and
"adamantly" is a missed loaded word.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framing.analyze import corrections as cx
from framing.core.errors import InputError
from framing.text.annotations import guideline_csv_text, read_guideline_spans, write_guideline_spans, GoldSpan

REPO = Path(__file__).resolve().parents[1]
DOC = "004_7a858a121546b812"


@pytest.fixture(scope="module")
def spans(seed_analysis) -> pd.DataFrame:
    return seed_analysis.matches()


@pytest.fixture(scope="module")
def doc(seed_analysis):
    return seed_analysis.by_id[DOC].parsed


def _fp(spans) -> dict:
    rows = spans[(spans["doc_id"] == DOC) & (spans["text"] == "Russian") & (spans["detector"] == "model")]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def _added(doc) -> cx.Correction:
    sent = next(s for s in doc.sentences if "adamantly" in s.text)
    return cx.add_span(doc, sent.start, sent.end, "adamantly", "loaded_language", "quoted", "Choe Son-hui")


def test_accepted_spans_are_detected_minus_rejected_plus_added(spans, doc):
    fixes = [cx.reject(_fp(spans)), _added(doc)]
    got = cx.accepted_spans(spans, doc, fixes)
    texts = [g.text for g in got]
    assert "Russian" not in texts and "adamantly" in texts
    # the other detected guideline spans stay; neutral markers ("said", "According to") are not spans
    assert {"holy war", "great victory", "WW3", "wipe out"} <= set(texts)
    assert not {"said", "According to", "no doubt"} & set(texts)
    raw = doc.doc.raw
    for g in got:
        assert raw[g.start:g.end] == g.text  # original-file offsets, as the guideline counts them
        assert g.file == f"{DOC}.txt"
    # spans never overlap
    for a, b in zip(got, got[1:]):
        assert a.end <= b.start
    add = next(g for g in got if g.text == "adamantly")
    assert (add.category, add.voice, add.speaker) == ("loaded_language", "quoted", "Choe Son-hui")


def test_an_added_span_wins_over_a_detected_one_it_overlaps(spans, doc):
    sent = next(s for s in doc.sentences if "holy war" in s.text)
    c = cx.add_span(doc, sent.start, sent.end, "their holy war", "glorification", "quoted", "Kim Jong-un")
    got = [g for g in cx.accepted_spans(spans, doc, [c]) if "holy" in g.text]
    assert [(g.text, g.speaker) for g in got] == [("their holy war", "Kim Jong-un")]


def test_add_span_explains_bad_input(doc):
    sent = next(s for s in doc.sentences if "adamantly" in s.text)
    for phrase, cat, voice, occ, words in [
            ("Adamantly", "loaded_language", "own", 1, "does not appear"),
            ("adamantly", "propaganda", "own", 1, "not one of the guideline's"),
            ("adamantly", "loaded_language", "both", 1, "not own or quoted"),
            ("  ", "loaded_language", "own", 1, "empty"),
            ("adamantly", "loaded_language", "own", 2, "1 occurrence")]:
        with pytest.raises(InputError, match=words) as e:
            cx.add_span(doc, sent.start, sent.end, phrase, cat, voice, "", occ)
        assert "fix:" in str(e.value) or e.value.fix
    own = cx.add_span(doc, sent.start, sent.end, "adamantly", "loaded_language", "own", "ignored")
    assert own.speaker == ""  # own voice has no speaker (guideline)


def test_uncorrected_documents_are_not_exported(spans, seed_analysis, doc):
    fixes = [_added(doc)]
    text = cx.training_csv(spans, seed_analysis.parsed, fixes)
    files = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert files == {f"articles/{DOC}.txt"}
    assert cx.training_csv(spans, seed_analysis.parsed, []).strip() == "file,start,end,text,category,voice,speaker"


def test_guideline_csv_round_trips_through_the_reader(tmp_path):
    rows = [GoldSpan("articles/a.txt", 5, 9, 'x,"y"', "toponym", "quoted", "Lavrov, S."),
            GoldSpan("articles/a.txt", 0, 3, "=1+", "euphemism", "own", "")]
    path = write_guideline_spans(rows, tmp_path / "s.csv")
    back = read_guideline_spans(path)
    assert back == {"articles/a.txt": sorted(rows, key=lambda g: g.start)}
    assert guideline_csv_text(rows).startswith("file,start,end,text,category,voice,speaker\n")


def test_save_and_load_corrections(tmp_path, spans, doc):
    fixes = [cx.reject(_fp(spans)), _added(doc)]
    path = cx.save_corrections(fixes, tmp_path / "fixes.csv")
    assert cx.load_corrections(path) == fixes
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(cx.CORRECTION_FIELDS) + "\n" + f"{DOC},delete,1,2,1,2,x,,own,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2|:2") as e:
        cx.load_corrections(bad)
    assert "reject or add" in str(e.value)
    with pytest.raises(InputError, match="not found"):
        cx.load_corrections(tmp_path / "missing.csv")


def test_stale_corrections_are_found(spans, doc, seed_analysis):
    good = _added(doc)
    moved = cx.Correction(DOC, "add", good.start + 1, good.end + 1, 0, 0, good.text, "loaded_language")
    gone = cx.Correction("no_such_doc", "reject", 0, 3, 0, 3, "abc")
    assert cx.stale([good, moved, gone], seed_analysis.parsed) == [moved, gone]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "framing", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_corrections_train_a_model_that_learned_them(tmp_path, spans, seed_analysis, doc):
    """Bundle -> `framing train --format guideline` -> `framing spans --detector model --model` (the CLI, as a user runs it)."""
    fixes = [cx.reject(_fp(spans)), _added(doc)]
    bundle = cx.training_bundle(spans, seed_analysis.parsed, fixes)
    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        assert sorted(z.namelist()) == ["README.txt", f"articles/{DOC}.txt", "spans.csv"]
        z.extractall(tmp_path)
    # the bundled text is the document's original text byte for byte, so the offsets hold
    assert (tmp_path / "articles" / f"{DOC}.txt").read_bytes() == (REPO / "seeds" / f"{DOC}.txt").read_bytes()
    r = _run(["train", "--spans", "spans.csv", "--articles", "articles", "--format", "guideline",
              "--out", "model.json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "model.json").is_file() and "wrote" in r.stderr
    r = _run(["spans", "articles", "--detector", "model", "--model", "model.json", "--format", "csv"], tmp_path)
    assert r.returncode == 0, r.stderr
    found = pd.read_csv(io.StringIO(r.stdout))
    model = found[found["detector"] == "model"]
    assert len(model) >= 5
    # trained on the corrected document, the model finds the added span and drops the rejected one
    assert "adamantly" in set(model["text"])
    assert "Russian" not in set(model["text"])
