"""Reading configuration from the environment, with ``*_FILE`` variants for secrets.

A secret ``X`` is taken from the file named by ``X_FILE`` when that is set (Docker and
systemd credentials), else from ``X`` itself. Nothing here is read at import time of
application modules: only the settings modules call these helpers.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE in the environment.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value == "" else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded default keeps its SQLite files and demo accounts."""
    path = Path(os.environ.get("POORTWACHTER_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
