from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TOTPDevice(models.Model):
    """A user's authenticator app (RFC 6238): one per user, active once a code confirmed it.

    The secret is stored as it is, like django-otp stores it: checking a code needs the secret
    itself, so it cannot be reduced to a digest the way a token is.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64, editable=False)
    confirmed = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The time step of the last code accepted: a code is good once, even within its window.
    last_used_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "TOTP device"

    def __str__(self) -> str:
        state = "active" if self.confirmed else "enrolling"
        return f"TOTP of {self.user} ({state})"


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator is lost. Only a keyed digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["user", "digest"])]

    def __str__(self) -> str:
        return f"Recovery code of {self.user} ({'used' if self.used_at else 'unused'})"
