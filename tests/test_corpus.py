"""Loading corpora: catalogs, unknown stances, HTML, JSONL, and every kind of bad input."""

from __future__ import annotations

import json

from framing.api import load_parsed
from framing.text.corpus import load_corpus, read_catalog

ARTICLE = ("Moscow and Pyongyang signed the partnership treaty in June. "
           "According to TASS, the treaty entered into force in December.\n")


def test_seeds_load_with_catalog_stances():
    corpus = load_corpus()
    assert not corpus.problems
    stances = {d.doc_id[:3]: d.stance for d in corpus.documents}
    assert stances == {"000": "ua_gov", "001": "wire_rewrite", "002": "think_tank",
                       "003": "wire_rewrite", "004": "forum"}


def test_a_single_path_string_is_one_path(tmp_path):
    # A notebook user writes load_corpus("articles"): the string must not be
    # taken as an iterable of one-character paths (which would walk "/").
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    by_str, by_list = load_corpus(str(tmp_path)), load_corpus([tmp_path])
    assert [d.doc_id for d in by_str.documents] == [d.doc_id for d in by_list.documents] == ["a"]
    assert not by_str.problems


def test_folder_without_catalog_is_unknown(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    parsed, problems = load_parsed([tmp_path])
    assert not problems
    assert {s.stance for s in parsed[0].segments} == {"unknown"}


def test_new_stance_labels_load(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "catalog.csv").write_text("file,outlet,stance\na.txt,Kyiv Independent,ua_independent\n")
    parsed, problems = load_parsed([tmp_path])
    assert not problems and parsed[0].segments[0].stance == "ua_independent"


def test_bad_inputs_are_reported_and_others_processed(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin.txt").write_bytes("Pyongyang\u2019s \u201cpartner\u201d".encode("cp1252"))
    (tmp_path / "huge.txt").write_bytes(b"word " * 300_000)
    corpus = load_corpus([tmp_path], max_bytes=1_000_000)
    names = {d.doc_id for d in corpus.documents}
    assert names == {"good", "latin"}
    latin = next(d for d in corpus.documents if d.doc_id == "latin")
    assert latin.raw == "Pyongyang\u2019s \u201cpartner\u201d" and latin.meta["encoding"] == "windows-1252"
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in corpus.problems}
    assert reasons["empty.txt"] == "file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "over the" in reasons["huge.txt"] and "limit" in reasons["huge.txt"]
    assert all(p.fix for p in corpus.problems)


def test_missing_path_is_a_problem(tmp_path):
    corpus = load_corpus([tmp_path / "nope.txt"])
    assert corpus.documents == [] and "no such file" in corpus.problems[0].reason


def test_unreadable_file(tmp_path):
    # A dangling symlink cannot be read by anyone, root included (CI runs as root,
    # where permission bits would not stop the read).
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    corpus = load_corpus([tmp_path / "good.txt", tmp_path / "gone.txt"])
    assert [d.doc_id for d in corpus.documents] == ["good"]
    assert "cannot read" in corpus.problems[0].reason and "gone.txt" in str(corpus.problems[0])


def test_malformed_catalog_rows_name_their_line(tmp_path):
    cat = tmp_path / "catalog.csv"
    cat.write_text("file,part,split,kind,outlet,stance\n"
                   "a.txt,,,,Outlet A,ua_gov\n"
                   "a.txt,zero,whole,comment,,forum\n"
                   "a.txt,1,paragraphs,comment,,forum\n"
                   "a.txt,2,whole,editorial,,forum\n"
                   ",,,,X,y\n"
                   "a.txt,1,whole,comment,x,y,extra,fields\n")
    c = read_catalog(cat)
    assert c.documents["a.txt"]["outlet"] == "Outlet A"
    lines = sorted(p.line for p in c.problems)
    assert lines == [3, 4, 5, 6, 7]
    assert all(str(cat) in str(p) for p in c.problems)


def test_catalog_without_file_column(tmp_path):
    cat = tmp_path / "catalog.csv"
    cat.write_text("name,stance\na.txt,ua_gov\n")
    (tmp_path / "a.txt").write_text(ARTICLE)
    corpus = load_corpus([tmp_path])
    assert len(corpus.documents) == 1
    assert corpus.problems[0].line == 1 and "no file column" in corpus.problems[0].reason


def test_html_main_text_without_scripts(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Treaty signed</title><script>alert('x')</script>"
        "<style>p{color:red}</style></head><body><nav>Home | World</nav><article>"
        "<h1>Russia and North Korea sign treaty</h1><p>The leaders signed it on Wednesday.</p>"
        "<p>It includes a <b>mutual defence</b> clause.</p><script>document.cookie</script></article>"
        "<footer>\u00a9 2024</footer></body></html>")
    corpus = load_corpus([tmp_path])
    text = corpus.documents[0].raw
    assert "Russia and North Korea sign treaty" in text
    assert "It includes a mutual defence clause." in text
    assert "alert" not in text and "cookie" not in text and "color" not in text and "Home" not in text


def test_jsonl_records_stream_with_metadata(tmp_path):
    f = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "tass-1", "text": ARTICLE, "outlet": "TASS", "stance": "kremlin_rt"}),
             "{not json",
             json.dumps({"id": "empty", "text": ""}),
             "",
             json.dumps({"text": "Second article. It has two sentences.", "outlet": "Reuters"})]
    f.write_text("\n".join(lines) + "\n")
    corpus = load_corpus([f])
    assert [d.doc_id for d in corpus.documents] == ["tass-1", "batch:5"]
    assert corpus.documents[0].stance == "kremlin_rt" and corpus.documents[1].stance == "unknown"
    assert sorted(p.line for p in corpus.problems) == [2, 3]


def test_glob_and_file_list(tmp_path):
    for name in ("a.txt", "b.md", "c.csv"):
        (tmp_path / name).write_text(ARTICLE)
    corpus = load_corpus([str(tmp_path / "*.txt"), tmp_path / "b.md"])
    assert sorted(d.doc_id for d in corpus.documents) == ["a", "b"]
