"""Reads for users and tokens that need care."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts import tokens
from accounts.models import AuthToken


def auth_token_get_valid(*, secret: str) -> AuthToken | None:
    """The live token for a secret, with its user, in one indexed query; None if unusable."""
    now = timezone.now()
    idle = timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    return (
        AuthToken.objects.select_related("user")
        .filter(
            digest=tokens.digest(secret),
            expires__gt=now,
            last_used__gt=now - idle,
            user__is_active=True,
        )
        .first()
    )
