"""The seed's three endpoints, done right. Each view parses, calls one service, answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    LoginResponseSerializer,
    RegistrationResponseSerializer,
    RegistrationSerializer,
)

REGISTERED = "User Created SuccessFully!!"
SECURE_MESSAGE = "This is my Secure Page only Access when you Provide Token!!!"


def _token_name(request: Request) -> str:
    name = request.data.get("name") if hasattr(request.data, "get") else None
    return str(name or request.headers.get("User-Agent", ""))


class RegisterView(APIView):
    """Create an account and return its first token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=RegistrationSerializer,
        responses={
            201: RegistrationResponseSerializer,
            400: OpenApiResponse(description="Field errors"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, token = services.user_register(**serializer.validated_data)
        return Response(
            {"response": REGISTERED, "username": user.username, "token": token},
            status=status.HTTP_201_CREATED,
        )


class LoginView(APIView):
    """Exchange a username and password for a new token (one per login)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: LoginResponseSerializer,
            400: OpenApiResponse(description="Bad credentials"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = services.auth_token_login(
            user=serializer.validated_data["user"], name=_token_name(request)
        )
        return Response({"token": token})


class SecureView(APIView):
    """Answers only an authenticated caller."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: str})
    def get(self, request: Request) -> Response:
        return Response(SECURE_MESSAGE)

    @extend_schema(request=None, responses={200: str})
    def post(self, request: Request) -> Response:
        return Response(SECURE_MESSAGE)
