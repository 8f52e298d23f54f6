"""The signed-in user's own PersonalDetail, with a picture upload."""

from __future__ import annotations

from typing import cast

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import PersonalDetail, User
from core import details
from core.images import PictureField


class UserPersonalDetailSerializer(serializers.ModelSerializer):
    pic = PictureField(required=False, allow_null=True, use_url=True)

    class Meta:
        model = PersonalDetail
        fields = ["address", "dob", "pic"]


class UserPersonalDetailInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalDetail
        fields = ["address", "dob"]


WRITE_SCHEMA = extend_schema(
    # A picture travels only in multipart; JSON carries the other fields.
    request={
        "application/json": UserPersonalDetailInputSerializer,
        "multipart/form-data": UserPersonalDetailSerializer,
    },
    responses={
        200: UserPersonalDetailSerializer,
        400: OpenApiResponse(description="Field errors: {field: [message]}"),
    },
)


class UserPersonalDetailView(APIView):
    """Read and change the caller's own address, date of birth and picture."""

    # The project's default permissions apply (authenticated callers, and whatever else is
    # configured project-wide), so no permission_classes of its own.
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=None, responses={200: UserPersonalDetailSerializer})
    def get(self, request: Request) -> Response:
        detail = services.user_personal_detail_get(user=cast(User, request.user))
        return Response(UserPersonalDetailSerializer(detail, context={"request": request}).data)

    @WRITE_SCHEMA
    def put(self, request: Request) -> Response:
        return self._write(request, partial=False)

    @WRITE_SCHEMA
    def patch(self, request: Request) -> Response:
        return self._write(request, partial=True)

    def _write(self, request: Request, *, partial: bool) -> Response:
        detail = services.user_personal_detail_get(user=cast(User, request.user))
        input_class = (
            UserPersonalDetailInputSerializer
            if request.content_type.startswith("application/json")
            else UserPersonalDetailSerializer
        )
        serializer = input_class(detail, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        detail = details.personal_detail_update(detail=detail, **serializer.validated_data)
        return Response(UserPersonalDetailSerializer(detail, context={"request": request}).data)


# Included by accounts/api/urls.py at me/personal-detail/.
urlpatterns = [path("", UserPersonalDetailView.as_view(), name="me-personal-detail")]
