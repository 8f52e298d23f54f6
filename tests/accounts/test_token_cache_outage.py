"""Redis down: token authentication falls back to the database, and revocation holds after.

Runs its own redis-server (REDIS_OUTAGE_PORT, default 6150) in a temporary directory, saving
to disk on shutdown, so that an entry cached before the outage is still there when it returns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

from accounts import tokens
from accounts.models import AuthToken, User
from accounts.token_stores import RedisStore
from tests.accounts.helpers import registrar

SECURE = "/api/secure/"
PORT = int(os.environ.get("REDIS_OUTAGE_PORT", "6150"))

pytestmark = pytest.mark.django_db


class RedisServer:
    """A redis-server of the test's own, stopped (saving its data) and started again at will."""

    def __init__(self, directory: str) -> None:
        self.directory, self.process = directory, None
        self.client = redis.Redis(port=PORT, socket_timeout=1, retry=Retry(NoBackoff(), 0))

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                *("redis-server", "--port", str(PORT), "--bind", "127.0.0.1"),
                *("--dir", self.directory, "--dbfilename", "outage.rdb"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {PORT}")

    def restart(self) -> None:
        self.start()
        RedisStore.down_until = 0.0  # as a second later: the store skips Redis a second on error

    def stop(self) -> None:
        with contextlib.suppress(redis.ConnectionError):  # it closes the connection as it goes
            self.client.shutdown(save=True)
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required in CI")
        pytest.skip("redis-server is not installed")
    with tempfile.TemporaryDirectory(prefix="registrar-redis-") as directory:
        server = RedisServer(directory)
        server.start()
        RedisStore.unforgotten.clear()
        RedisStore.down_until = 0.0
        url = f"redis://127.0.0.1:{PORT}/0"
        try:
            with registrar(TOKEN_STORE="redis", TOKEN_CACHE_URL=url, TOKEN_CACHE_SECONDS=10):
                yield server
        finally:
            if server.process.poll() is None:
                server.process.terminate()
                server.process.wait(timeout=10)
            RedisStore.unforgotten.clear()


def _key(token: str) -> str:
    return settings.REGISTRAR["TOKEN_CACHE_PREFIX"] + tokens.digest(token)


def test_with_redis_down_a_token_request_falls_back_to_the_database(
    own_redis, auth_client, user, caplog
):
    own_redis.stop()

    assert auth_client.get(SECURE).status_code == 200
    assert "Token cache unreachable" in caplog.text
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert auth_client.get(SECURE).status_code == 401


def test_a_logout_during_the_outage_holds_once_redis_returns_with_the_old_entry(
    own_redis, auth_client, token, django_capture_on_commit_callbacks
):
    assert auth_client.get(SECURE).status_code == 200
    cached = own_redis.client.get(_key(token))
    assert cached is not None
    own_redis.stop()

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post("/api/auth/logout/").status_code == 204
    assert auth_client.get(SECURE).status_code == 401

    own_redis.restart()
    assert own_redis.client.get(_key(token)) == cached  # the stale entry came back with it
    assert auth_client.get(SECURE).status_code == 401
    assert own_redis.client.get(_key(token)) == RedisStore.BYPASS


def test_once_redis_returns_revocation_is_immediate_again(
    own_redis, auth_client, user, django_capture_on_commit_callbacks
):
    own_redis.stop()
    assert auth_client.get(SECURE).status_code == 200
    own_redis.restart()
    assert auth_client.get(SECURE).status_code == 200  # cached again

    with django_capture_on_commit_callbacks(execute=True):
        AuthToken.objects.filter(user=user).delete()

    assert auth_client.get(SECURE).status_code == 401
