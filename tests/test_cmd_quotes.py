"""``newsreader quotes``: JSON lines, streaming --jsonl, the table, and errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui import cmd_quotes

ARTICLE = 'Mayor Petra Hale opened the bridge.\n"It took ten years," Hale said.\nHale said the toll would be dropped.\n'


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cmd_quotes.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_paths_give_one_json_line_per_article(tmp_path, capsys):
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "ignored.json").write_text("{}", encoding="utf-8")
    code, out, err = run([str(tmp_path)], capsys)
    assert code == 0, err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [d["id"] for d in lines] == ["b", "a"]  # sorted paths: b.txt < sub/a.md
    record = lines[0]
    assert set(record) == {"id", "quotes", "people"}
    q = next(q for q in record["quotes"] if q["kind"] == "direct")
    assert q["text"] == "It took ten years,"
    assert q["speaker"] == "Petra Hale"
    assert ARTICLE[q["start"] : q["end"]] == q["text"]
    assert {"start", "end", "text", "speaker", "kind", "cue", "confidence"} <= set(q)
    assert record["people"][0]["name"] == "Petra Hale"


def test_seed_files_use_boilerplate_as_skip(seed_dir, capsys):
    code, out, _ = run(sorted(str(p) for p in seed_dir.glob("*.txt")), capsys)
    assert code == 0
    records = [json.loads(x) for x in out.splitlines()]
    assert len(records) == 5
    # no quote may come from a shouted link headline (boilerplate)
    for r in records:
        for q in r["quotes"]:
            assert q["text"] != q["text"].upper() or not any(c.isalpha() for c in q["text"])


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    code, out, err = run([str(tmp_path / "nope.txt")], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "nope.txt" in err


def test_no_arguments_is_a_usage_error(capsys):
    code, _, err = run([], capsys)
    assert code == 2 and err.strip()


def test_unloadable_file_is_reported_and_others_go_on(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary\x00")
    code, out, err = run([str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")], capsys)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["good"]
    assert "bad.txt" in err


def test_jsonl_stdin_streams_and_reports_bad_lines(capsys, monkeypatch):
    stdin = "\n".join(
        [
            json.dumps({"id": "one", "text": ARTICLE}),
            "{not json",
            json.dumps({"id": "two"}),
            "",
            json.dumps({"id": "three", "text": "Nothing quoted here."}),
        ]
    )
    code, out, err = run(["--jsonl", "-"], capsys, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["one", "three"]
    errors = err.strip().splitlines()
    assert len(errors) == 2
    assert "line 2" in errors[0] and "line 3" in errors[1]


def test_jsonl_offsets_refer_to_the_text_as_given(capsys, monkeypatch):
    text = 'Intro.\r\n"Yes," said Jane Roe.'
    code, out, _ = run(["--jsonl", "-"], capsys, stdin=json.dumps({"id": 7, "text": text}), monkeypatch=monkeypatch)
    assert code == 0
    q = json.loads(out)["quotes"][0]
    assert text[q["start"] : q["end"]] == q["text"] == "Yes,"


def test_jsonl_file_argument(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n", encoding="utf-8")
    code, out, _ = run(["--jsonl", str(src)], capsys)
    assert code == 0 and json.loads(out)["id"] == "x"
    code, _, err = run(["--jsonl", str(tmp_path / "missing.jsonl")], capsys)
    assert code == 2 and "missing.jsonl" in err


def test_table_renders_markup_as_plain_text(tmp_path, capsys):
    (tmp_path / "m.txt").write_text('"[bold]x[/] [@click=app.quit]go[/]," said Jane Roe.\n', encoding="utf-8")
    code, out, _ = run(["--format", "table", str(tmp_path / "m.txt")], capsys)
    assert code == 0
    assert "[bold]x[/]" in out and "[@click=app.quit]" in out
    assert "Jane Roe" in out
    assert "m: 1 quote, 1 person" in out  # counts in the title, singular when one


@pytest.mark.parametrize("argv", [["--format", "xml", "a"], ["--bogus"]])
def test_bad_options_exit_2(argv, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_command_does_not_import_textual():
    code = "import sys, tui.cmd_quotes; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent).returncode == 0


def test_table_format_never_writes_control_sequences(capsys, monkeypatch):
    import io

    from tui import cmd_quotes

    line = '{"id": "x\\u001b]52;c;aGk=\\u0007", "text": "\\"Hello \\u001b[2J there,\\" said Ana Ruiz."}\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(line))
    assert cmd_quotes.main(["--jsonl", "-", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Hello" in out
