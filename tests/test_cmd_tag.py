"""``newsreader tag`` / ``untag``: by path or id, batched from stdin, checked on disk."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.store import Store
from tui import cmd_tag, cmd_untag

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text('Budget talks resume\n\nThe minister said "we will act now" on Monday.\n', encoding="utf-8")
    return p


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "db.json"


def tags_on_disk(db: Path) -> dict[str, list[str]]:
    data = json.loads(db.read_text(encoding="utf-8"))
    return {d["id"]: d["tags"] for d in data["articles"].values()}


def test_tag_by_path_records_id_source_and_title(article, db, capsys):
    assert cmd_tag.main(["--db", str(db), str(article), "climate", "big story"]) == 0
    aid = load_article(article).id
    assert tags_on_disk(db) == {aid: ["climate", "big story"]}
    doc = Store(db).article(aid)
    assert doc["sources"] == [str(article.resolve())] and doc["title"] == "Budget talks resume"
    out = capsys.readouterr().out
    assert "+climate +big story" in out and aid in out


def test_tag_is_idempotent_and_untag_reports_missing_tags(article, db, capsys):
    cmd_tag.main(["--db", str(db), str(article), "a"])
    assert cmd_tag.main(["--db", str(db), str(article), "a"]) == 0
    assert "already tagged" in capsys.readouterr().out
    aid = load_article(article).id
    assert cmd_untag.main(["--db", str(db), aid, "a", "b"]) == 0  # by id this time
    captured = capsys.readouterr()
    assert "-a" in captured.out and "did not have 'b'" in captured.err
    assert tags_on_disk(db) == {aid: []}


def test_tag_by_id_without_a_file(db):
    assert cmd_tag.main(["--db", str(db), "-q", "0123456789abcdef", "x"]) == 0
    assert tags_on_disk(db) == {"0123456789abcdef": ["x"]}


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (["no-such-file-or-id", "x"], 2, "no such file, and not an article id"),
        (["{article}", ""], 2, "a tag cannot be empty"),
        (["{article}", "bad\x1btag"], 2, "control characters"),
        (["{article}"], 2, "required"),
        ([], 2, "required"),
    ],
)
def test_usage_errors_are_one_line_with_status_2(article, db, capsys, argv, code, message):
    argv = [a.replace("{article}", str(article)) for a in argv]
    assert cmd_tag.main(["--db", str(db), *argv]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not db.exists()


def test_unreadable_article_file_is_a_runtime_error(tmp_path, db, capsys):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert cmd_tag.main(["--db", str(db), str(binary), "x"]) == 1
    err = capsys.readouterr().err
    assert "binary" in err


def test_batch_from_stdin_is_one_save(article, tmp_path, db, monkeypatch, capsys):
    other = tmp_path / "other.txt"
    other.write_text("Another story entirely\n\nWith text.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{article}\n\n{other}\nfedcba9876543210\n"))
    assert cmd_tag.main(["--db", str(db), "-", "batch"]) == 0
    tags = tags_on_disk(db)
    assert len(tags) == 3 and all(v == ["batch"] for v in tags.values())
    store = Store(db)
    assert store.undo_description is None  # a new process has no undo history


def test_read_only_file_is_an_error_and_untouched(db, article, capsys):
    raw = json.dumps({"meta": {"1": {"schema": "newsreader-store", "schema_version": 999}}}).encode()
    db.write_bytes(raw)
    assert cmd_tag.main(["--db", str(db), str(article), "x"]) == 1
    assert "newer newsreader" in capsys.readouterr().err
    assert db.read_bytes() == raw


def test_full_disk_is_a_clear_error(db, article, monkeypatch, capsys):
    import errno

    import annotations.storage as storage_mod

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_mod.os, "writev", full)
    assert cmd_tag.main(["--db", str(db), str(article), "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsreader tag: not saved: the disk is full") and err.count("\n") == 1


def test_console_script_dispatch_uses_newsreader_db(article, tmp_path):
    db = tmp_path / "env-db.json"
    env = {"NEWSREADER_DB": str(db), "PATH": "/usr/bin:/bin"}
    code = "import sys; from tui.cli import main; main(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", code, "tag", str(article), "from-env"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert list(tags_on_disk(db).values()) == [["from-env"]]
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, tui.cli, tui.cmd_tag; print('textual' in sys.modules)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.stdout.strip() == "False"


def test_a_folder_tags_every_article_in_it(tmp_path, db, capsys):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First story\n\nBody one.\n", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("Second story\n\nBody two.\n", encoding="utf-8")
    (folder / "copy.txt").write_text("First story\n\nBody one.\n", encoding="utf-8")  # same text, same article
    (folder / "empty.txt").write_text("", encoding="utf-8")
    assert cmd_tag.main(["--db", str(db), str(folder), "election"]) == 0
    assert sorted(tags_on_disk(db).values()) == [["election"], ["election"]]
    assert "empty.txt: empty file" in capsys.readouterr().err
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert cmd_tag.main(["--db", str(db), str(empty), "x"]) == 1
