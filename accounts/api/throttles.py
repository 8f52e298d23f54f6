"""Limits of the account-recovery and two-factor endpoints, through accounts.limiter.

In one place, so that the endpoints read as what they limit. Reset links, verification keys and
one-time codes are guessable secrets: each attempt counts against the client address and, where
the request names one, against the account (the address, the uid, the signed-in user).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from rest_framework.request import Request

from accounts import limiter

password_reset_limited = limiter.limited("password_reset", account_field="email")
password_reset_confirm_limited = limiter.limited("password_reset", account_field="uid")
verify_email_limited = limiter.limited("password_reset")
verify_email_resend_limited = limiter.limited("password_reset", account_field="email")


def second_factor_attempt(*, request: Any, user: Any) -> limiter.Attempt:
    """Count one code tried for `user`; raises PasswordLimited (429) past the login rates.

    Call `.succeeded()` on the answer after a good code: only wrong codes use up the allowance.
    """
    return limiter.attempt("otp", request=request, account=user.get_username())


def second_factor_limited(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a DRF view method whose body checks a code of the signed-in user."""

    @functools.wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        second_factor_attempt(request=request, user=request.user)
        return method(view, request, *args, **kwargs)

    wrapper.limits_attempts = True  # type: ignore[attr-defined]  # its 429: core/schema.py
    return wrapper
