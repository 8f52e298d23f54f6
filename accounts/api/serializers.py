from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from accounts.services import DUPLICATE_USERNAME

User = get_user_model()


class RegistrationSerializer(serializers.Serializer):
    """Input for registration. Only these two fields are read; anything else is ignored."""

    username = serializers.CharField(
        max_length=150,
        validators=[
            *User._meta.get_field("username").validators,
            UniqueValidator(queryset=User.objects.all(), message=DUPLICATE_USERNAME),
        ],
    )
    # Used exactly as typed: trimming would silently change the password.
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            validate_password(attrs["password"], user=User(username=attrs["username"]))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class RegistrationResponseSerializer(serializers.Serializer):
    response = serializers.CharField()
    username = serializers.CharField()
    token = serializers.CharField(help_text="Shown once; only its digest is stored.")


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once; only its digest is stored.")
