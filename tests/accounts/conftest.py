from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache import cache

from accounts.authentication import CachedBasicAuthentication
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
    """Turn the Redis token cache on, under a key prefix no other run shares."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    prefix = f"test-{uuid.uuid4().hex}:auth:token:"
    with registrar(TOKEN_CACHE_URL=TEST_REDIS_URL, TOKEN_CACHE_PREFIX=prefix):
        yield client
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
