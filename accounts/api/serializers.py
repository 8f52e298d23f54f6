from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from accounts import limiter, tokens
from accounts.services import DUPLICATE_USERNAME

User = get_user_model()


class RegistrationSerializer(serializers.Serializer):
    """Input for registration. Only these two fields are read; anything else is ignored."""

    username = serializers.CharField(
        max_length=150,
        validators=User._meta.get_field("username").validators,
    )
    # Used exactly as typed: trimming would silently change the password.
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
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
    """

    username = serializers.CharField(label="Username", write_only=True, trim_whitespace=False)

    name = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="A label for this device's token; the User-Agent when absent.",
    )


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
    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "date_joined"]
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
