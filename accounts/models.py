from __future__ import annotations

from typing import Any, ClassVar, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Now
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.usernames import UsernameValidator, canonical_username
from core.atomic import SavesAtomically
from core.personal_detail.models import PersonalDetail as BasePersonalDetail
from core.tracking import TracksLoadedValues

DUPLICATE_USERNAME = "A user with that username already exists."


class UserManager(DjangoUserManager):
    def canonical(self, username: str) -> Any:
        """The users whose name is `username` in canonical form (at most one)."""
        return self.alias(canonical=Lower("username")).filter(
            canonical=canonical_username(username)
        )

    def get_by_natural_key(self, username: str | None) -> Any:
        """Logins and natural keys find "Alice" as "alice": the canonical form decides."""
        return self.canonical(username or "").get()


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
    # Bumped by logout-all: every browser session's auth hash includes it, so all end at once.
    session_epoch = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:  # AbstractUser.Meta's options, restated (its stub does not declare the class)
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            # "Admin" and "admin" are one name on every database, whatever wrote the row. The
            # name itself is stored NFKC-normalised (Django's normalize_username), so lower()
            # of it is the canonical form; with the ASCII default the two are exactly equal.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_canonical"),
        ]

    def clean(self) -> None:
        super().clean()
        taken = type(self)._default_manager.canonical(self.username or "")
        if self.pk is not None:
            taken = taken.exclude(pk=self.pk)
        if self.username and taken.exists():
            raise ValidationError({"username": [DUPLICATE_USERNAME]})

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

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash, plus the session epoch once logout-all has been used: before that the
        # value is Django's own, so sessions made before this field existed stay valid.
        # (Overrides a private method: the public one calls it, once per SECRET_KEY_FALLBACKS.)
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def _username_validator_replace() -> None:
    # AbstractUser's field, with the project's validator instead of UnicodeUsernameValidator.
    # Replaced in place rather than redeclared: a redeclared field moves to the end of the
    # model's columns, and authentication reads some of them in model order (token_stores).
    field = cast(Any, User._meta.get_field("username"))
    field._validators = [UsernameValidator()]
    field.__dict__.pop("validators", None)  # a cached_property over _validators
    field.help_text = "150 characters or fewer. Letters, digits and @/./+/-/_ only."


_username_validator_replace()


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
