"""The one place that reads the process environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

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


# Schemes of EMAIL_URL, as dj-email-url spells them: (backend, implicit TLS, STARTTLS).
_EMAIL_SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", False, True),
    "submission": ("django.core.mail.backends.smtp.EmailBackend", False, True),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", True, False),
    "smtp+ssl": ("django.core.mail.backends.smtp.EmailBackend", True, False),
    "console": ("django.core.mail.backends.console.EmailBackend", False, False),
    "locmem": ("django.core.mail.backends.locmem.EmailBackend", False, False),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", False, False),
    "file": ("django.core.mail.backends.filebased.EmailBackend", False, False),
}
_EMAIL_DEFAULT_PORTS = {
    "smtp": 25,
    "smtp+tls": 587,
    "submission": 587,
    "smtps": 465,
    "smtp+ssl": 465,
}


def email_config() -> dict[str, Any]:
    """Django's EMAIL_* settings: from EMAIL_URL when set, else from the individual variables.

    EMAIL_URL reads like `smtp://user:password@host:port`, `smtp+tls://…` (STARTTLS),
    `smtps://…` (implicit TLS), `console:`, `locmem:`, `dummy:` or `file:///a/directory`;
    `?timeout=10` sets the socket timeout. User and password are percent-decoded. Without it the
    console backend prints each message, which is what a laptop wants.
    """
    url = os.environ.get("EMAIL_URL", "").strip()
    if not url:
        return {
            "EMAIL_BACKEND": env_str(
                "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            ),
            "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": env_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
            "EMAIL_TIMEOUT": env_int("EMAIL_TIMEOUT", 10),
        }
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not one of {', '.join(sorted(_EMAIL_SCHEMES))}."
        )
    backend, use_ssl, use_tls = _EMAIL_SCHEMES[scheme]
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or _EMAIL_DEFAULT_PORTS.get(scheme, 25)
        timeout = int(query.get("timeout", "10"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"EMAIL_URL has a bad port or timeout: {exc}") from exc
    config = {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls or query.get("tls", "").lower() in {"1", "true", "yes"},
        "EMAIL_USE_SSL": use_ssl or query.get("ssl", "").lower() in {"1", "true", "yes"},
        "EMAIL_TIMEOUT": timeout,
    }
    if scheme == "file":
        config["EMAIL_FILE_PATH"] = unquote(parts.path)
    return config
