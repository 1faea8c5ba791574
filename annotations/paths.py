"""Where newsreader keeps its files."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """The annotation file: ``$NEWSREADER_DB``, else the user data dir."""
    env = os.environ.get("NEWSREADER_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("newsreader") / "annotations.json"


def config_path() -> Path:
    """The TOML config (key map and options): ``$NEWSREADER_CONFIG``, else the user config dir."""
    env = os.environ.get("NEWSREADER_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("newsreader") / "config.toml"


def builtin_seeds() -> Path:
    """The built-in corpus: packaged as ``annotations/seeds`` in a wheel, ``seeds/`` in a checkout."""
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"
