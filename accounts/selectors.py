"""Reads for users, tokens and API keys that need care. Token lookups: accounts/token_stores.py."""

from __future__ import annotations

from django.db import router
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import token_stores, tokens
from accounts.models import ApiKey, AuthToken, User


def auth_token_list(*, user: User) -> QuerySet[AuthToken]:
    return AuthToken.objects.filter(user=user).order_by("-created")


def api_key_get_valid(*, key: str) -> ApiKey | None:
    """The live API key for a presented key, with its user, in one indexed query."""
    fields = ("id", "user_id", "digest", "scope", "last_used", "expires")
    return (
        ApiKey.objects.select_related("user")
        .only(*fields, *(f"user__{f}" for f in token_stores.USER_FIELDS))
        .filter(digest=tokens.digest(key), user__is_active=True)
        .filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
        .order_by()
        .first()
    )


def user_get_for_auth(*, pk: int) -> User | None:
    """An active user with just the columns authentication needs, in one query.

    Written by hand: Basic runs it on every request, and the same lookup through the ORM took
    two to five times as long (benchmarks/probe_auth_lookups.py, docs/benchmarks.md).
    """
    found = token_stores.user_query(router.db_for_read(User)).fetch({"pk": pk})
    return found[0] if found is not None and found[0].is_active else None


def api_key_list(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user).order_by("-created")
