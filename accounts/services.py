"""Writes for users and their tokens. Views and receivers call these; nothing else writes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import tokens
from accounts.models import AuthToken, PersonalDetail, User
from audit import services as audit_services

DUPLICATE_USERNAME = "A user with that username already exists."


def personal_detail_create(*, user: User) -> PersonalDetail:
    """The user's PersonalDetail; idempotent, so a replayed call never makes a second one."""
    detail, _ = PersonalDetail.objects.get_or_create(user=user)
    return detail


def user_normalise(*, user: User) -> None:
    """Trimmed names and a lower-cased e-mail domain, whoever saves the user."""
    user.first_name = (user.first_name or "").strip()
    user.last_name = (user.last_name or "").strip()
    user.email = get_user_model().objects.normalize_email(user.email or "")


def auth_token_create(*, user: User, name: str = "") -> tuple[AuthToken, str]:
    """Issue a token. The secret is returned here and never again."""
    config = settings.REGISTRAR
    secret = tokens.generate_secret()
    now = timezone.now()
    token = AuthToken.objects.create(
        user=user,
        digest=tokens.digest(secret),
        prefix=secret[: tokens.PREFIX_LENGTH],
        name=name[: config["TOKEN_NAME_MAX_LENGTH"]],
        created=now,
        last_used=now,
        expires=now + timedelta(seconds=config["TOKEN_TTL_SECONDS"]),
    )
    return token, secret


@transaction.atomic
def user_provision(*, user: User) -> str:
    """What every new user gets: a PersonalDetail and a first API token.

    The token's secret is kept on the instance as `issued_token` so that whoever created
    the user (registration, the admin) can show it once; it is never stored.
    """
    detail, created = PersonalDetail.objects.get_or_create(user=user)
    user.personal_detail = detail  # caches both sides: no query for the audit entry's text
    if not created:
        # The database trigger (integrity/triggers.py) inserted it with the user's row, so no
        # post_save announced it; the audit entry is written here instead.
        audit_services.audit_created_elsewhere_record(instance=detail)
    _, secret = auth_token_create(user=user, name="initial")
    user.issued_token = secret
    return secret


def user_register(*, username: str, password: str) -> tuple[User, str]:
    """Create an ordinary (never staff, never superuser) account and return its first token."""
    user_model = get_user_model()
    candidate = user_model(username=username)
    validate_password(password, user=candidate)
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(username=username, password=password)
    except IntegrityError as exc:
        # Two registrations of one name raced past the serializer's uniqueness check;
        # the database's unique index decided, and the loser gets the same 400.
        raise ValidationError({"username": [DUPLICATE_USERNAME]}) from exc
    return user, user.issued_token


@transaction.atomic
def auth_token_login(*, user: User, name: str = "") -> str:
    """A new token for a new login, keeping the user under the per-user token cap."""
    # Locking the user row serialises concurrent logins of one user, so the cap holds.
    user_model = get_user_model()
    user_model.objects.select_for_update().filter(pk=user.pk).first()
    cap = settings.REGISTRAR["TOKENS_PER_USER"]
    keep = list(
        AuthToken.objects.filter(user=user)
        .order_by("-created")
        .values_list("pk", flat=True)[: max(cap - 1, 0)]
    )
    AuthToken.objects.filter(user=user).exclude(pk__in=keep).delete()
    _, secret = auth_token_create(user=user, name=name)
    return secret
