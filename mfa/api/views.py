"""Two-factor over the API: enrol an authenticator, confirm it, renew codes, turn it off."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.throttles import second_factor_limited
from accounts.models import User
from accounts.permissions import NotAnApiKey
from mfa import selectors, services
from mfa.api.serializers import (
    CodeSerializer,
    MfaStatusSerializer,
    RecoveryCodesSerializer,
    TOTPDisableSerializer,
    TOTPEnrolmentSerializer,
)


class _MfaView(APIView):
    permission_classes = [IsAuthenticated, NotAnApiKey]

    def account(self) -> User:
        # Authentication may have loaded only some columns; the rest load on first use.
        return cast(User, self.request.user)


class TOTPView(_MfaView):
    """Two-factor state, start enrolment, or turn two-factor off."""

    @extend_schema(
        summary="Whether two-factor is on, and how many recovery codes are left",
        responses={200: MfaStatusSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "enabled": selectors.user_has_mfa(user=request.user),
                "recovery_codes_left": selectors.recovery_codes_left(user=request.user),
            }
        )

    @extend_schema(
        summary="Start enrolling an authenticator app",
        description=(
            "Returns a new secret, its otpauth:// URI and a QR code of it. Two-factor is not "
            "on until POST /api/auth/mfa/totp/confirm/ receives a code from the app."
        ),
        request=None,
        responses={
            201: TOTPEnrolmentSerializer,
            400: OpenApiResponse(description="Two-factor is already on: non_field_errors"),
        },
    )
    def post(self, request: Request) -> Response:
        device = services.totp_enrolment_start(user=self.account())
        uri = services.provisioning_uri(device=device)
        return Response(
            {
                "secret": device.secret,
                "otpauth_uri": uri,
                "qr_code": services.qr_code_data_uri(uri=uri),
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Turn two-factor off, with the password and a code",
        request=TOTPDisableSerializer,
        # A DELETE's body is outside what the schema generator reads, so its 400 is named here.
        responses={
            204: None,
            400: OpenApiResponse(
                description="Two-factor is not on, or the password or the code is wrong"
            ),
        },
    )
    @second_factor_limited  # a password and a code are checked: guesses count as at login
    def delete(self, request: Request) -> Response:
        serializer = TOTPDisableSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.totp_disable(user=self.account(), **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TOTPConfirmView(_MfaView):
    """Turn two-factor on with a code from the enrolled app; returns 10 recovery codes, once."""

    @extend_schema(request=CodeSerializer, responses={200: RecoveryCodesSerializer})
    @second_factor_limited
    def post(self, request: Request) -> Response:
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        codes = services.totp_enrolment_confirm(
            user=self.account(), code=serializer.validated_data["code"]
        )
        return Response({"recovery_codes": codes})


class RecoveryCodesView(_MfaView):
    """Replace the recovery codes with a new set of 10, shown once; the old ones stop working."""

    @extend_schema(
        request=None,
        responses={
            200: RecoveryCodesSerializer,
            400: OpenApiResponse(description="Two-factor is not on: non_field_errors"),
        },
    )
    def post(self, request: Request) -> Response:
        codes = services.recovery_codes_regenerate(user=self.account())
        return Response({"recovery_codes": codes})
