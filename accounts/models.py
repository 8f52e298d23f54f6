from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from core.atomic import SavesAtomically
from core.personal_detail.models import PersonalDetail as BasePersonalDetail
from core.tracking import TracksLoadedValues


class User(SavesAtomically, TracksLoadedValues, AbstractUser):
    """Django's user, as our own model from the start so it can grow without a painful migration."""

    issued_token: str  # not a field: the first token's secret, set by user_provision, shown once

    # The address whose link was followed. The address is verified while it equals `email`,
    # so changing the address un-verifies it without anyone having to remember to.
    # Database defaults: rows inserted outside Django (raw SQL, other tools) stay valid.
    verified_email = models.EmailField(blank=True, default="", db_default="", editable=False)
    # Whether the user's authenticator (mfa.TOTPDevice) is active, kept beside the password
    # so that Basic, which re-reads these columns on every request, refuses such a user
    # without a query of its own. Only mfa's services change it.
    mfa_enabled = models.BooleanField(default=False, db_default=False, editable=False)

    # As AbstractUser declares it, plus a database default for rows written outside the ORM.
    date_joined = models.DateTimeField("date joined", default=timezone.now, db_default=Now())

    @property
    def email_verified(self) -> bool:
        return bool(self.email) and self.verified_email.lower() == self.email.lower()

    def refresh_from_db(
        self, using: str | None = None, fields: Any = None, from_queryset: Any = None
    ) -> None:
        # Authentication loads only the columns it needs (accounts/token_stores.py). Reading any
        # other then loads all the deferred ones in one query, not one query per field: the
        # recipe in Django's Model.refresh_from_db() documentation.
        if fields is not None:
            deferred = self.get_deferred_fields()
            if deferred.intersection(fields):
                fields = deferred.union(fields)
        super().refresh_from_db(using, fields, from_queryset)


class PersonalDetail(BasePersonalDetail):
    """A user's personal details: exactly one per user (core/personal_detail/)."""

    owner_field = "user"
    picture_folder = "pictures/users"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_detail"
    )

    class Meta(BasePersonalDetail.Meta):
        pass


class AuthToken(models.Model):
    """An API token, one per login. Only the SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="auth_tokens"
    )
    # The secret carries 256 bits of entropy, so a fast digest is enough: there is nothing
    # to brute-force, and it keeps authentication to one indexed lookup.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, to tell tokens apart in lists; not enough to use.
    prefix = models.CharField(max_length=8, editable=False)
    name = models.CharField(max_length=64, blank=True, default="")
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    # A keyed digest of the user's password hash when the token was issued. Any password
    # change (API, admin, changepassword) alters it, so every older token fails at once
    # without a receiver having to find and delete them: Django's session auth hash, for tokens.
    password_fingerprint = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "created"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"


class ApiKey(models.Model):
    """A machine client's key. It acts for `user`, so ownership rules apply to it unchanged.

    Only the SHA-256 digest is stored; the key is shown once, when it is created.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read-write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="The account this key acts for.",
    )
    name = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.READ)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    expires = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")

    class Meta:
        ordering = ["-created"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ
