"""Login forms that ask for the second factor of accounts that have one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accounts.api.throttles import second_factor_attempt
from accounts.forms import StrictAdminAuthenticationForm, StrictAuthenticationForm
from accounts.limiter import PasswordLimited
from mfa import selectors, services

CODE_REQUIRED = "This account uses two-factor authentication: enter the code from your app."
TOO_MANY = "Too many two-factor codes tried for this account. Wait a minute and try again."
ENROL_FIRST = (
    "Staff must turn on two-factor authentication before using the admin: enrol an "
    "authenticator app with POST /api/auth/mfa/totp/, then log in here with its code."
)


class SecondFactorMixin(forms.Form):
    otp = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=64,
        strip=True,
        help_text="Only for accounts with two-factor: the app's code or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)  # type: ignore[misc]
        if not selectors.user_has_mfa(user=user):
            return
        code = self.cleaned_data.get("otp") or ""
        if not code:
            raise ValidationError(CODE_REQUIRED, code="otp_required")
        try:
            attempt = second_factor_attempt(request=self.request, user=user)  # type: ignore[attr-defined]
        except PasswordLimited as exc:
            raise ValidationError(TOO_MANY, code="otp_throttled") from exc
        if not services.mfa_code_verify(user=user, code=code):
            raise ValidationError(services.WRONG_CODE, code="otp_wrong")
        attempt.succeeded()


class MfaAuthenticationForm(SecondFactorMixin, StrictAuthenticationForm):
    """Django's login form with the second factor (the browsable API's session login)."""


class MfaAdminAuthenticationForm(SecondFactorMixin, StrictAdminAuthenticationForm):
    """The admin's login form: staff only, the second factor, and enrolment when required."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if selectors.user_must_enrol(user=user):
            raise ValidationError(ENROL_FIRST, code="mfa_enrol_first")
