"""E-mail address verification: a signed link, no stored key.

The key signs the user's id and the address it was sent to, with a timestamp. Following it
records that address as verified; if the address changed meanwhile, the key no longer matches.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction

from accounts.mail import message_build, message_send_on_commit
from accounts.models import User
from audit import services as audit_services
from audit.models import AuditEntry

SALT = "accounts.email-verification"
INVALID_KEY = "The verification link is invalid or has expired. Ask for a new one."
NOT_VERIFIED = (
    "Verify your e-mail address before logging in: follow the link sent to it, or ask for a "
    "new one at /api/auth/verify-email/resend/."
)


def verification_mode() -> str:
    return settings.ACCOUNT_EMAIL_VERIFICATION


def duration_text(seconds: int) -> str:
    """'3 days', '1 hour', '15 minutes': how long a link in a message stays valid."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if (seconds >= size and seconds % size == 0) or unit == "minute":
            count = max(seconds // size, 1)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("unreachable")  # pragma: no cover


def email_verification_key(*, user: User) -> str:
    return signing.dumps([user.pk, user.email], salt=SALT, compress=True)


def _verification_message(*, user: User) -> EmailMessage:
    link = settings.EMAIL_VERIFICATION_LINK.format(key=email_verification_key(user=user))
    return message_build(
        to=user.email,
        template="verify_email",
        context={
            "username": user.get_username(),
            "link": link,
            "valid_for": duration_text(settings.EMAIL_VERIFICATION_TIMEOUT),
        },
    )


def email_verification_start(*, user: User) -> bool:
    """Send a link to the user's address unless verification is off or there is nothing to do."""
    if verification_mode() == "none" or not user.email or user.email_verified:
        return False
    message_send_on_commit(message=_verification_message(user=user))
    return True


def email_verification_resend(*, email: str) -> None:
    """A new link for each unverified account using `email`; nothing tells whether one exists.

    An address no account uses costs the same work (a key signed, a message built), so the
    answer cannot be told apart by its content and hardly by its timing.
    """
    users = [u for u in users_with_email(email=email) if not u.email_verified]
    if verification_mode() == "none":
        return
    if not users:
        stand_in = get_user_model()(pk=0, email=email)
        message_send_on_commit(message=_verification_message(user=stand_in), deliver=False)
        return
    for user in users:
        email_verification_start(user=user)


def users_with_email(*, email: str) -> list[User]:
    """Active accounts whose address is `email`, compared without case (as Django's reset does)."""
    if not email or "\x00" in email:
        return []
    return list(get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk"))


@transaction.atomic
def email_address_verify(*, key: str) -> User:
    """Record the address a key was sent to as verified; the same key again changes nothing."""
    try:
        user_id, email = signing.loads(key, salt=SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT)
        user = get_user_model().objects.select_for_update().get(pk=int(user_id), is_active=True)
    except (signing.BadSignature, TypeError, ValueError, get_user_model().DoesNotExist) as exc:
        raise ValidationError({"key": [INVALID_KEY]}) from exc
    if not isinstance(email, str) or email.lower() != (user.email or "").lower():
        raise ValidationError({"key": [INVALID_KEY]})
    if not user.email_verified:
        before = user.verified_email
        user.verified_email = user.email
        user.save(update_fields=["verified_email"])
        audit_services.audit_account_event_record(
            action=AuditEntry.Action.EMAIL_VERIFIED,
            user=user,
            changes={"verified_email": [before, user.email]},
        )
    return user


def login_verification_check(*, user: User) -> None:
    """Under mandatory verification, refuse a login until the address is verified."""
    if verification_mode() == "mandatory" and not user.email_verified:
        raise ValidationError(NOT_VERIFIED, code="email_not_verified")
