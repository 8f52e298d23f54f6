"""A shared cache of live tokens, so an authenticated request can skip the database.

On only when a shared cache (Redis) is configured: revoking a token must reach every process at
once, and a per-process cache cannot promise that.

Entries are written with `add()`. Revoking overwrites the entry with BYPASS, which sends lookups
to the database for the entry's lifetime; so a request that read the database just before a
revocation cannot put the revoked token back (the classic cache-aside race).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db.models import Model
from django.utils import timezone

from accounts.models import AuthToken, User

BYPASS = "bypass"
_KEY = "auth:token:%s"

# What a request needs from a token and its user; never the password hash.
TOKEN_FIELDS = ("id", "user_id", "name", "last_used", "expires")
USER_FIELDS = ("id", "username", "is_active", "is_staff", "is_superuser")


def _cache() -> BaseCache | None:
    alias = settings.REGISTRAR["TOKEN_CACHE_ALIAS"]
    return caches[alias] if alias else None


def enabled() -> bool:
    return _cache() is not None


def get(digest: str) -> tuple | str | None:
    """The cached entry, BYPASS, or None on a miss (or when caching is off)."""
    cache = _cache()
    return cache.get(_KEY % digest) if cache is not None else None


def _entry(token: AuthToken) -> tuple:
    user = token.user
    return (
        tuple(getattr(token, f) for f in TOKEN_FIELDS),
        tuple(getattr(user, f) for f in USER_FIELDS),
    )


def _timeout(token: AuthToken) -> int:
    left = int((token.expires - timezone.now()).total_seconds())
    return max(1, min(settings.REGISTRAR["TOKEN_CACHE_SECONDS"], left))


def remember(digest: str, token: AuthToken) -> None:
    cache = _cache()
    if cache is not None:
        cache.add(_KEY % digest, _entry(token), timeout=_timeout(token))


def refresh(digest: str, token: AuthToken) -> None:
    """Store a newer last_used for a token that is still live."""
    cache = _cache()
    if cache is not None:
        cache.set(_KEY % digest, _entry(token), timeout=_timeout(token))


def forget(digests: Iterable[str]) -> None:
    cache = _cache()
    keys = {_KEY % d: BYPASS for d in digests}
    if cache is not None and keys:
        cache.set_many(keys, timeout=settings.REGISTRAR["TOKEN_CACHE_SECONDS"])


def _instance(model: type[Model], names: tuple[str, ...], values: tuple) -> Any:
    # from_db() wants the values in field order; the rest stay deferred, so touching one
    # loads it from the database instead of silently reading (or saving) a blank.
    given = dict(zip(names, values, strict=True))
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in given]
    return model.from_db("default", attnames, [given[a] for a in attnames])


def token_from_entry(entry: tuple) -> AuthToken:
    token_values, user_values = entry
    token = _instance(AuthToken, TOKEN_FIELDS, token_values)
    token.user = _instance(User, USER_FIELDS, user_values)
    return token


def is_live(token: AuthToken, now: datetime) -> bool:
    idle = settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"]
    return token.expires > now and (now - token.last_used).total_seconds() < idle
