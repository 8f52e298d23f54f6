"""Authentication endpoints. Each view parses, calls one service, answers."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import limiter, selectors, services
from accounts.api.serializers import (
    DetailSerializer,
    LoginResponseSerializer,
    LoginSerializer,
    LogoutAllSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    RegistrationResponseSerializer,
    RegistrationSerializer,
    TokenSerializer,
)
from accounts.models import AuthToken, User
from core.headers import carries_credential
from core.parsers import JSONParser

REGISTERED = "User Created SuccessFully!!"
SECURE_MESSAGE = "This is my Secure Page only Access when you Provide Token!!!"
NOT_A_TOKEN = "Only a request made with a token can revoke it."  # noqa: S105 (a message)


class RegisterView(APIView):
    """Create an account and return its first token.

    With an `email`, a verification link is sent to it. When REGISTRATION_OPEN is off the
    answer is 403; staff still create accounts in the admin or with createsuperuser.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    checks_passwords = True  # its 429 and 503 in the schema: core/schema.py

    @extend_schema(
        request=RegistrationSerializer,
        responses={
            201: RegistrationResponseSerializer,
            403: OpenApiResponse(DetailSerializer, description="Registration is closed"),
        },
    )
    @limiter.limited("register", account_field="username")
    def post(self, request: Request) -> Response:
        if not settings.REGISTRATION_OPEN:
            # Before the input is read: a closed door answers the same to every request.
            raise PermissionDenied(services.REGISTRATION_CLOSED)
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, token = services.user_register(**serializer.validated_data)
        return carries_credential(
            Response(
                {"response": REGISTERED, "username": user.username, "token": token},
                status=status.HTTP_201_CREATED,
            )
        )


class LoginView(APIView):
    """Exchange a username and password for a new token (one per login, per device).

    Unknown user, wrong password and inactive user get the same answer, after the same
    password-hashing work: Django's ModelBackend hashes a dummy password for unknown users.
    An account with two-factor also needs `otp`; after a correct password without it the
    answer is a 400 with an `otp` field error. Under mandatory e-mail verification an account
    whose address is not verified gets a 400 saying so.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    # No throttle classes: the password check itself is limited (accounts/backends.py).
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    checks_passwords = True

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: LoginResponseSerializer,
            400: OpenApiResponse(
                description="Bad credentials, a missing or wrong `otp`, or an unverified address"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        name = serializer.validated_data.get("name") or request.headers.get("User-Agent", "")
        token = services.user_login(
            request=request, user=serializer.validated_data["user"], name=name
        )
        return carries_credential(Response({"token": token}))


class SecureView(APIView):
    """Answers only an authenticated caller, by any of the five schemes."""

    @extend_schema(request=None, responses={200: str})
    def get(self, request: Request) -> Response:
        return Response(SECURE_MESSAGE)

    @extend_schema(request=None, responses={200: str})
    def post(self, request: Request) -> Response:
        return Response(SECURE_MESSAGE)


def _current_token(request: Request) -> AuthToken | None:
    return request.auth if isinstance(request.auth, AuthToken) else None


class LogoutView(APIView):
    """Revoke the token this request is made with."""

    @extend_schema(
        request=None,
        responses={
            204: None,
            400: OpenApiResponse(DetailSerializer, description="Not made with a token"),
        },
    )
    def post(self, request: Request) -> Response:
        token = _current_token(request)
        if token is None:
            raise ValidationError({"detail": NOT_A_TOKEN})
        services.user_logout(request=request, user=cast(User, request.user), token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Log every device out: every token and browser session; API keys too if asked."""

    @extend_schema(request=LogoutAllSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = LogoutAllSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_logout_all(
            request=request,
            user=cast(User, request.user),
            include_api_keys=serializer.validated_data["include_api_keys"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """The caller's tokens: name, dates and prefix; the secret is never stored, so never shown."""

    @extend_schema(responses={200: TokenSerializer(many=True)})
    def get(self, request: Request) -> Response:
        tokens = selectors.auth_token_list(user=cast(User, request.user))
        context = {"current": _current_token(request)}
        return Response(TokenSerializer(tokens, many=True, context=context).data)


class TokenDetailView(APIView):
    """Revoke one of the caller's tokens."""

    @extend_schema(
        request=None,
        responses={
            204: None,
            404: OpenApiResponse(DetailSerializer, description="No such token of yours"),
        },
    )
    def delete(self, request: Request, pk: int) -> Response:
        if not services.auth_token_delete(user=cast(User, request.user), token_id=pk):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The caller's own account."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses={200: MeSerializer})
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=cast(User, request.user), **serializer.validated_data)
        return Response(MeSerializer(user).data)


class PasswordChangeView(APIView):
    """Change the password; every other token of the caller is revoked."""

    checks_passwords = True

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        serializer = PasswordChangeSerializer(
            data=request.data, context={"user": user, "request": request}
        )
        serializer.is_valid(raise_exception=True)
        services.user_password_change(
            user=user,
            new_password=serializer.validated_data["new_password"],
            keep_token=_current_token(request),
        )
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # Keeps this browser session logged in, as Django's own password change view does.
            update_session_auth_hash(request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)
