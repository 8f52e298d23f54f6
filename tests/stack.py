"""The production stack for the fault and cluster suites, the served browser test and
bench_deploy: a PostgreSQL cluster, a redis-server and the
production entrypoint (deploy/serve), each on its own port in its own temporary directory.

Nothing here touches the machine's shared PostgreSQL or Redis. A missing binary skips the test,
except under CI=true, where it fails: CI must never pass by skipping.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def need(binary: str | None, what: str) -> str:
    """The binary's path; skips (fails under CI=true) when it is missing."""
    if binary and Path(binary).exists():
        return binary
    message = f"{what} is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}, and CI must not skip this test")
    pytest.skip(message)
    raise AssertionError  # unreachable: pytest.skip raises


def port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def wait_until(predicate: Any, *, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return need(found[-1] if found else shutil.which(name), f"PostgreSQL's {name}")


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as root, run its tools as the postgres user."""
    if os.geteuid() != 0:
        return command
    return [need(shutil.which("runuser"), "runuser"), "-u", "postgres", "--", *command]


def _give_to_postgres(directory: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres", group="postgres")


@dataclass
class Postgres:
    port: int
    directory: Path
    database: str = "registrar"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603
            _as_owner([_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "-w", *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.directory / "server.log"), "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")


@contextmanager
def postgres(port_number: int) -> Iterator[Postgres]:
    initdb = _pg_bin("initdb")
    directory = Path(tempfile.mkdtemp(prefix="registrar-pg-"))
    server = Postgres(port=port_number, directory=directory)
    try:
        _give_to_postgres(directory)
        subprocess.run(  # noqa: S603
            _as_owner(
                [
                    initdb,
                    "-D",
                    str(directory / "data"),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        server.start()
        import psycopg

        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{port_number}/postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{server.database}"')
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- Redis ----------------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = need(shutil.which("redis-server"), "redis-server")
        self.process = subprocess.Popen(  # noqa: S603
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, what="redis-server")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def redis_server(port_number: int) -> Iterator[Redis]:
    directory = Path(tempfile.mkdtemp(prefix="registrar-redis-"))
    server = Redis(port=port_number, directory=directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- The application ------------------------------------------------------------------------


def serve_path() -> str:
    """PATH with the runtime-only venv of `make serve` first, or the development one."""
    for venv in (ROOT / ".venv-serve", ROOT / ".venv"):
        if (venv / "bin" / "gunicorn").exists():
            return f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return os.environ.get("PATH", "")


def production_env(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env |= {
        "PATH": serve_path(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "PYTHONUNBUFFERED": "1",
    }
    return env | extra


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [shutil.which("python", path=env["PATH"]) or "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@dataclass
class App:
    """One deploy/serve process (a gunicorn master and its workers) on its own port."""

    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = self.env | {"HOST": "127.0.0.1", "PORT": str(self.port)} | self.extra
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [str(ROOT / "deploy" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        wait_until(self._healthy, timeout=90, what=f"the app on port {self.port}")

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the app exited: {self.log.read_text()[-3000:]}")
        try:
            return request("GET", f"{self.url}/healthz", timeout=1).status == 200
        except OSError:
            return False

    def worker_pids(self) -> set[int]:
        assert self.process is not None
        out = subprocess.run(  # noqa: S603
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return {int(pid) for pid in out.split()}

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def is_json(self) -> bool:
        try:
            self.json()
        except ValueError:
            return False
        return self.headers.get("content-type", "").startswith("application/json")


def request(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One HTTP request, with no retries; every status comes back as an Answer."""
    headers = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def register(base: str, username: str, password: str) -> str:
    answer = request(
        "POST", f"{base}/api/auth/register/", json_body={"username": username, "password": password}
    )
    assert answer.status == 201, answer.body
    return answer.json()["token"]
