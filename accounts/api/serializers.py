from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model, user_login_failed
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from accounts import limiter, tokens, verification
from accounts.api.throttles import second_factor_attempt
from accounts.services import DUPLICATE_USERNAME
from mfa import selectors as mfa_selectors
from mfa import services as mfa_services

User = get_user_model()


class RegistrationSerializer(serializers.Serializer):
    """Input for registration. Only these fields are read; anything else is ignored."""

    username = serializers.CharField(
        max_length=150,
        validators=User._meta.get_field("username").validators,
    )
    # Used exactly as typed: trimming would silently change the password.
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Optional (required when verification is mandatory); a link is sent to it.",
    )

    def validate_username(self, value: str) -> str:
        # "Admin" is taken when "admin" is: the canonical form is what must be unique.
        if User.objects.canonical(value).exists():
            raise serializers.ValidationError(DUPLICATE_USERNAME)
        return value


class RegistrationResponseSerializer(serializers.Serializer):
    response = serializers.CharField()
    username = serializers.CharField()
    token = serializers.CharField(help_text="Shown once; only its digest is stored.")


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once; only its digest is stored.")


class LoginSerializer(AuthTokenSerializer):
    """DRF's credential check (authenticate(), so the login signals fire), plus a token name.

    The username is kept as typed: " alice" must not log in as "alice" (accounts/backends.py).
    Then the second factor, for users who have one, and the address, when it must be verified.
    """

    username = serializers.CharField(label="Username", write_only=True, trim_whitespace=False)

    name = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="A label for this device's token; the User-Agent when absent.",
    )
    otp = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        help_text=(
            "Only for accounts with two-factor: the authenticator's current code or an unused "
            'recovery code. Without it such an account gets a 400 with an "otp" error.'
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        user = attrs["user"]
        otp = attrs.get("otp", "")
        request = self.context.get("request")
        # The password was right (and its attempt given back): a code tried counts on its own.
        attempt = (
            second_factor_attempt(request=request, user=user)
            if otp and mfa_selectors.user_has_mfa(user=user)
            else None
        )
        try:
            mfa_services.login_second_factor_check(user=user, otp=otp)
        except DjangoValidationError:
            # A wrong or missing code is a failed login, in the audit trail as elsewhere.
            user_login_failed.send(
                sender=type(user),
                credentials={"username": user.get_username()},
                request=self.context.get("request"),
            )
            raise
        if attempt is not None:
            attempt.succeeded()
        verification.login_verification_check(user=user)
        return attrs


class TokenSerializer(serializers.Serializer):
    """A token as its owner sees it: never the secret, which is not stored."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True, help_text="The first characters, to tell apart.")
    created = serializers.DateTimeField(read_only=True)
    last_used = serializers.DateTimeField(read_only=True)
    expires = serializers.DateTimeField(read_only=True, help_text="The absolute expiry.")
    idle_expires = serializers.SerializerMethodField(
        help_text="When the token expires if it is not used before then."
    )
    current = serializers.SerializerMethodField(help_text="True for the token of this request.")

    def get_idle_expires(self, token: Any) -> datetime:
        return tokens.idle_expiry(token)

    def get_current(self, token: Any) -> bool:
        current = self.context.get("current")
        return current is not None and current.pk == token.pk


class MeSerializer(serializers.ModelSerializer):
    email_verified = serializers.BooleanField(
        read_only=True, help_text="A new address is unverified until its link is followed."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "email_verified",
            "first_name",
            "last_name",
            "date_joined",
        ]
        read_only_fields = ["id", "username", "date_joined"]


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    new_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate_current_password(self, value: str) -> str:
        user = self.context["user"]
        # Guessing the current password with a stolen token is no faster than guessing at login.
        attempt = limiter.attempt(
            "password_change", request=self.context.get("request"), account=user.get_username()
        )
        if not user.check_password(value):
            raise serializers.ValidationError("The current password is not correct.")
        attempt.succeeded()
        return value


class LogoutAllSerializer(serializers.Serializer):
    include_api_keys = serializers.BooleanField(
        default=False, help_text="Revoke the caller's API keys too."
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
