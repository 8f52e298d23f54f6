from __future__ import annotations

from rest_framework import serializers


class TOTPEnrolmentSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="Base32, for typing into an authenticator app.")
    otpauth_uri = serializers.CharField(help_text="The otpauth:// URI the QR code carries.")
    qr_code = serializers.CharField(help_text="The URI as an SVG QR code, in a data: URI.")


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="The authenticator's current code.")


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Each works once. Shown now and never again; only digests are stored.",
    )


class TOTPDisableSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    code = serializers.CharField(
        max_length=64, help_text="The authenticator's current code, or a recovery code."
    )


class MfaStatusSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    recovery_codes_left = serializers.IntegerField()
