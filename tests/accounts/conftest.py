from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache import cache

from accounts.authentication import CachedBasicAuthentication
from accounts.token_stores import RedisStore
from tests.accounts.helpers import registrar

# CI and developers point the suite at their own Redis; db 1 keeps it off the app's db 0.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture(autouse=True)
def _forget_counters_and_credentials():
    # Throttle counters and remembered credentials outlive a test's transaction.
    cache.clear()
    CachedBasicAuthentication.remembered.clear()
    yield
    cache.clear()
    CachedBasicAuthentication.remembered.clear()


@pytest.fixture
def token_cache():
    """Look tokens up through the Redis cache, under a key prefix no other run shares."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    prefix = f"test-{uuid.uuid4().hex}:auth:token:"
    RedisStore.unforgotten.clear()
    RedisStore.down_until = 0.0
    with registrar(TOKEN_STORE="redis", TOKEN_CACHE_URL=TEST_REDIS_URL, TOKEN_CACHE_PREFIX=prefix):
        yield client
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["orm", "sql", "redis"])
def token_store(request):
    """Each token store in turn: the ORM reference, then every fast path behind its interface."""
    name = request.param
    if name == "redis":
        request.getfixturevalue("token_cache")
        yield name
        return
    with registrar(TOKEN_STORE=name):
        yield name
