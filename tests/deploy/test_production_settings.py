"""The production settings start only when safe, and pass Django's deploy check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str | None) -> dict[str, str]:
    """The README's documented production environment, with overrides (None removes one)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY", "SECURE_SSL_REDIRECT"}
        and not key.startswith(("SECURE_", "TRUSTED_PROXY"))
    }
    env |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "registrar.example.org",
        "DATABASE_URL": "postgres://registrar@db.example.org:5432/registrar",
        "REDIS_URL": "redis://cache.example.org:6379/0",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_deploy_check_passes_at_warning_level_under_the_documented_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is missing or empty"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is missing or empty"),
        ({"DJANGO_SECRET_KEY": "short-but-not-empty"}, "DJANGO_SECRET_KEY is too short"),
        ({"DJANGO_SECRET_KEY": "a" * 60}, "DJANGO_SECRET_KEY is too short or too plain"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is unset"),
        ({"ALLOWED_HOSTS": " "}, "ALLOWED_HOSTS is unset"),
        ({"REDIS_URL": None, "WEB_CONCURRENCY": "3"}, "REDIS_URL is unset while WEB_CONCURRENCY=3"),
    ],
)
def test_production_refuses_to_start_naming_the_variable(overrides, named):
    result = run(["manage.py", "check"], production_env(**overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_one_process_may_serve_without_redis():
    result = run(["manage.py", "check"], production_env(REDIS_URL=None, WEB_CONCURRENCY="1"))

    assert result.returncode == 0, result.stderr


PROBE = (
    "import json, config.wsgi as w; from django.conf import settings as s; "
    "print(json.dumps([s.SETTINGS_MODULE, s.DEBUG, s.SECURE_SSL_REDIRECT, "
    "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS, "
    "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
)


def test_the_wsgi_entry_point_loads_the_production_settings_by_default():
    result = run(["-c", PROBE], production_env(DJANGO_SETTINGS_MODULE=None))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["config.settings.production", false, true, "__Host-sessionid", "__Host-csrftoken", '
        "31536000, null]"
    )


def test_the_wsgi_entry_point_without_a_secret_refuses_rather_than_runs_with_debug():
    result = run(["-c", PROBE], production_env(DJANGO_SETTINGS_MODULE=None, DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr


def test_the_asgi_entry_point_loads_the_production_settings_by_default():
    probe = "import config.asgi; from django.conf import settings as s; print(s.SETTINGS_MODULE)"
    result = run(["-c", probe], production_env(DJANGO_SETTINGS_MODULE=None))

    assert result.stdout.strip() == "config.settings.production", result.stderr


def test_the_proxy_ssl_header_is_honoured_only_behind_trusted_proxies():
    env = production_env(DJANGO_SETTINGS_MODULE=None, TRUSTED_PROXY_COUNT="1")
    result = run(["-c", PROBE], env)

    assert result.stdout.strip().endswith('["HTTP_X_FORWARDED_PROTO", "https"]]'), result.stderr


def test_hsts_seconds_and_the_ssl_redirect_follow_the_environment():
    env = production_env(
        DJANGO_SETTINGS_MODULE=None, SECURE_HSTS_SECONDS="600", SECURE_SSL_REDIRECT="false"
    )
    result = run(["-c", PROBE], env)

    assert ", false, " in result.stdout and ", 600, " in result.stdout, result.stderr


GUNICORN = Path(sys.executable).parent / "gunicorn"


def gunicorn_start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`gunicorn config.wsgi` from the repository root, as a newcomer would type it."""
    port = os.environ.get("GUNICORN_TEST_PORT", "8491")
    return subprocess.run(  # noqa: S603
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gunicorn_without_settings_or_secret_refuses_to_serve():
    result = gunicorn_start(production_env(DJANGO_SETTINGS_MODULE=None, DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stdout + result.stderr


def test_gunicorn_with_several_workers_and_no_redis_refuses_to_serve():
    result = gunicorn_start(production_env(DJANGO_SETTINGS_MODULE=None, REDIS_URL=None))

    assert result.returncode != 0
    assert "REDIS_URL is unset while WEB_CONCURRENCY=2" in result.stdout + result.stderr
