"""Reads about a user's second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from mfa.models import TOTPDevice


def user_has_mfa(*, user: Any) -> bool:
    """True when the user has an active authenticator; read from the user's row, no query."""
    return bool(getattr(user, "mfa_enabled", False))


def user_device_active(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def user_must_enrol(*, user: Any) -> bool:
    """Staff without two-factor, when MFA_REQUIRED_FOR_STAFF is on."""
    return (
        settings.MFA_REQUIRED_FOR_STAFF
        and bool(getattr(user, "is_staff", False))
        and not user_has_mfa(user=user)
    )


def recovery_codes_left(*, user: Any) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()
