"""The production cache keeps working, per process, while Redis is unreachable."""

from __future__ import annotations

import os
import uuid

import pytest

from core.cache import FallbackRedisCache


def cache_at(url: str) -> FallbackRedisCache:
    return FallbackRedisCache(
        url,
        {
            "KEY_PREFIX": f"fallback-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    )


def test_with_redis_unreachable_calls_fall_back_to_the_process_memory():
    cache = cache_at("redis://127.0.0.1:1/0")  # nothing listens on port 1

    cache.set("attempts", [1, 2], timeout=60)
    cache.add("counter", 1)
    cache.incr("counter")

    assert cache.get("attempts") == [1, 2]
    assert cache.get("counter") == 2
    assert cache.ping() is False


def test_with_redis_reachable_calls_go_to_redis():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    cache = cache_at(url)
    if not cache.ping():
        pytest.skip("Redis is not running")
    other_process = cache_at(url)
    other_process.key_prefix = cache.key_prefix

    cache.set("shared", "yes", timeout=60)

    assert cache.ping() is True
    assert other_process.get("shared") == "yes"
    cache.delete("shared")
