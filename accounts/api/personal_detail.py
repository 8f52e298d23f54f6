"""The signed-in user's own PersonalDetail, with a picture upload."""

from __future__ import annotations

from typing import cast

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import PersonalDetail, User
from core.personal_detail.api import (
    PARSERS,
    PersonalDetailJSONSerializer,
    PersonalDetailSerializer,
    PersonalDetailViewMixin,
    personal_detail_write_schema,
)


class UserPersonalDetailSerializer(PersonalDetailSerializer):
    class Meta(PersonalDetailSerializer.Meta):
        model = PersonalDetail


class UserPersonalDetailInputSerializer(PersonalDetailJSONSerializer):
    class Meta(PersonalDetailJSONSerializer.Meta):
        model = PersonalDetail


WRITE_SCHEMA = extend_schema(
    **personal_detail_write_schema(
        answer=UserPersonalDetailSerializer, json_input=UserPersonalDetailInputSerializer
    )
)


class UserPersonalDetailView(PersonalDetailViewMixin, APIView):
    """Read and change the caller's own address, date of birth and picture."""

    # The project's default permissions apply (authenticated callers, and whatever else is
    # configured project-wide), so no permission_classes of its own.
    parser_classes = PARSERS
    detail_serializer_class = UserPersonalDetailSerializer
    detail_json_serializer_class = UserPersonalDetailInputSerializer

    @extend_schema(request=None, responses={200: UserPersonalDetailSerializer})
    def get(self, request: Request) -> Response:
        detail = services.user_personal_detail_get(user=cast(User, request.user))
        return self.personal_detail_answer(request, detail)

    @WRITE_SCHEMA
    def put(self, request: Request) -> Response:
        detail = services.user_personal_detail_get(user=cast(User, request.user))
        return self.personal_detail_write(request, detail, partial=False)

    @WRITE_SCHEMA
    def patch(self, request: Request) -> Response:
        detail = services.user_personal_detail_get(user=cast(User, request.user))
        return self.personal_detail_write(request, detail, partial=True)


# Included by accounts/api/urls.py at me/personal-detail/.
urlpatterns = [path("", UserPersonalDetailView.as_view(), name="me-personal-detail")]
