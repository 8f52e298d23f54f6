"""Reads for users, tokens and API keys that need care."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiKey, AuthToken, User

# The user columns authentication needs. Loading every column of the user on each request
# costs measurable time; anything else is loaded on first use.
AUTH_USER_FIELDS = ("id", "username", "password", "is_active", "is_staff", "is_superuser")


def auth_token_get_valid(*, secret: str) -> AuthToken | None:
    """The live token for a secret, with its user, in one indexed query; None if unusable."""
    now = timezone.now()
    idle = timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    return (
        AuthToken.objects.select_related("user")
        .only(
            "id",
            "user_id",
            "digest",
            "name",
            "last_used",
            "expires",
            "password_fingerprint",
            *(f"user__{f}" for f in AUTH_USER_FIELDS),
        )
        .filter(
            digest=tokens.digest(secret),
            expires__gt=now,
            last_used__gt=now - idle,
            user__is_active=True,
        )
        .order_by()
        .first()
    )


def auth_token_list(*, user: User) -> QuerySet[AuthToken]:
    return AuthToken.objects.filter(user=user).order_by("-created")


def api_key_get_valid(*, key: str) -> ApiKey | None:
    """The live API key for a presented key, with its user, in one indexed query."""
    return (
        ApiKey.objects.select_related("user")
        .only(
            "id",
            "user_id",
            "digest",
            "scope",
            "last_used",
            "expires",
            *(f"user__{f}" for f in AUTH_USER_FIELDS),
        )
        .filter(digest=tokens.digest(key), user__is_active=True)
        .filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
        .order_by()
        .first()
    )


def user_get_for_auth(*, pk: int) -> User | None:
    """An active user with just the columns authentication needs."""
    return User.objects.only(*AUTH_USER_FIELDS).filter(pk=pk, is_active=True).first()


def user_get(*, pk: int) -> User:
    return User.objects.get(pk=pk)
