"""The container files: CI cannot build the image, so it checks what it can read."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_yaml_parses_and_names_postgres_redis_the_app_and_nginx():
    services = compose()["services"]

    assert {"postgres", "redis", "app", "nginx"} <= set(services)


def test_the_app_runs_several_replicas_behind_nginx_sharing_one_database_and_redis():
    services = compose()["services"]
    app = services["app"]

    assert app["deploy"]["replicas"] > 1
    assert app["environment"]["DATABASE_URL"].startswith("postgres://registrar:")
    assert "@postgres:5432/" in app["environment"]["DATABASE_URL"]
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert app["environment"]["MIGRATE"] == "0"
    assert "app" in services["nginx"]["depends_on"]
    nginx_conf = (ROOT / "deploy" / "nginx" / "compose.conf").read_text()
    assert "http://app:8000" in nginx_conf


def test_the_image_runs_as_a_non_root_user_with_the_make_serve_entrypoint():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert dockerfile.count("\nFROM ") >= 1 and dockerfile.count("FROM ") == 2
    assert "\nUSER registrar\n" in dockerfile
    assert 'ENTRYPOINT ["deploy/serve"]' in dockerfile
    assert "collectstatic" in dockerfile
    assert "[dev]" not in dockerfile
