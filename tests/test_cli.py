"""The ``framing`` command line: help with examples, corpus listing, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from framing.present.cli import build_parser, main


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._subparsers._group_actions)  # noqa: SLF001 (argparse has no public API)
    return sorted(action.choices)


def test_top_level_help_has_examples(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "framing corpus" in out


def test_starting_the_command_does_not_import_nltk_or_scikit_learn():
    # Each takes about a second to import; a command that needs neither
    # (--help, store info, corpus) must not pay for them.
    code = ("import sys; from framing.present.cli import build_parser; build_parser().parse_args(['store', 'info']); "
            "print(sorted(m for m in ('nltk', 'sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_help_has_an_example(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "example" in out.lower() and f"framing {command}" in out


def test_corpus_lists_seed_segments(capsys):
    assert main(["corpus", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    docs = {r["doc_id"][:3] for r in rows}
    assert docs == {"000", "001", "002", "003", "004"}
    forum = [r for r in rows if r["doc_id"].startswith("004") and r["kind"] in ("quoted_article", "comment")]
    assert [r["stance"] for r in forum] == ["kremlin_rt"] + ["forum"] * 5
    assert all(r["sentences"] > 0 and r["tokens"] > 0 for r in forum)


def test_corpus_text_marks_segments(capsys):
    assert main(["corpus", "--text", "004"]) == 0
    out = capsys.readouterr().out
    assert "quoted_article | stance=kremlin_rt | outlet=RT" in out
    assert out.count("| comment | stance=forum") == 5
    assert "\u201cgave us an order" in out and "\u00e2" not in out


def test_corpus_unknown_id_is_one_line_error(capsys):
    assert main(["corpus", "--text", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("framing: error: no document with id 'nope'") and "Traceback" not in err


def test_corpus_csv_export(tmp_path):
    out = tmp_path / "segments.csv"
    assert main(["corpus", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == "doc_id,seg_id,stance,outlet,kind,chars,sentences,tokens"


def test_bad_files_exit_nonzero_with_summary(tmp_path, capsys):
    (tmp_path / "ok.txt").write_text("Russia and North Korea signed a treaty. It entered into force.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["corpus", str(tmp_path), "--format", "csv"]) == 1
    captured = capsys.readouterr()
    assert "ok," in captured.out
    err = captured.err.splitlines()
    assert any("empty.txt: file is empty" in line for line in err)
    assert any("bin.txt: file is binary" in line for line in err)
    assert err[-1] == "framing: 2 input problem(s); the rest was processed"


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "framing", "corpus", "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") > 20


def test_lexicon_check_reports_file_and_line(tmp_path, capsys):
    import shutil

    from framing.core.config import lexicons_dir
    lex = tmp_path / "lex"
    shutil.copytree(lexicons_dir(), lex)
    with (lex / "labels.csv").open("a", encoding="utf-8") as fh:
        fh.write("nc.broken,(junta|regime)+,name_calling,2,,Regex smuggled into a pattern.,test\n")
        fh.write("nc.heavy,tyrant state,name_calling,nine,,Weight is not a number.,test\n")
    n_lines = len((lex / "labels.csv").read_text(encoding="utf-8").splitlines())
    assert main(["lexicon", "check", "--lexicons", str(lex)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"{lex / 'labels.csv'}:{n_lines - 1}:") for line in err), err
    assert any(line.startswith(f"{lex / 'labels.csv'}:{n_lines}:") and "weight" in line for line in err), err
    assert all("Traceback" not in line for line in err)


def test_bundled_lexicons_pass_check(capsys):
    assert main(["lexicon", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_lexicon_import_liwc_dic_cli(tmp_path, capsys):
    from pathlib import Path
    src = Path(__file__).parent / "data" / "lexicon" / "liwc2007_cp1252.dic"
    out = tmp_path / "imported.csv"
    # the fixture has LIWC2007 conditional codes and an undefined id: skipped, reported, exit 1
    assert main(["lexicon", "import", str(src), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:9: LIWC2007 conditional code skipped" in err
    assert f"{src}:11: undefined category id 9" in err
    assert "na\u00efve" in out.read_text(encoding="utf-8")  # windows-1252 decoded
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,pattern,category,weight,neutral_alternative,rationale,source"
    assert len(out.read_text(encoding="utf-8").splitlines()) > 2


def test_lexicon_export_dic_cli(tmp_path):
    out = tmp_path / "framing.dic"
    assert main(["lexicon", "export", "--format", "dic", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("%") and "holy war" in text


# ------------------------------------------------------------------ one spelling, real sub-commands


def _all_parsers(parser=None, name="framing"):
    """Yield ``(command path, parser)`` for the top-level parser and every (sub-)sub-command."""
    import argparse
    parser = parser or build_parser()
    yield name, parser
    for action in parser._actions:  # noqa: SLF001 (argparse has no public API)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub, p in action.choices.items():
                yield from _all_parsers(p, f"{name} {sub}")


def test_every_lexicon_option_is_spelled_lexicons():
    import argparse
    seen = []
    for name, parser in _all_parsers():
        for action in parser._actions:  # noqa: SLF001
            if "--lexicon" in action.option_strings:  # the old spelling: a hidden alias only
                assert action.dest == "lexicons" and action.help == argparse.SUPPRESS, name
            if "--lexicons" in action.option_strings:
                seen.append(name)
                assert action.dest == "lexicons"
    # every command reading a lexicon folder, distinctive (which had --lexicon) included
    assert {"framing distinctive", "framing score", "framing spans", "framing lexicon check"} <= set(seen)


def test_distinctive_old_lexicon_spelling_still_works(tmp_path, capsys):
    import shutil
    from framing.core.config import lexicons_dir
    small = tmp_path / "lex"
    small.mkdir()
    for name in ("categories.csv", "attribution.csv"):  # no loaded-language entries at all
        shutil.copy(lexicons_dir() / name, small / name)
    runs = {}
    for flag in ("--lexicons", "--lexicon", None):
        argv = ["distinctive", "--format", "json"] + ([flag, str(small)] if flag else [])
        assert main(argv) == 0
        runs[flag] = json.loads(capsys.readouterr().out)
    assert runs["--lexicon"] == runs["--lexicons"]
    covered = {flag: {r["term"] for r in rows if r["in_lexicon"]} for flag, rows in runs.items()}
    # the folder given is the one used: the bundled lexicon covers terms the small one does not
    assert covered["--lexicons"] < covered[None]
    with pytest.raises(SystemExit):
        main(["distinctive", "--help"])
    out = capsys.readouterr().out
    assert "--lexicons DIR" in out and "--lexicon " not in out


def test_claims_discover_is_a_sub_command_with_its_own_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["claims", "discover", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: framing claims discover") and "--n N" in out and "--seed S" in out
    assert "--threshold" not in out and "--claim " not in out  # assignment options are not discovery's
    with pytest.raises(SystemExit) as exc:
        main(["claims", "discover", "--threshold", "0.2"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --threshold" in capsys.readouterr().err


def test_claims_without_a_sub_command_assigns(tmp_path, monkeypatch, capsys):
    from framing.present.cli import default_subcommands
    assert default_subcommands(["claims", "news/", "--claim", "x"]) == ["claims", "assign", "news/", "--claim", "x"]
    assert default_subcommands(["claims", "discover", "news/"]) == ["claims", "discover", "news/"]
    assert default_subcommands(["claims", "--help"]) == ["claims", "--help"]
    assert default_subcommands(["distinctive", "discover"]) == ["distinctive", "discover"]
    assert main(["claims", "--claim", "nk_troops", "--format", "jsonl"]) == 0
    bare = capsys.readouterr().out
    assert main(["claims", "assign", "--claim", "nk_troops", "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == bare and "nk_troops" in bare
    # the word is only a sub-command in first place: a folder named discover is ./discover
    folder = tmp_path / "discover"
    folder.mkdir()
    (folder / "a.txt").write_text("North Korean troops were deployed to Kursk, officials said. "
                                  "Pyongyang sent thousands of soldiers to fight for Russia.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["claims", "./discover", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["doc_id"] for r in rows} == {"a"}
