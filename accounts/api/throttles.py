"""Throttles of the account-recovery and two-factor endpoints, at the login rate.

Built on accounts.throttling's classes, in one place, so that a change of limiter is a change
of this module only. Each endpoint counts in a bucket of its own, by client address and by
the account it names (address, uid or signed-in user).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from rest_framework.request import Request

from accounts.throttling import LoginIPThrottle, LoginUsernameThrottle, PasswordChangeThrottle


def _field(request: Request, name: str) -> str:
    data = request.data
    value = data.get(name) if hasattr(data, "get") else None
    return value.strip().lower() if isinstance(value, str) else ""


class _FieldThrottle(LoginUsernameThrottle):
    field = ""

    def username(self, request: Request) -> str:
        return _field(request, self.field)


class PasswordResetIPThrottle(LoginIPThrottle):
    cache_format = "throttle_%(scope)s_reset_ip_%(ident)s"


class PasswordResetEmailThrottle(_FieldThrottle):
    cache_format = "throttle_%(scope)s_reset_email_%(ident)s"
    field = "email"


class PasswordResetConfirmIPThrottle(LoginIPThrottle):
    cache_format = "throttle_%(scope)s_reset_confirm_ip_%(ident)s"


class PasswordResetConfirmUidThrottle(_FieldThrottle):
    cache_format = "throttle_%(scope)s_reset_confirm_uid_%(ident)s"
    field = "uid"


class VerifyEmailIPThrottle(LoginIPThrottle):
    cache_format = "throttle_%(scope)s_verify_ip_%(ident)s"


class VerifyEmailResendIPThrottle(LoginIPThrottle):
    cache_format = "throttle_%(scope)s_verify_resend_ip_%(ident)s"


class VerifyEmailResendEmailThrottle(_FieldThrottle):
    cache_format = "throttle_%(scope)s_verify_resend_email_%(ident)s"
    field = "email"


class SecondFactorUserThrottle(PasswordChangeThrottle):
    """Codes tried by a signed-in user count with the password guesses against that account."""


PASSWORD_RESET_THROTTLES: list[Any] = [PasswordResetIPThrottle, PasswordResetEmailThrottle]
PASSWORD_RESET_CONFIRM_THROTTLES: list[Any] = [
    PasswordResetConfirmIPThrottle,
    PasswordResetConfirmUidThrottle,
]
VERIFY_EMAIL_THROTTLES: list[Any] = [VerifyEmailIPThrottle]
VERIFY_EMAIL_RESEND_THROTTLES: list[Any] = [
    VerifyEmailResendIPThrottle,
    VerifyEmailResendEmailThrottle,
]
SECOND_FACTOR_THROTTLES: list[Any] = [SecondFactorUserThrottle]


def second_factor_attempt_allowed(*, user: Any) -> bool:
    """For login forms outside DRF (the admin): count one code attempt against the account.

    Without it the admin would let someone who has the password try codes without limit.
    """
    return SecondFactorUserThrottle().allow_request(SimpleNamespace(user=user), None)  # type: ignore[arg-type]
