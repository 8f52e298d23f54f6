"""The one place that reads the process environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(default_sqlite: Path) -> dict[str, Any]:
    """DATABASE_URL when set, else a SQLite file tuned for concurrent writers."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        parsed = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
        config: dict[str, Any] = {**parsed}
        config["CONN_HEALTH_CHECKS"] = True
        if env_bool("DATABASE_POOL") and config["ENGINE"] == "django.db.backends.postgresql":
            # psycopg's pool per process instead of one persistent connection per thread;
            # Django requires CONN_MAX_AGE 0 with it. docs/scaling.md compares the two.
            config["CONN_MAX_AGE"] = 0
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
                "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
            }
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock
        # when the transaction starts, so a busy writer waits (timeout) instead of
        # failing mid-transaction with "database is locked" (Django 5.1+).
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return config
