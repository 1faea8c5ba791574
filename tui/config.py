"""The user's TOML config: key remapping and options.

```toml
[keys]
"list.down" = "j,down,ctrl+n"   # binding id = comma-separated keys
"app.quit"  = "q,ctrl+q"

[ui]
theme = "textual-light"
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    """The config file exists but cannot be used; ``str(err)`` is a one-line reason."""


@dataclass(slots=True)
class Config:
    """Settings read from the config file (all optional)."""

    keys: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    path: Path | None = None


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file gives the defaults, a bad one raises :class:`ConfigError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err.strerror or err}") from None
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(raw.decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"config {path} is not valid TOML: {err}") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
        raise ConfigError(f'config {path}: [keys] must map binding ids to key strings, e.g. "app.quit" = "q"')
    ui = data.get("ui", {})
    theme = ui.get("theme") if isinstance(ui, dict) else None
    return Config(keys=dict(keys), theme=theme if isinstance(theme, str) else None, path=path)
