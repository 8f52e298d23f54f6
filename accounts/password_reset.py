"""Password reset by e-mail, with Django's PasswordResetTokenGenerator.

The token is an HMAC over the user's id, password hash, last login and a timestamp: it stops
working once the password changes (so it works once) and after PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.mail import message_build, message_send_on_commit
from accounts.models import User
from accounts.verification import duration_text, users_with_email
from audit import services as audit_services
from audit.models import AuditEntry

INVALID_LINK = "The reset link is invalid, has been used or has expired. Ask for a new one."
_MAX_PK = 2**63 - 1


def _reset_message(*, user: User) -> EmailMessage:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return message_build(
        to=user.email,
        template="password_reset",
        context={
            "username": user.get_username(),
            "link": settings.PASSWORD_RESET_LINK.format(uid=uid, token=token),
            "valid_for": duration_text(settings.PASSWORD_RESET_TIMEOUT),
        },
    )


@transaction.atomic
def password_reset_request(*, email: str) -> int:
    """Mail a reset link to each active account using `email`; the number of messages due.

    An address no account uses gets the same work: one query, a token made for a stand-in
    user, a message built and handed to the sender, which renders it but does not deliver it,
    and an audit entry. The caller's answer never depends on it.
    """
    users = [u for u in users_with_email(email=email) if u.has_usable_password()]
    if users:
        for user in users:
            message_send_on_commit(message=_reset_message(user=user))
    else:
        stand_in = get_user_model()(pk=0, email=email, password=make_password(None))
        message_send_on_commit(message=_reset_message(user=stand_in), deliver=False)
    concerned: list[User | None] = [*users] or [None]
    for account in concerned:
        audit_services.audit_account_event_record(
            action=AuditEntry.Action.RESET_REQUESTED,
            user=account,
            user_model=get_user_model(),
            changes={} if account is not None else {"matched": [None, 0]},
        )
    return len(users)


def _user_from_uid(uid: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk <= _MAX_PK:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link; every token and session of the user is revoked.

    The password change deletes the user's tokens; it also changes the password hash, which
    both the remembered Basic credentials and the browser sessions are bound to (the session
    auth hash), so they fail on their next use.
    """
    # Imported here: accounts.services imports this module's neighbours for registration.
    from accounts import services

    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationError({"token": [INVALID_LINK]})
    services.user_password_change(user=user, new_password=new_password)
    services.user_sessions_end(user=user)
    audit_services.audit_account_event_record(action=AuditEntry.Action.RESET_COMPLETED, user=user)
    return user
