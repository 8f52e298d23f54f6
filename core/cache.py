"""A Redis cache that keeps the site up while Redis is down."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Operations that fall back; BaseCache builds the rest (get_or_set, decr, ...) on top of these.
_OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; on a Redis error, the same call on a per-process memory cache.

    During an outage each process counts throttles and keeps cached values on its own, as one
    process with the local-memory cache would: requests are served, throttles fail open to
    per-process counting (docs/scaling.md, "When Redis stops"), and nothing answers 5xx. After
    an error Redis is left alone for RETRY_SECONDS, so an outage costs one refused connection
    per process per interval, not one per cache call. /readyz asks Redis itself (ping()).
    """

    RETRY_SECONDS = 1.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback:{server}", {})
        self._down_until = 0.0

    def ping(self) -> bool:
        """Whether Redis itself answers now, whatever the fallback is doing."""
        try:
            # RedisCache's own client (a cached property the stubs do not declare).
            client = self._cache.get_client(write=True)  # type: ignore[attr-defined]
            return bool(client.ping())
        except RedisError:
            return False

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as exc:
                self._down_until = time.monotonic() + self.RETRY_SECONDS
                logger.warning("cache: Redis unreachable (%s); using this process's memory", exc)
        return getattr(self._fallback, name)(*args, **kwargs)


def _fallback_operation(name: str) -> Any:
    def operation(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = f"RedisCache.{name}, or the process's memory while Redis is down."
    return operation


for _name in _OPERATIONS:
    setattr(FallbackRedisCache, _name, _fallback_operation(_name))
