"""The limiter against real servers: gunicorn processes sharing Redis, and a Redis that dies."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.db import connection
from django.test import override_settings

from tests.accounts.conftest import TEST_REDIS_URL
from tests.accounts.helpers import registrar
from tests.accounts.live import api_login, basic_get
from tests.concurrency import post_json_concurrently
from tests.factories import PASSWORD, UserFactory
from tests.servers import database_url, gunicorn
from tests.stack import port, redis_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    prefix = f"test-limits-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.mark.parametrize(("workers", "threads"), [(1, 4), (2, 4)])
def test_forty_simultaneous_wrong_logins_never_pass_a_limit_of_ten(shared_redis, workers, threads):
    user = UserFactory()
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": shared_redis,
        "THROTTLE_LOGIN_RATE": "10/min",
        "THROTTLE_ACCOUNT_HOURLY_RATE": "1000/hour",
        # The ten that pass the limiter queue for the one hashing slot; on a loaded machine
        # the default half-second wait would shed some as 503s, which is not under test here.
        "PASSWORD_HASH_WAIT_SECONDS": "60",
    }
    connection.close()  # the server's processes open their own

    with gunicorn(env=env, workers=workers, threads=threads) as base:
        statuses = post_json_concurrently(
            f"{base}/api/auth/login/", {"username": user.username, "password": "wrong"}, clients=40
        )

    assert sorted(set(statuses)) == [400, 429], statuses
    assert statuses.count(400) == 10


def limiter_cache(url: str):
    """The limiter's counters in the Redis at `url`; everything else as in the suite."""
    from django.conf import settings

    caches = {
        **settings.CACHES,
        "limits": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
    }
    return override_settings(CACHES=caches)


def login_limits(rate: str):
    from django.conf import settings

    rates = dict(settings.REGISTRAR["RATE_LIMITS"])
    rates["login"] = {"ip": [rate], "account": [rate]}
    return registrar(RATE_LIMITS=rates, RATE_LIMIT_CACHE="limits")


def test_when_redis_dies_the_limiter_counts_in_the_process_and_never_errs(live_server):
    user = UserFactory()

    with (
        redis_server(port("TEST_REDIS_SERVER_PORT", 6550)) as server,
        limiter_cache(server.url),
        login_limits("3/min"),
    ):
        counted = redis.Redis.from_url(server.url)
        before = [api_login(live_server.url, user.username, "wrong").status_code for _ in range(2)]
        keys_in_redis = len(list(counted.scan_iter(match="*rl:*")))
        server.stop()
        right = api_login(live_server.url, user.username, PASSWORD)
        after = [api_login(live_server.url, user.username, "wrong").status_code for _ in range(4)]
        basic = basic_get(live_server.url, user.username, "wrong")

    assert before == [400, 400]
    assert keys_in_redis > 0
    assert right.status_code == 200
    # Counting starts afresh in the process: fails open to local counting, not to no limit.
    assert after == [400, 400, 400, 429]
    assert basic.status_code == 429 and int(basic.headers["Retry-After"]) > 0
