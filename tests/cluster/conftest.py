"""One cluster for the suite: `deploy/cluster start` (what `make cluster` runs) with its own
PostgreSQL and Redis, three instances behind nginx, stopped at the end.

Ports: CLUSTER_TEST_PORT (8460) for nginx, the next ports for the instances,
CLUSTER_TEST_PG_PORT (5451), CLUSTER_TEST_REDIS_PORT (6451).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.stack import ROOT, need, port, postgres, production_env, redis_server

THROTTLE_LOGIN_RATE = "5/min"


@dataclass
class Cluster:
    url: str
    instances: list[str]
    env: dict[str, str]
    media_root: Path


def _cluster_command(command: str, env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / "cluster"), command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@contextmanager
def started_cluster(
    *, nginx_port: int, size: int, database_url: str, redis_url: str, **extra: str
) -> Iterator[Cluster]:
    need(shutil.which("nginx") or "/usr/sbin/nginx", "nginx")
    directory = Path(tempfile.mkdtemp(prefix="registrar-cluster-"))
    env = production_env(database_url=database_url, redis_url=redis_url)
    del env["DJANGO_SECRET_KEY"]  # deploy/cluster makes one secret that every instance shares
    env |= {
        "CLUSTER_DIR": str(directory),
        "CLUSTER_PORT": str(nginx_port),
        "CLUSTER_BASE_PORT": str(nginx_port + 1),
        "CLUSTER_SIZE": str(size),
        "CLUSTER_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "MEDIA_ROOT": str(directory / "media"),
        "THROTTLE_LOGIN_RATE": THROTTLE_LOGIN_RATE,
        "THROTTLE_REGISTER_RATE": "1000/min",
        # Each process hashes one password at a time and sheds the rest with a 503 after half a
        # second (accounts/hashing.py); the suite tests what the instances share, so bursts of
        # registrations wait their turn instead.
        "PASSWORD_HASH_WAIT_SECONDS": "60",
    } | extra
    try:
        try:
            _cluster_command("start", env)
        except AssertionError:
            # Whatever did start is stopped; the start's own error is the one reported.
            subprocess.run([str(ROOT / "deploy" / "cluster"), "stop"], env=env, check=False)  # noqa: S603
            raise
        env["DJANGO_SECRET_KEY"] = (directory / "secret").read_text().strip()
        yield Cluster(
            url=f"http://127.0.0.1:{nginx_port}",
            instances=[f"http://127.0.0.1:{nginx_port + 1 + i}" for i in range(size)],
            env=env | {"DJANGO_SETTINGS_MODULE": "config.settings.production"},
            media_root=directory / "media",
        )
    finally:
        _cluster_command("stop", env)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with (
        postgres(port("CLUSTER_TEST_PG_PORT", 5451)) as db,
        redis_server(port("CLUSTER_TEST_REDIS_PORT", 6451)) as cache,
        started_cluster(
            nginx_port=port("CLUSTER_TEST_PORT", 8460),
            size=3,
            database_url=db.url,
            redis_url=cache.url,
        ) as running,
    ):
        yield running
