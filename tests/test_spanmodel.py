"""Span detection a user relies on: scare quotes as spans, guideline categories, the learned span model,
`framing train`, guideline-format evaluation and the non-English note."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from framing.analyze.guideline import GoldSpan, PredSpan, evaluate_guideline, score_guideline, span_predictor
from framing.detect.document import detect_document
from framing.detect.lexicon import load_lexicon
from framing.detect.spanmodel.model import BUNDLED, SpanModel, load_model
from framing.detect.spans import document_spans
from framing.present.cli import main
from framing.text.corpus import document_from_text
from framing.text.language import guess_language
from framing.text.parse import parse_document

FRAMING_DEV = next((q / "shared" / "reference" / "framing-dev" for q in Path(__file__).resolve().parents
                    if (q / "shared" / "reference" / "framing-dev").is_dir()), Path("/nonexistent"))


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def spans_of(text: str, lexicon, detector: str = "lexicon", model=None):
    parsed = parse_document(document_from_text(text, "doc", "doc.txt"))
    return document_spans(detect_document(parsed, lexicon, with_sentiment=False), lexicon, detector, model)


SCARE_TEXT = ("Moscow staged so-called \u201creferendums\u201d in four occupied regions last week. "
              "Election officials went door to door with armed soldiers, residents told reporters. "
              "Western governments said they would never recognise the results.\n")


def test_scare_quote_is_a_span_with_its_quote_marks(lexicon):
    rows = spans_of(SCARE_TEXT, lexicon)
    scare = [r for r in rows if r.guideline_category == "scare_quotes"]
    assert [r.match.text for r in scare] == ["\u201creferendums\u201d"]
    assert scare[0].match.loaded and scare[0].detector == "voice" and scare[0].match.voice == "own"
    # "so-called" stays its own, adjacent delegitimization span
    assert any(r.match.text.lower() == "so-called" and r.guideline_category == "delegitimization" for r in rows)


def test_attributed_quotation_is_not_a_scare_quote(lexicon):
    text = ("Russian Foreign Minister Sergei Lavrov on Tuesday described the capture of the city as a "
            "\u201cliberation\u201d of its residents. Ukrainian officials rejected his account of the fighting "
            "and said civilians had fled the shelling.\n")
    rows = spans_of(text, lexicon)
    assert not [r for r in rows if r.guideline_category == "scare_quotes"]


def test_neutral_markers_keep_loaded_false(lexicon):
    text = ("According to the regional governor, two drones struck an energy facility near Kyiv overnight. "
            "Emergency crews put out the fire by morning, the governor said.\n")
    rows = spans_of(text, lexicon)
    neutral = [r for r in rows if r.match.text in ("According to", "Kyiv")]
    assert neutral and all(not r.match.loaded and not r.guideline_span for r in neutral)
    kiev = spans_of(text.replace("Kyiv", "Kiev"), lexicon)
    assert any(r.match.text == "Kiev" and r.guideline_category == "toponym" and r.guideline_span for r in kiev)


def test_bundled_model_loads_offline_and_explains_a_loaded_phrase(lexicon):
    assert BUNDLED.is_file() and BUNDLED.stat().st_size < 2_500_000
    model = load_model()
    assert load_model() is model  # loaded once per process
    text = ("The Kiev regime continues its barbaric shelling of peaceful towns in Donbass, the ministry "
            "said on Monday. Neo-Nazi battalions have turned schools into firing positions.\n")
    rows = spans_of(text, lexicon, "model", model)
    assert rows, "the model found no span in an obviously loaded text"
    found = {r.match.text.lower() for r in rows}
    assert any("regime" in t or "barbaric" in t or "neo-nazi" in t for t in found), found
    explained = [r for r in rows if r.detector == "model"]
    assert explained and all("+" in r.why for r in explained)


def test_score_guideline_partial_overlap_by_hand():
    gold = {"a.txt": [GoldSpan("a.txt", 0, 10, "x" * 10, "loaded_language", "own"),
                      GoldSpan("a.txt", 40, 50, "y" * 10, "name_calling", "quoted")]}
    pred = {"a.txt": [PredSpan(5, 10, "loaded_language", "own"), PredSpan(20, 30, "loaded_language", "own"),
                      PredSpan(40, 50, "name_calling", "own")],
            "b.txt": [PredSpan(0, 4, "toponym", "own")]}
    df = score_guideline(pred, gold, ["a.txt", "b.txt"]).set_index("category")
    # 4 merged predictions earn 1 + 0 + 1 + 0; gold earns 0.5 + 1
    assert df.loc["overall", "predicted"] == 4
    assert math.isclose(df.loc["overall", "precision"], 0.5)
    assert math.isclose(df.loc["overall", "recall"], 0.75)
    assert math.isclose(df.loc["name_calling", "f1"], 1.0)
    assert math.isclose(df.loc["loaded_language", "precision"], 0.5)
    # voice: two gold spans overlapped, one voice right
    assert df.loc["voice", "gold"] == 2 and math.isclose(df.loc["voice", "f1"], 0.5)


ARTICLES = {
    "a1.txt": ("The Kiev regime shelled a market in Donetsk on Sunday, the city's mayor said.\n"
               "Local officials called the strike a barbaric attack on civilians.\n"),
    "a2.txt": ("Neo-Nazi battalions fled the town as troops advanced, according to the ministry.\n"
               "The occupiers looted homes before they left, residents said.\n"),
    "a3.txt": ("Finland boarded a tanker suspected of damaging an undersea cable, police said on Friday.\n"
               "Investigators are examining the ship's anchor.\n"),
}
GOLD = [("a1.txt", "Kiev regime", "delegitimization"), ("a1.txt", "barbaric attack", "demonization"),
        ("a2.txt", "Neo-Nazi battalions", "name_calling"), ("a2.txt", "occupiers", "name_calling")]


def write_set(root: Path) -> tuple[Path, Path]:
    arts = root / "articles"
    arts.mkdir()
    for name, text in ARTICLES.items():
        (arts / name).write_text(text, encoding="utf-8", newline="")
    csv_path = root / "spans.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "start", "end", "text", "category", "voice", "speaker"])
        for name, phrase, cat in GOLD:
            s = ARTICLES[name].index(phrase)
            w.writerow([name, s, s + len(phrase), phrase, cat, "own", ""])
    return csv_path, arts


def test_evaluate_guideline_format_on_a_constructed_set(tmp_path, lexicon, capsys):
    csv_path, arts = write_set(tmp_path)
    df = evaluate_guideline(csv_path, arts, span_predictor(lexicon, "lexicon")).set_index("category")
    assert df.loc["overall", "gold"] == 4
    assert 0 < df.loc["overall", "recall"] <= 1 and 0 < df.loc["overall", "precision"] <= 1
    assert main(["evaluate", "--format", "guideline", "--spans", str(csv_path), "--articles", str(arts),
                 "--detector", "lexicon", "--output", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("category,predicted,gold,precision,recall,f1")
    assert "voice" in out


def test_framing_train_writes_a_model_that_spans_accepts(tmp_path, capsys):
    csv_path, arts = write_set(tmp_path)
    model_path = tmp_path / "mine.json"
    assert main(["train", "--spans", str(csv_path), "--articles", str(arts), "--out", str(model_path)]) == 0
    model = SpanModel.from_json(__import__("json").loads(model_path.read_text(encoding="utf-8")))
    assert "O" in model.classes and "name_calling" in model.classes and model.weights
    out_csv = tmp_path / "spans_out.csv"
    assert main(["spans", str(arts), "--model", str(model_path), "--format", "csv", "--out", str(out_csv)]) == 0
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {"guideline_category", "detector", "why"} <= set(rows[0])
    assert any(r["detector"] in ("model", "both") for r in rows)


def test_non_english_text_gets_a_one_line_note(tmp_path, capsys):
    ru = tmp_path / "ru.txt"
    ru.write_text("Официальный представитель МИД России заявила, что западные страны продолжают "
                  "накачивать киевский режим оружием. Она также отметила, что переговоры невозможны.\n",
                  encoding="utf-8")
    assert guess_language(ru.read_text(encoding="utf-8")) == "ru"
    main(["spans", str(ru), "--detector", "lexicon", "--format", "csv"])
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if "not English" in line]
    assert len(notes) == 1 and "ru.txt" in notes[0]


@pytest.mark.framingdev
@pytest.mark.skipif(not (FRAMING_DEV / "spans.csv").exists(), reason="framing-dev reference set not present")
def test_cross_validation_by_file_on_framing_dev(lexicon):
    from framing.analyze.crossval import cross_validate
    df = cross_validate(FRAMING_DEV / "spans.csv", FRAMING_DEV / "articles", k=5, lexicon=lexicon,
                        detectors=("lexicon", "model"), c=2.0, o_weight=0.5, min_count=1, threshold=0.25)
    overall = df[df["category"] == "overall"].set_index("detector")
    assert overall.loc["model", "gold"] == 200
    # Held-out files: the in-domain model must stay a usable detector on its own (it measured F1 0.58-0.60,
    # level with the lexicon; docs/evaluation.md) and keep the precision the guideline's users rely on.
    assert overall.loc["model", "f1"] >= 0.55
    assert overall.loc["model", "precision"] >= 0.65
