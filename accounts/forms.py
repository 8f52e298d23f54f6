"""Login and password-change forms for Django's own views, with the project's username rule."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.forms import TextInput

from accounts import limiter
from audit.context import current_request


def _untrimmed_username() -> UsernameField:
    # Django strips the field, so " alice" would log in as "alice"; kept as typed, the backend
    # refuses it (and still counts it against "alice").
    return UsernameField(
        strip=False, widget=TextInput(attrs={"autofocus": True, "autocapitalize": "none"})
    )


class StrictAuthenticationForm(AuthenticationForm):
    username = _untrimmed_username()


class StrictAdminAuthenticationForm(AdminAuthenticationForm):
    username = _untrimmed_username()


class LimitedAdminPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password change: guessing the current password is limited like a login."""

    def clean_old_password(self) -> Any:
        attempt = limiter.attempt(
            "password_change", request=current_request(), account=self.user.get_username()
        )
        old_password = super().clean_old_password()
        attempt.succeeded()
        return old_password
