"""The signed-in user's own API keys: list, create (the key shown once), revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import DetailSerializer
from accounts.models import ApiKey, User
from accounts.permissions import NotAnApiKey


class ApiKeySerializer(serializers.ModelSerializer):
    """A key as its owner sees it: never the key itself, which is not stored."""

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "scope", "created", "last_used", "expires"]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer):
    # Kept as typed: trimming would turn a name of only spaces into a blank one that the schema
    # (minLength 1) calls valid.
    name = serializers.CharField(max_length=64, trim_whitespace=False)
    scope = serializers.ChoiceField(choices=ApiKey.Scope.choices, default=ApiKey.Scope.READ)
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        # Not nullable: a form body cannot say null, so absent is the one way to say "never".
        help_text="Days until the key stops working; absent: it never expires.",
    )


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.CharField(help_text="Shown once; only its digest is stored.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class ApiKeyListView(APIView):
    """List and create the caller's API keys.

    Made with a token, a session or Basic: a request made with an API key is refused, so a
    leaked key cannot mint or revoke keys.
    """

    permission_classes = [IsAuthenticated, NotAnApiKey]

    @extend_schema(responses={200: ApiKeySerializer(many=True)})
    def get(self, request: Request) -> Response:
        keys = selectors.api_key_list(user=cast(User, request.user))
        return Response(ApiKeySerializer(keys, many=True).data)

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedSerializer})
    def post(self, request: Request) -> Response:
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        days = serializer.validated_data.get("expires_in_days")
        key, secret = services.api_key_create(
            user=cast(User, request.user),
            name=serializer.validated_data["name"],
            scope=serializer.validated_data["scope"],
            expires=timezone.now() + timedelta(days=days) if days else None,
        )
        # The secret is not a column, so it joins the key's fields here, once.
        body = {**ApiKeySerializer(key).data, "key": secret}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiKeyDetailView(APIView):
    """Revoke one of the caller's API keys; another user's key is a 404."""

    permission_classes = [IsAuthenticated, NotAnApiKey]

    @extend_schema(
        request=None,
        responses={
            204: None,
            404: OpenApiResponse(DetailSerializer, description="No such key of yours"),
        },
    )
    def delete(self, request: Request, pk: int) -> Response:
        if not services.api_key_revoke(user=cast(User, request.user), key_id=pk):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


# Included by accounts/api/urls.py under /api/auth/api-keys/.
urlpatterns = [
    path("", ApiKeyListView.as_view(), name="api-key-list"),
    path("<int:pk>/", ApiKeyDetailView.as_view(), name="api-key-detail"),
]
