"""Authentication backends beyond Django's ModelBackend."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend, RemoteUserBackend

from accounts import devices, limiter
from accounts.usernames import username_account_key


class LimitedModelBackend(ModelBackend):
    """Django's password check, behind the limiter, with the canonical username lookup.

    Every password login goes through authenticate(): the API login, HTTP Basic, the browsable
    API's session login and the admin login. So the limit is counted here, once, before the
    hash; PasswordLimited (a DRF Throttled) passes through authenticate() and becomes a 429,
    in DRF's exception handler or in accounts.middleware.PasswordGuardMiddleware.

    A name with surrounding whitespace is refused, not trimmed: " alice" is not "alice". It is
    counted against "alice" all the same, so padding buys no fresh allowance.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not isinstance(username, str) or not isinstance(password, str):
            return None
        attempt = limiter.attempt("login", request=request, account=username)
        user = self._check(user_model, username, password)
        if user is not None:
            attempt.succeeded()
            devices.device_remember(request=request, account_key=username_account_key(username))
        return user

    def _check(self, user_model: Any, username: str, password: str) -> Any:
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            # Hash anyway, so an unknown name takes as long as a wrong password (Django #20760).
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class ExistingRemoteUserBackend(RemoteUserBackend):
    """Trust a proxy's user name only for accounts that already exist.

    Django's default would create an account for any name the proxy passes on.
    """

    create_unknown_user = False
