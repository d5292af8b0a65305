"""Claims: the registry, sentence -> claim assignment (seeds and unseen articles), discovery, CLI."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from framing.api import load_parsed
from framing.analyze.claims import (ASSIGN_THRESHOLD, ASSIGNMENT_COLUMNS, CLAIM_KINDS, Claims, assign_claims,
                            claims_by_stance, fit_claim_model, label_metrics, load_claims,
                            read_labels, score_sentences, sentence_terms)
from framing.present.cli import main
from framing.core.config import seeds_dir
from framing.analyze.discover import CANDIDATE_COLUMNS, discover_claims, write_candidates
from framing.core.errors import CatalogError

DATA = Path(__file__).parent / "data" / "claims"
CLAIM_IDS = ["dprk_missions_occupied", "workers_occupied", "kim_visit_2023", "putin_visit_2024",
             "partnership_treaty", "mutual_defense", "nk_troops", "arms_transfers",
             "tourism_exchange", "sanctions", "support_for_war"]


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="session")
def registry() -> Claims:
    return load_claims()


@pytest.fixture(scope="session")
def seed_docs():
    parsed, problems = load_parsed()
    assert not problems
    return parsed


@pytest.fixture(scope="session")
def article_docs():
    """The hand-written test articles (never used to write the registry's exemplars)."""
    parsed, problems = load_parsed([DATA])
    assert not problems
    return parsed


@pytest.fixture(scope="session")
def seed_assign(seed_docs):
    return assign_claims(seed_docs)


@pytest.fixture(scope="session")
def article_assign(article_docs):
    return assign_claims(article_docs)


@pytest.fixture(scope="session")
def labels():
    return read_labels(DATA / "labels.csv")


def _claims_of(assign: pd.DataFrame, doc_prefix: str, sentence_start: str) -> set[str]:
    rows = assign[assign["doc_id"].str.startswith(doc_prefix) & assign["text"].str.startswith(sentence_start)]
    return set(rows["claim_id"])


# ------------------------------------------------------------------ registry

def test_registry_has_the_eleven_claims(registry):
    assert registry.ids == CLAIM_IDS
    assert not registry.problems
    for c in registry:
        assert c.statement and c.description
        assert len(c.key_terms) >= 8 and len(c.exemplars) >= 5
        assert c.line >= 2 and c.file.endswith("claims.csv")


def test_exemplars_are_not_copied_from_the_seeds(registry):
    # No run of 8 words of an exemplar may occur in a seed: exemplars are
    # generic news sentences, so assignment has to generalize.  (Shorter runs
    # hit official names such as "the Treaty on Comprehensive Strategic Partnership".)
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt")))
    seed_words = " ".join(re.findall(r"\w+", seed_text.lower()))
    for c in registry:
        for ex in c.exemplars:
            words = re.findall(r"\w+", ex.lower())
            for i in range(len(words) - 7):
                assert " ".join(words[i:i + 8]) not in seed_words, (c.claim_id, ex)


def test_every_key_term_keeps_a_content_word(registry):
    for c in registry:
        for k in c.key_terms:
            assert sentence_terms(k), (c.claim_id, k)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "claims.csv"
    p.write_text(text, encoding="utf-8")
    return p


HEADER = "claim_id,statement,description,key_terms,exemplars\n"


def test_registry_loader_reports_bad_rows_with_file_and_line(tmp_path):
    p = _write(tmp_path, HEADER
               + "ok_claim,A statement.,desc,troops|Kursk,An example sentence.\n"
               + "Bad-Id,A statement.,desc,troops,\n"
               + "ok_claim,Again.,desc,troops,\n"
               + "# a comment line\n"
               + "no_statement,,desc,troops,\n"
               + "no_terms,A statement.,desc,,\n"
               + 'multi,"A statement\nover two lines.",desc,the|of,\n'
               + "last,Fine.,desc,sanctions,\n")
    claims = load_claims(p)
    assert claims.ids == ["ok_claim", "last"]
    where = {(pr.line, pr.reason.split(" ")[0]) for pr in claims.problems}
    assert (3, "claim_id") in where              # Bad-Id
    assert (4, "duplicate") in where             # ok_claim again
    assert (6, "empty") in where                 # no statement
    assert (7, "no") in where                    # no key terms, no exemplars
    assert any(pr.line == 8 and "stop-word" in pr.reason for pr in claims.problems)  # the|of
    assert all(pr.path == str(p) and pr.fix for pr in claims.problems)
    assert claims.get("last").line == 10         # the multi-line row took lines 8-9
    with pytest.raises(CatalogError) as exc:
        load_claims(p, strict=True)
    assert f"{p}:3:" in str(exc.value) and "fix:" in str(exc.value)


def test_registry_loader_rejects_a_bad_header_and_missing_file(tmp_path):
    p = _write(tmp_path, "id,statement\nx,y\n")
    with pytest.raises(CatalogError, match=r"claims\.csv:1: bad header: missing column\(s\) claim_id"):
        load_claims(p)
    with pytest.raises(CatalogError, match="cannot read claim registry"):
        load_claims(tmp_path / "nope.csv")


def test_registry_loader_accepts_bom_and_extra_columns(tmp_path):
    p = tmp_path / "c.csv"
    p.write_bytes(b"\xef\xbb\xbf" + (HEADER.strip() + ",n_sentences\n"
                                     "a_claim,Stated.,d,troops|Kursk,One example.,12\n").encode())
    claims = load_claims(p)
    assert claims.ids == ["a_claim"] and claims.get("a_claim").key_terms == ("troops", "Kursk")
    assert len(claims.version) == 12
    with pytest.raises(CatalogError, match="unknown claim 'zzz'.*a_claim"):
        claims.get("zzz")


# ------------------------------------------------------------------ assignment on the seeds

def test_assignment_frame_shape_and_offsets(seed_docs, seed_assign):
    assert list(seed_assign.columns) == ASSIGNMENT_COLUMNS
    assert seed_assign["confidence"].between(ASSIGN_THRESHOLD, 1).all()
    assert set(seed_assign["claim_id"]) <= set(CLAIM_IDS)
    assert set(seed_assign["seg_kind"]) <= CLAIM_KINDS
    assert (seed_assign["terms"].str.len() > 0).all()
    docs = {p.doc.doc_id: p for p in seed_docs}
    for row in seed_assign.itertuples():
        p = docs[row.doc_id]
        sent = p.sentences[row.sent_idx]
        assert (sent.start, sent.end, sent.seg_id) == (row.start, row.end, row.seg_id)
        assert " ".join(p.text[row.start:row.end].split()) == row.text
        assert (row.raw_start, row.raw_end) == p.repaired.raw_span(row.start, row.end)
    # 000 needs no repair, so its raw offsets point at the same words.
    cns = seed_assign[seed_assign["doc_id"].str.startswith("000")].iloc[0]
    raw = docs[cns.doc_id].doc.raw
    assert " ".join(raw[cns.raw_start:cns.raw_end].split()) == cns.text


def test_nk_troops_spans_wire_rt_and_forum(seed_assign):
    nk = seed_assign[seed_assign["claim_id"] == "nk_troops"]
    assert {"wire_rewrite", "kremlin_rt", "forum"} <= set(nk["stance"])
    assert "Kursk" in nk[nk["doc_id"].str.startswith("003")]["text"].iloc[0]
    rt = nk[nk["stance"] == "kremlin_rt"]
    assert rt["text"].str.contains("sending troops").any()
    forum = nk[nk["stance"] == "forum"]["text"].tolist()
    assert any(t.startswith("NK troops are free to do whatever they want") for t in forum)
    assert any("WW3" in t and "kursk" in t for t in forum)


def test_visit_and_treaty_span_three_stances(seed_assign):
    by = claims_by_stance(seed_assign)
    for cid in ("putin_visit_2024", "partnership_treaty"):
        stances = set(by[by["claim_id"] == cid]["stance"])
        assert len(stances) >= 3, (cid, stances)
    assert {"kremlin_rt", "think_tank", "wire_rewrite"} <= set(by[by["claim_id"] == "partnership_treaty"]["stance"])


def test_missions_claim_holds_the_cns_report(seed_assign):
    m = seed_assign[seed_assign["claim_id"] == "dprk_missions_occupied"]
    cns = m[m["stance"] == "ua_gov"]
    assert len(cns) >= 4 and cns["doc_id"].str.startswith("000").all()
    assert cns["text"].str.contains("Donetsk and Luhansk").any()
    assert cns["text"].str.contains("consular offices").any()


def test_a_sentence_can_have_several_claims_or_none(seed_docs, seed_assign):
    per_sentence = seed_assign.groupby(["doc_id", "sent_idx"])["claim_id"].nunique()
    assert per_sentence.max() >= 2
    # Forum small talk gets no claim.
    assert not _claims_of(seed_assign, "004", "Nobody cares what the current admin")
    assert _claims_of(seed_assign, "002", "Putin's letter published") >= {"putin_visit_2024", "sanctions"}


def test_claim_filter_and_unknown_claim(seed_docs):
    only = assign_claims(seed_docs, claim_id="sanctions")
    assert set(only["claim_id"]) == {"sanctions"} and len(only) >= 5
    with pytest.raises(CatalogError, match="unknown claim"):
        assign_claims(seed_docs, claim_id="no_such_claim")


def test_score_sentences_has_a_column_per_claim(seed_docs, seed_assign):
    scores = score_sentences(seed_docs)
    assert CLAIM_IDS == [c for c in scores.columns if c in CLAIM_IDS]
    assert scores[CLAIM_IDS].to_numpy().min() >= 0 and scores[CLAIM_IDS].to_numpy().max() <= 1
    assert (scores[CLAIM_IDS] >= ASSIGN_THRESHOLD).to_numpy().sum() == len(seed_assign)


# ------------------------------------------------------------------ unseen articles

@pytest.mark.parametrize("doc, start, claim", [
    ("tass_treaty_in_force", "Russia-DPRK treaty on comprehensive strategic partnership enters", "partnership_treaty"),
    ("tass_treaty_in_force", "The Treaty on Comprehensive Strategic Partnership", "partnership_treaty"),
    ("tass_treaty_in_force", "The State Duma ratified the treaty", "partnership_treaty"),
    ("tass_treaty_in_force", "Article 4 of the treaty provides", "mutual_defense"),
    ("tass_treaty_in_force", "The Russian side regards the sanctions", "sanctions"),
    ("reuters_kursk_troops", "North Korean troops suffer heavy losses", "nk_troops"),
    ("reuters_kursk_troops", "North Korea has sent some 11,000 troops", "nk_troops"),
    ("reuters_kursk_troops", "Ukrainian President Volodymyr Zelenskiy said", "nk_troops"),
    ("kyivindependent_shells_missiles", "North Korea has supplied Russia with several million", "arms_transfers"),
    ("kyivindependent_shells_missiles", "Pyongyang has also transferred KN-23", "arms_transfers"),
    ("kyivindependent_shells_missiles", "In exchange, Moscow is sending Pyongyang food", "arms_transfers"),
    ("kyivindependent_shells_missiles", "Russia, a permanent member of the Security Council", "sanctions"),
    ("nknews_wonsan_tourism", "The first Russian tour group has arrived", "tourism_exchange"),
    ("nknews_wonsan_tourism", "Russian airline Nordwind on Sunday launched", "tourism_exchange"),
])
def test_key_sentences_of_new_articles_land_on_their_claim(article_assign, doc, start, claim):
    assert claim in _claims_of(article_assign, doc, start)


def test_each_new_article_is_mostly_about_its_claim(article_assign):
    main_claim = {"tass_treaty_in_force": "partnership_treaty", "reuters_kursk_troops": "nk_troops",
                  "kyivindependent_shells_missiles": "arms_transfers",
                  "nknews_wonsan_tourism": "tourism_exchange"}
    for doc, claim in main_claim.items():
        counts = article_assign[article_assign["doc_id"] == doc]["claim_id"].value_counts()
        assert counts.index[0] == claim, (doc, counts.to_dict())


def test_off_topic_sentences_get_no_claim(article_docs, article_assign):
    off = article_assign[article_assign["doc_id"] == "offtopic_sport_weather"]
    assert off.empty, off[["text", "claim_id", "confidence"]]
    # A weather line inside an on-topic wire story ("disrupted flights") stays unassigned too.
    assert not _claims_of(article_assign, "reuters_kursk_troops", "Meanwhile, heavy snow disrupted flights")
    # ...and the same holds when the off-topic article is scored alone.
    alone = [p for p in article_docs if p.doc.doc_id == "offtopic_sport_weather"]
    assert assign_claims(alone).empty


def test_a_model_fitted_on_the_seeds_scores_new_articles(seed_docs, article_docs):
    # The IDF of one corpus must carry over to articles it never saw.
    model = fit_claim_model(texts=score_sentences(seed_docs)["text"])
    a = assign_claims(article_docs, model=model)
    assert "partnership_treaty" in _claims_of(a, "tass", "The Treaty on Comprehensive Strategic")
    assert "nk_troops" in _claims_of(a, "reuters", "North Korea has sent some 11,000 troops")
    assert a[a["doc_id"] == "offtopic_sport_weather"].empty


def test_transform_matches_sklearn_and_counts_unseen_words(seed_docs):
    texts = score_sentences(seed_docs)["text"].tolist()
    model = fit_claim_model(texts=texts)
    X, words = model.transform(texts)
    assert abs(X - model.vectorizer.transform(texts)).max() < 1e-12
    assert (words == model.known_words(X)).all()
    # Unseen words keep their share of the norm instead of vanishing.
    X1, _ = model.transform(["North Korean troops"])
    X2, w2 = model.transform(["North Korean troops zyxwv qwertz plugh"])
    assert w2[0] == 6 and X2[0].sum() < X1[0].sum()


# ------------------------------------------------------------------ measured quality

def test_labels_cover_every_scorable_sentence(seed_docs, article_docs, labels):
    scores = pd.concat([score_sentences(seed_docs), score_sentences(article_docs)])
    assert len(labels) == len(scores)
    assert set(labels["split"]) == {"seed", "new"}


def test_precision_and_recall_on_hand_labels(seed_docs, article_docs, labels):
    # Figures reported in docs/claims.md; these floors catch regressions.
    seed = label_metrics(score_sentences(seed_docs), labels[labels["split"] == "seed"])
    new = label_metrics(score_sentences(article_docs), labels[labels["split"] == "new"])
    s = seed[seed["claim"] == "ALL"].iloc[0]
    n = new[new["claim"] == "ALL"].iloc[0]
    assert s["precision"] >= 0.80 and s["recall"] >= 0.70, s.to_dict()
    assert n["precision"] >= 0.85 and n["recall"] >= 0.85, n.to_dict()


def test_label_metrics_arithmetic():
    scores = pd.DataFrame({"doc_id": ["d", "d", "d"], "text": ["Alpha one.", "Beta two.", "Gamma."],
                           "c1": [0.5, 0.05, 0.3], "c2": [0.0, 0.2, 0.0]})
    labels = pd.DataFrame({"doc_id": ["d", "d", "d"], "sentence": ["Alpha", "Beta", "Gamma"],
                           "claims": ["c1", "c1|c2", ""]})
    m = label_metrics(scores, labels, thresholds=[0.1]).set_index("claim")
    # c1: predicted {Alpha, Gamma}, gold {Alpha, Beta} -> tp 1, fp 1, fn 1; c2: tp 1.
    assert (m.loc["c1", "tp"], m.loc["c1", "fp"], m.loc["c1", "fn"]) == (1, 1, 1)
    assert (m.loc["ALL", "tp"], m.loc["ALL", "fp"], m.loc["ALL", "fn"]) == (2, 1, 1)
    assert m.loc["ALL", "precision"] == pytest.approx(2 / 3, abs=1e-3)


# ------------------------------------------------------------------ scale

def test_assignment_is_vectorized_enough_for_large_batches(seed_docs, article_docs):
    base = seed_docs + article_docs
    docs = [dataclasses.replace(p, doc=dataclasses.replace(p.doc, doc_id=f"{p.doc.doc_id}#{k}"))
            for k in range(100) for p in base]
    t = time.perf_counter()
    a = assign_claims(docs)
    elapsed = time.perf_counter() - t
    assert a["doc_id"].nunique() == 100 * (len(base) - 1)  # all but the off-topic article
    assert len(a) > 100 * 100
    # ~20,000 sentences; about 2 s on a 2-core machine, so 10,000 documents take well under a minute.
    assert elapsed < 20, elapsed


# ------------------------------------------------------------------ discovery

@pytest.fixture(scope="session")
def candidates(seed_docs, article_docs):
    return discover_claims(seed_docs + article_docs, n_candidates=10, seed=0)


def test_discovery_is_deterministic_and_ranked_by_stances(seed_docs, article_docs, candidates):
    assert list(candidates.columns)[:len(CANDIDATE_COLUMNS)] == CANDIDATE_COLUMNS
    assert 1 <= len(candidates) <= 10
    again = discover_claims(seed_docs + article_docs, n_candidates=10, seed=0)
    pd.testing.assert_frame_equal(candidates, again)
    assert candidates["n_stances"].is_monotonic_decreasing
    for row in candidates.itertuples():
        assert row.n_stances == len(row.stances.split("; "))
        assert row.n_documents >= 2 and row.n_sentences >= row.n_documents
        assert row.claim_id.startswith("cand_") and row.key_terms and row.exemplars
        assert row.examples.count("[") >= row.n_stances


def test_discovery_finds_topics_the_registry_also_has(candidates):
    # Clustering knows nothing of the registry, yet cross-stance clusters land
    # on registry claims (nearest_claim) with the claims' own vocabulary.
    assert candidates["nearest_claim"].nunique() >= 4
    terms = " ".join(candidates["key_terms"]).lower()
    assert "troops" in terms and ("treaty" in terms or "partnership" in terms)


def test_candidates_file_merges_into_a_registry(candidates, tmp_path):
    path = write_candidates(candidates, tmp_path / "candidates.csv")
    loaded = load_claims(path)
    assert not loaded.problems
    assert loaded.ids == candidates["claim_id"].tolist()


def test_discovery_on_too_little_text_returns_an_empty_frame(article_docs):
    off = [p for p in article_docs if p.doc.doc_id == "offtopic_sport_weather"]
    assert discover_claims(off, n_candidates=5).empty


# ------------------------------------------------------------------ CLI

def test_cli_claims_help_shows_both_forms(capsys):
    with pytest.raises(SystemExit):
        main(["claims", "--help"])
    out = capsys.readouterr().out
    assert "framing claims --claim nk_troops" in out and "framing claims discover" in out


def test_cli_claims_lists_assignments(capsys):
    assert main(["claims", "--claim", "nk_troops", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["claim_id"] for r in rows} == {"nk_troops"}
    assert set(ASSIGNMENT_COLUMNS) <= set(rows[0])


def test_cli_claims_on_new_articles_to_csv(tmp_path, capsys):
    out = tmp_path / "a.csv"
    assert main(["claims", str(DATA), "--out", str(out)]) == 0
    df = pd.read_csv(out)
    assert "partnership_treaty" in set(df[df["doc_id"] == "tass_treaty_in_force"]["claim_id"])


def test_cli_claims_discover_writes_candidates(tmp_path, capsys):
    out = tmp_path / "cand.csv"
    assert main(["claims", "discover", "--n", "4", "--out", str(out)]) == 0
    assert len(load_claims(out)) == len(pd.read_csv(out)) <= 4
    assert "candidate claims" in capsys.readouterr().err


def test_cli_unknown_claim_is_a_one_line_error(capsys):
    assert main(["claims", "--claim", "nope"]) == 1
    err = capsys.readouterr().err
    assert "unknown claim 'nope'" in err and "nk_troops" in err and "Traceback" not in err
