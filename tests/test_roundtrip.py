"""Round trip: export -> import into an empty file -> export gives the same document
(apart from the export time), for each format that can carry everything: json and w3c."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations import export, importer
from annotations.articles import load_article
from annotations.store import Store
from test_export_store import annotated_store

ROUND_TRIP_FORMATS = ("json", "w3c")
REPO = Path(__file__).resolve().parent.parent


def normalised(path: Path, fmt: str) -> dict:
    """The exported document without what changes from one export to the next."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if fmt == "json":
        doc.pop("exported_at")
    else:
        doc.pop("generated")
        doc.pop("id")
        doc["first"].pop("id")
    return doc


def round_trip(src: Store, tmp_path: Path, fmt: str) -> tuple[dict, dict, importer.ImportReport]:
    first = tmp_path / f"first.{fmt}.json"
    export.export_to_file(src, first, fmt)
    db = tmp_path / f"empty-{fmt}.json"
    with Store(db, fsync=False) as fresh:
        report = importer.import_file(fresh, first)
        second = tmp_path / f"second.{fmt}.json"
        export.export_to_file(fresh, second, fmt)
    return normalised(first, fmt), normalised(second, fmt), report


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_round_trip_gives_the_same_document(fmt, tmp_path, seed_dir):
    store, _ = annotated_store(tmp_path / "src.json", seed_dir)
    with store:
        first, second, report = round_trip(store, tmp_path, fmt)
    assert report.changed and not report.unanchored and not report.conflicts
    assert first == second


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_round_trip_with_missing_and_changed_sources(fmt, tmp_path, seed_dir):
    store, arts = annotated_store(tmp_path / "src.json", seed_dir)
    # One source is gone, one has changed under its annotations (orphans).
    os.unlink(arts[1].path)
    arts[0].path.write_text(arts[0].path.read_text(encoding="utf-8")[200:], encoding="utf-8")
    with store:
        first, second, report = round_trip(store, tmp_path, fmt)
    assert first == second
    records = first["articles"] if fmt == "json" else importer.records_from_w3c(first)
    statuses = {r["id"]: r["source_status"] for r in records}
    assert statuses[arts[1].id] == "missing" and statuses[arts[0].id] == "changed"
    assert any(q["orphan"] for r in records for q in r["quotes"] + r["spans"])


def test_json_and_w3c_carry_the_same_records(tmp_path, seed_dir):
    store, _ = annotated_store(tmp_path / "src.json", seed_dir)
    with store:
        export.export_to_file(store, tmp_path / "a.json", "json")
        export.export_to_file(store, tmp_path / "a.w3c", "w3c")
    as_json = importer.read_export(tmp_path / "a.json").records
    as_w3c = importer.read_export(tmp_path / "a.w3c").records
    assert as_json == as_w3c


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip())
notes = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=80))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tags=st.lists(names, max_size=4), note=notes, speaker=st.one_of(st.none(), names), span_note=notes, fmt=st.sampled_from(ROUND_TRIP_FORMATS))
def test_round_trip_any_text(tmp_path_factory, seed_dir, tags, note, speaker, span_note, fmt):
    tmp = tmp_path_factory.mktemp("rt")
    art = load_article(sorted(seed_dir.glob("*.txt"))[3])
    with Store(tmp / "src.json", fsync=False) as s:
        s.remember_article(art.id, source=str(art.path), title=art.title)
        if tags:
            s.tag_article(art.id, tags)
        s.set_article_note(art.id, note)
        s.add_quote(art.id, art.text, 10, 50, speaker=speaker, tags=tags, note=note)
        s.add_span(art.id, art.text, 60, 61, tags=tags, note=span_note)
        first, second, _ = round_trip(s, tmp, fmt)
    assert first == second


# --------------------------------------------------------------------------- the commands


def run(*args: str, env: dict, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, env=env, cwd=REPO, input=stdin, timeout=120)


def test_commands_round_trip_and_report(tmp_path, seed_dir):
    store, _ = annotated_store(tmp_path / "src.json", seed_dir)
    store.close()
    env = dict(os.environ, NEWSREADER_DB=str(tmp_path / "default.json"))
    out = run("export", "--db", str(tmp_path / "src.json"), env=env)
    assert out.returncode == 0, out.stderr
    assert out.stderr == b""  # not a terminal: no progress, no summary
    doc = json.loads(out.stdout)
    assert len(doc["articles"]) == 3
    (tmp_path / "e.json").write_bytes(out.stdout)
    imp = run("import", str(tmp_path / "e.json"), env=env)  # into $NEWSREADER_DB
    assert imp.returncode == 0, imp.stderr
    assert b"added:" in imp.stdout and b"3 new articles" in imp.stdout
    again = run("import", str(tmp_path / "e.json"), env=env)
    assert again.returncode == 0 and b"nothing new" in again.stdout
    back = run("export", env=env)
    second = json.loads(back.stdout)
    doc.pop("exported_at"), second.pop("exported_at")
    assert doc == second
    w3c = run("export", "--format", "w3c", "-o", str(tmp_path / "w.jsonld"), env=env)
    assert w3c.returncode == 0 and b"Exported 3 articles" in w3c.stderr
    stdin = run("import", "-", "--db", str(tmp_path / "third.json"), env=env, stdin=(tmp_path / "w.jsonld").read_bytes())
    assert stdin.returncode == 0 and b"3 new articles" in stdin.stdout
