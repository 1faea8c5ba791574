"""``newsreader export`` and ``newsreader import`` called as the command line calls them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import export
from annotations.articles import article_id
from annotations.store import Store
from test_export_store import annotated_store
from tui import cmd_export, cmd_import


@pytest.fixture
def db(tmp_path, seed_dir) -> Path:
    store, _ = annotated_store(tmp_path / "db.json", seed_dir)
    store.close()
    return tmp_path / "db.json"


def test_default_is_json_to_stdout(db, capsysbinary):
    assert cmd_export.main(["--db", str(db)]) == 0
    out, err = capsysbinary.readouterr()
    doc = json.loads(out.decode("utf-8"))
    assert doc["schema"] == "newsreader-annotations" and len(doc["articles"]) == 3
    assert err == b""  # stderr is not a terminal here: no progress, no summary


def test_default_db_comes_from_the_environment(db, monkeypatch, capsysbinary):
    monkeypatch.setenv("NEWSREADER_DB", str(db))
    assert cmd_export.main(["--format", "jsonl"]) == 0
    assert len(capsysbinary.readouterr().out.splitlines()) == 3


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_output_file_and_summary(db, tmp_path, fmt, capsys):
    out = tmp_path / f"x.{fmt}"
    assert cmd_export.main(["--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    assert "Exported 3 articles" in capsys.readouterr().err
    assert out.stat().st_size > 100


def test_csv_to_stdout_is_utf8_with_bom(db, capsysbinary):
    assert cmd_export.main(["--db", str(db), "-f", "csv", "--tag", "economy"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and {r["article_tags"] for r in rows} == {"economy"}


def test_annotated_only(db, capsysbinary):
    assert cmd_export.main(["--db", str(db), "--annotated-only"]) == 0
    doc = json.loads(capsysbinary.readouterr().out)
    assert doc["filter"]["annotated_only"] is True
    for rec in doc["articles"]:
        for q in rec["quotes"]:
            assert q["origin"] == "user" or q["status"] != "unreviewed" or q["speaker_correction"] or q["tags"] or q["note"]
        assert rec["review"] != "reviewed"
    assert sum(len(r["quotes"]) for r in doc["articles"]) == 5


def test_errors_are_one_line_and_exit_codes(db, tmp_path, capsys):
    assert cmd_export.main(["--db", str(db), "--article", "nothing-like-this"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("newsreader export: ")
    assert cmd_export.main(["--db", str(db), "-o", str(tmp_path / "missing" / "x.json")]) == 1
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        cmd_export.main(["--format", "xml"])
    assert usage.value.code == 2
    capsys.readouterr()
    assert cmd_export.main(["--db", str(tmp_path)]) == 1  # a folder is not an annotation file
    assert capsys.readouterr().err.startswith("newsreader export: ")


def test_missing_db_exports_nothing_with_a_warning(tmp_path, capsysbinary):
    assert cmd_export.main(["--db", str(tmp_path / "none.json")]) == 0
    out, err = capsysbinary.readouterr()
    assert json.loads(out)["articles"] == []
    assert b"no annotation file" in err
    assert not (tmp_path / "none.json").exists()


def test_import_command_reports_and_refuses(db, tmp_path, capsys):
    export_path = tmp_path / "e.json"
    assert cmd_export.main(["--db", str(db), "-o", str(export_path)]) == 0
    capsys.readouterr()
    target = tmp_path / "t.json"
    assert cmd_import.main([str(export_path), "--db", str(target)]) == 0
    out = capsys.readouterr().out
    assert "added: 3 new articles" in out
    assert cmd_import.main([str(export_path), "--db", str(target)]) == 0
    assert "nothing new" in capsys.readouterr().out
    before = target.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "newsreader-annotations", "schema_version": 7, "articles": []}', encoding="utf-8")
    assert cmd_import.main([str(bad), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer newsreader" in err and "nothing was imported" in err
    assert target.read_bytes() == before
    with pytest.raises(SystemExit) as usage:
        cmd_import.main([])
    assert usage.value.code == 2


def test_import_of_a_bad_file_never_creates_the_db(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    assert cmd_import.main([str(bad), "--db", str(tmp_path / "new.json")]) == 1
    assert not (tmp_path / "new.json").exists()


def test_commands_do_not_import_textual():
    code = (
        "import sys\n"
        "from tui import cmd_export, cmd_import\n"
        "import annotations.export, annotations.importer\n"
        "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent).returncode == 0


def test_exported_schema_is_shipped_with_the_package():
    path = Path(export.__file__).with_name("schema") / "export.schema.json"
    assert path.is_file() and export.load_schema()["properties"]["schema"]["const"] == export.SCHEMA_NAME


@given(st.text(max_size=300))
def test_fast_content_hash_matches_the_article_id(text):
    from annotations.text import sanitise

    clean = sanitise(text)
    assert export.content_hash(clean)[7:23] == article_id(clean)


def test_empty_store_file_exports_cleanly(tmp_path, capsysbinary):
    Store(tmp_path / "e.json", fsync=False).close()
    assert cmd_export.main(["--db", str(tmp_path / "e.json"), "-f", "w3c"]) == 0
    doc = json.loads(capsysbinary.readouterr().out)
    assert doc["total"] == 0 and doc["first"]["items"] == []


def test_terminal_progress_rewrites_one_line():
    buf = io.StringIO()
    progress = cmd_export.TerminalProgress(buf)
    for done in range(1, 1001):
        progress(done, 1000)
    progress.close()
    text = buf.getvalue()
    assert "Exporting 1,000/1,000 articles" in text  # the last step is always shown
    assert text.count("\r") < 50  # throttled, not one line per article
    assert "\n" not in text and text.endswith("\r\x1b[K")


def test_w3c_annotation_ids_are_stable(db):
    with Store(db, readonly=True) as s:
        a = io.StringIO()
        b = io.StringIO()
        export.export_to_stream(s, a, "w3c", exported_at="T")
        export.export_to_stream(s, b, "w3c", exported_at="T")
    assert a.getvalue() == b.getvalue()
    ids = [ann["id"] for ann in json.loads(a.getvalue())["first"]["items"]]
    assert len(ids) == len(set(ids))


def test_jobs_option(db, capsysbinary):
    docs = []
    for jobs in ("1", "2"):
        assert cmd_export.main(["--db", str(db), "--jobs", jobs]) == 0
        doc = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
        doc.pop("exported_at")
        docs.append(doc)
    assert docs[0] == docs[1] and len(docs[0]["articles"]) == 3
    for bad in ("0", "two"):
        with pytest.raises(SystemExit) as usage:
            cmd_export.main(["--db", str(db), "-j", bad])
        assert usage.value.code == 2


def test_import_of_a_path_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    from tui import cmd_import

    assert cmd_import.main([str(tmp_path / "missing.json"), "--db", str(tmp_path / "db.json")]) == 2
    assert capsys.readouterr().err.strip() == f"newsreader import: no such file: {tmp_path / 'missing.json'}"
    assert not (tmp_path / "db.json").exists()
