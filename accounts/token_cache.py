"""A shared cache of live tokens in Redis, so an authenticated request can skip the database.

On only when Redis is configured: revoking a token must reach every process at once, and a
per-process cache cannot promise that.

Entries are written with SET NX. Revoking overwrites the entry with BYPASS, which sends lookups
to the database for the entry's lifetime; so a request that read the database just before a
revocation cannot put the revoked token back (the classic cache-aside race).

It talks to Redis through one long-lived redis-py client per process: Django's RedisCache builds
a client object on every call, and measured two to four times slower than the GET itself
(benchmarks/probe_auth_lookups.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

import redis
from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from accounts.models import AuthToken, User

logger = logging.getLogger(__name__)

BYPASS = b"bypass"

# What a request needs from a token and its user; never the password hash.
TOKEN_FIELDS = ("id", "user_id", "name")
USER_FIELDS = ("id", "username", "is_staff", "is_superuser")

_clients: dict[str, redis.Redis] = {}


def _client() -> redis.Redis | None:
    url = settings.REGISTRAR["TOKEN_CACHE_URL"]
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = redis.Redis.from_url(
            url, socket_timeout=1, socket_connect_timeout=1
        )
    return client


def enabled() -> bool:
    return bool(settings.REGISTRAR["TOKEN_CACHE_URL"])


def _key(digest: str) -> str:
    return settings.REGISTRAR["TOKEN_CACHE_PREFIX"] + digest


def get(digest: str) -> bytes | None:
    """The cached entry, BYPASS, or None on a miss (or when the cache is off or unreachable)."""
    client = _client()
    if client is None:
        return None
    try:
        return cast(bytes | None, client.get(_key(digest)))  # a client without decode_responses
    except redis.RedisError:
        logger.warning("Token cache unreachable; using the database", exc_info=True)
        return BYPASS


def _entry(token: AuthToken) -> str:
    user = token.user
    return json.dumps(
        [
            *(getattr(token, f) for f in TOKEN_FIELDS),
            token.last_used.timestamp(),
            token.expires.timestamp(),
            *(getattr(user, f) for f in USER_FIELDS),
        ],
        separators=(",", ":"),
    )


def _timeout(token: AuthToken) -> int:
    left = int((token.expires - timezone.now()).total_seconds())
    return max(1, min(settings.REGISTRAR["TOKEN_CACHE_SECONDS"], left))


def _write(digest: str, token: AuthToken, *, only_if_absent: bool) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.set(_key(digest), _entry(token), ex=_timeout(token), nx=only_if_absent)
    except redis.RedisError:
        logger.warning("Token cache unreachable; entry not stored", exc_info=True)


def remember(digest: str, token: AuthToken) -> None:
    _write(digest, token, only_if_absent=True)


def refresh(digest: str, token: AuthToken) -> None:
    """Store a newer last_used for a token that is still live."""
    _write(digest, token, only_if_absent=False)


def forget(digests: Iterable[str]) -> None:
    client = _client()
    keys = [_key(d) for d in digests]
    if client is None or not keys:
        return
    ttl = settings.REGISTRAR["TOKEN_CACHE_SECONDS"]
    try:
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.set(key, BYPASS, ex=ttl)
            pipe.execute()
    except redis.RedisError:
        # The database already says no; a cached copy can outlive it by TOKEN_CACHE_SECONDS.
        logger.exception("Token cache unreachable; revoked tokens may linger in it")


def _instance(model: type[Model], values: dict[str, Any]) -> Any:
    # from_db() wants the values in field order; the rest stay deferred, so touching one
    # loads it from the database instead of silently reading (or saving) a blank.
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", attnames, [values[a] for a in attnames])


def token_from_entry(entry: bytes) -> AuthToken:
    values = json.loads(entry)
    n = len(TOKEN_FIELDS)
    token_values = dict(zip(TOKEN_FIELDS, values[:n], strict=True))
    token_values["last_used"] = datetime.fromtimestamp(values[n], tz=UTC)
    token_values["expires"] = datetime.fromtimestamp(values[n + 1], tz=UTC)
    user_values = dict(zip(USER_FIELDS, values[n + 2 :], strict=True))
    user_values["is_active"] = True  # a deactivation replaces the entry with BYPASS
    token = _instance(AuthToken, token_values)
    token.user = _instance(User, user_values)
    return token


def is_live(token: AuthToken, now: datetime) -> bool:
    idle = settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"]
    return token.expires > now and (now - token.last_used).total_seconds() < idle
