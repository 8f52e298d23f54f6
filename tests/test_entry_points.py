"""The entry points production uses load, each in a fresh process, under the production settings.

A fresh process because settings are read once per process; coverage follows the child
(`patch = ["subprocess"]` in pyproject.toml), so these modules count in the coverage figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.DEBUG, callable(application))"
)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="entry-point-test-" + "x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        ALLOWED_HOSTS="registrar.example",
        CSRF_TRUSTED_ORIGINS="https://registrar.example",
    )
    env.update(overrides)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_server_entry_points_load_the_production_settings(tmp_path, module):
    result = run_python(
        f"from {module} import application; {SHOW_SETTINGS}", production_env(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False", "True"]


def test_the_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = run_python("from config.wsgi import application", env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_manage_py_falls_back_to_the_laptop_settings(tmp_path):
    env = production_env(tmp_path)
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY"):
        del env[name]

    result = run_python(
        "import sys; sys.argv = ['manage.py', 'diffsettings', '--output', 'unified']; "
        "import runpy; runpy.run_path('manage.py', run_name='__main__')",
        env,
    )

    assert result.returncode == 0, result.stderr
    assert "+ DEBUG = True" in result.stdout
