"""Writes for users and their tokens. Views and receivers call these; nothing else writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from accounts import token_stores, tokens, verification
from accounts.models import DUPLICATE_USERNAME, ApiKey, AuthToken, PersonalDetail, User
from audit import services as audit_services
from audit.models import AuditEntry

__all__ = ["DUPLICATE_USERNAME"]  # re-exported: the API's serializers read it from here
REGISTRATION_CLOSED = "Registration is closed: ask the staff for an account."
EMAIL_REQUIRED = "An e-mail address is required: it must be verified before logging in."


def user_personal_detail_get(*, user: User) -> PersonalDetail:
    """The user's detail; provisioning makes it, and this recreates it if it was ever lost."""
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
        # The User-Agent is client text; PostgreSQL refuses NUL in text columns.
        name=name.replace("\x00", "")[: config["TOKEN_NAME_MAX_LENGTH"]],
        created=now,
        last_used=now,
        expires=now + timedelta(seconds=config["TOKEN_TTL_SECONDS"]),
        password_fingerprint=tokens.password_fingerprint(user.password),
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


def user_register(*, username: str, password: str, email: str = "") -> tuple[User, str]:
    """Create an ordinary (never staff, never superuser) account and return its first token.

    With an address, a verification link goes to it once the account is committed.
    """
    if not settings.REGISTRATION_OPEN:
        raise PermissionDenied(REGISTRATION_CLOSED)
    user_model = get_user_model()
    if not email and verification.verification_mode() == "mandatory":
        raise ValidationError({"email": [EMAIL_REQUIRED]})
    try:
        validate_password(password, user=user_model(username=username, email=email))
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(username=username, email=email, password=password)
            verification.email_verification_start(user=user)
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


def user_login(*, request: HttpRequest, user: User, name: str = "") -> str:
    """A login through the API: a new token, and the same signal a session login sends."""
    secret = auth_token_login(user=user, name=name)
    user_logged_in.send(sender=type(user), request=request, user=user)
    return secret


def user_logout(*, request: HttpRequest, user: User, token: AuthToken) -> None:
    """Revoke the token this request came with."""
    AuthToken.objects.filter(pk=token.pk).delete()
    user_logged_out.send(sender=type(user), request=request, user=user)


@transaction.atomic
def user_logout_all(*, request: HttpRequest, user: User, include_api_keys: bool = False) -> int:
    """Log every device out: every token and every browser session; API keys too if asked.

    Sessions end by moving the user's session epoch, which every session's auth hash
    includes (User._get_session_auth_hash), so no session store has to be searched.
    """
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    user_sessions_end(user=user)
    if include_api_keys:
        ApiKey.objects.filter(user=user).delete()
    user_logged_out.send(sender=type(user), request=request, user=user)
    return deleted


def user_sessions_end(*, user: User) -> None:
    """End every browser session of the user, wherever the sessions are stored."""
    user_model = type(user)
    user_model.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.session_epoch = user_model.objects.values_list("session_epoch", flat=True).get(pk=user.pk)


def auth_token_delete(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if the user has no such token."""
    deleted, _ = AuthToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def _last_used_touch(*, credential: AuthToken | ApiKey, now: datetime, seconds: int) -> bool:
    """Record use at most once per `seconds`, never on every request; True if this call wrote."""
    resolution = timedelta(seconds=seconds)
    if credential.last_used is not None and now - credential.last_used < resolution:
        return False
    # The condition makes concurrent requests write once between them.
    updated = (
        type(credential)
        .objects.filter(pk=credential.pk)
        .filter(Q(last_used__isnull=True) | Q(last_used__lt=now - resolution))
        .update(last_used=now)
    )
    if updated:
        credential.last_used = now
    return bool(updated)


def auth_token_touch(*, token: AuthToken, now: datetime) -> bool:
    return _last_used_touch(
        credential=token,
        now=now,
        seconds=settings.REGISTRAR["TOKEN_LAST_USED_RESOLUTION_SECONDS"],
    )


def auth_token_purge_expired(*, now: datetime | None = None) -> int:
    """Delete tokens past their absolute or idle expiry. Authentication never deletes."""
    deleted, _ = AuthToken.objects.filter(tokens.expired_filter(now or timezone.now())).delete()
    return deleted


def auth_token_cache_forget(*, digests: Iterable[str]) -> None:
    """Drop shared copies of revoked tokens once the change that revoked them has committed."""
    store = token_stores.current()
    if not store.shared:
        return
    digests = list(digests)
    transaction.on_commit(lambda: store.forget(digests))


def user_token_cache_forget(*, user: User) -> None:
    """After a change to the user (deactivation, password), re-check their tokens in the DB."""
    if not token_stores.current().shared:
        return
    auth_token_cache_forget(
        digests=AuthToken.objects.filter(user=user).values_list("digest", flat=True)
    )


@transaction.atomic
def user_update(*, user: User, **fields: Any) -> User:
    """Update a user's own profile fields; a new address starts its verification again."""
    old_email = user.email
    for name, value in fields.items():
        setattr(user, name, value)
    if fields:
        user.full_clean(exclude=["password"], validate_unique=True)
        user.save(update_fields=list(fields))
    if "email" in fields and user.email.lower() != (old_email or "").lower():
        verification.email_verification_start(user=user)
    return user


@transaction.atomic
def user_password_change(
    *, user: User, new_password: str, keep_token: AuthToken | None = None
) -> None:
    """Change the password and revoke every token but the one the change was made with.

    Other tokens would fail anyway (their password fingerprint no longer matches); deleting
    them keeps the token list honest.
    """
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    others = AuthToken.objects.filter(user=user)
    if keep_token is not None:
        others = others.exclude(pk=keep_token.pk)
        AuthToken.objects.filter(pk=keep_token.pk).update(
            password_fingerprint=tokens.password_fingerprint(user.password)
        )
    others.delete()


def api_key_create(
    *,
    user: User,
    name: str,
    scope: str = ApiKey.Scope.READ,
    expires: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Issue an API key acting for `user`. The key is returned here and never again."""
    if scope not in ApiKey.Scope.values:
        raise ValidationError({"scope": [f"Choose one of {', '.join(ApiKey.Scope.values)}."]})
    secret = tokens.generate_api_key()
    with transaction.atomic():
        key = ApiKey.objects.create(
            user=user,
            name=name,
            scope=scope,
            expires=expires,
            digest=tokens.digest(secret),
            prefix=secret[: len(tokens.API_KEY_MARK) + tokens.PREFIX_LENGTH],
        )
        audit_services.audit_account_event_record(
            action=AuditEntry.Action.API_KEY_CREATED,
            user=user,
            changes={
                "api_key": [None, key.pk],
                "prefix": [None, key.prefix],
                "name": [None, name],
                "scope": [None, scope],
            },
        )
    return key, secret


@transaction.atomic
def api_key_revoke(*, user: User, key_id: int) -> bool:
    """Revoke one of the user's own API keys; False if the user has no such key."""
    key = ApiKey.objects.filter(user=user, pk=key_id).first()
    if key is None:
        return False
    key.delete()
    audit_services.audit_account_event_record(
        action=AuditEntry.Action.API_KEY_REVOKED,
        user=user,
        changes={
            "api_key": [key_id, None],
            "prefix": [key.prefix, None],
            "name": [key.name, None],
        },
    )
    return True


def api_key_touch(*, key: ApiKey, now: datetime) -> bool:
    return _last_used_touch(
        credential=key,
        now=now,
        seconds=settings.REGISTRAR["API_KEY_LAST_USED_RESOLUTION_SECONDS"],
    )
