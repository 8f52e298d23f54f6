"""Password reset and e-mail verification: the endpoints a signed-out user can reach."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import password_reset, verification
from accounts.api.serializers import DetailSerializer
from accounts.api.throttles import (
    password_reset_confirm_limited,
    password_reset_limited,
    verify_email_limited,
    verify_email_resend_limited,
)

RESET_ACCEPTED = "If an account uses that address, a message with a reset link is on its way to it."
RESEND_ACCEPTED = (
    "If an unverified account uses that address, a new verification link is on its way to it."
)


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64, help_text="The uid from the reset link.")
    token = serializers.CharField(max_length=128, help_text="The token from the reset link.")
    new_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class VerifyEmailSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=512, help_text="The key from the verification link.")


class _Anonymous(APIView):
    # No credentials are read: these serve people who cannot log in.
    authentication_classes: list = []
    permission_classes = [AllowAny]


class PasswordResetView(_Anonymous):
    """Ask for a password-reset link by e-mail.

    The answer is the same 202 whether or not an account uses the address, so it tells nobody
    which addresses are registered. The message goes out after the request has been answered.
    """

    @extend_schema(
        request=EmailSerializer,
        responses={202: DetailSerializer},
    )
    @password_reset_limited
    def post(self, request: Request) -> Response:
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset.password_reset_request(email=serializer.validated_data["email"])
        return Response({"detail": RESET_ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(_Anonymous):
    """Set a new password with the uid and token of a reset link.

    Every token, remembered Basic credential and browser session of the account stops working.
    The link works once and expires after PASSWORD_RESET_TIMEOUT seconds.
    """

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: None},
    )
    @password_reset_confirm_limited
    def post(self, request: Request) -> Response:
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset.password_reset_confirm(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailView(_Anonymous):
    """Confirm an e-mail address with the key of a verification link."""

    @extend_schema(
        request=VerifyEmailSerializer,
        responses={204: None},
    )
    @verify_email_limited
    def post(self, request: Request) -> Response:
        serializer = VerifyEmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification.email_address_verify(key=serializer.validated_data["key"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailResendView(_Anonymous):
    """Send a new verification link to an address.

    Signed out on purpose: under mandatory verification the account cannot log in yet. The
    answer is the same 202 whether or not an unverified account uses the address.
    """

    @extend_schema(
        request=EmailSerializer,
        responses={202: DetailSerializer},
    )
    @verify_email_resend_limited
    def post(self, request: Request) -> Response:
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification.email_verification_resend(email=serializer.validated_data["email"])
        return Response({"detail": RESEND_ACCEPTED}, status=status.HTTP_202_ACCEPTED)


# Included by accounts/api/urls.py under /api/auth/.
urlpatterns = [
    path("password-reset/", PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/confirm/",
        PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("verify-email/", VerifyEmailView.as_view(), name="verify-email"),
    path("verify-email/resend/", VerifyEmailResendView.as_view(), name="verify-email-resend"),
]
