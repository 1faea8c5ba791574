"""Shared fixtures: every test gets its own annotation file, config and cache, never the user's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path, monkeypatch):
    """Point NEWSREADER_DB, NEWSREADER_CONFIG and NEWSREADER_CACHE into the test's temp folder."""
    monkeypatch.setenv("NEWSREADER_DB", str(tmp_path / "user-db.json"))
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "user-config.toml"))
    monkeypatch.setenv("NEWSREADER_CACHE", str(tmp_path / "user-cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    """A private copy of the five seed articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
