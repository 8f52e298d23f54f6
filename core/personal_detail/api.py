"""The serializer bases and the view mixin for a PersonalDetail endpoint.

A picture travels only in multipart/form-data. JSON carries the other fields, and its `pic`
accepts only null (or ""), which removes the picture: JSON never names a picture silently.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.images import PictureField
from core.parsers import JSONParser  # with the nesting limit
from core.personal_detail.models import PersonalDetail
from core.personal_detail.services import personal_detail_update

PARSERS = [JSONParser, MultiPartParser, FormParser]
FIELDS = ["address", "dob", "pic"]


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "maxLength": 0,
        "description": "null (or an empty string) removes the picture; "
        "upload one as multipart/form-data.",
    }
)
class PictureRemovalField(serializers.Field):
    """JSON's `pic`: null or "" removes the picture; anything else is a 400, never ignored."""

    default_error_messages = {
        "not_removal": (
            "In JSON, pic can only be null, which removes the picture; "
            "upload a picture as multipart/form-data."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(allow_null=True, write_only=True, **kwargs)

    def to_internal_value(self, data: Any) -> None:
        # null never reaches here: Field.validate_empty_values returns it as None.
        if data != "":
            self.fail("not_removal")

    def to_representation(self, value: Any) -> None:
        return None


class PersonalDetailSerializer(serializers.ModelSerializer):
    """A detail as answered, and as written in multipart. Subclasses set Meta.model."""

    pic = PictureField(required=False, allow_null=True, use_url=True)

    class Meta:
        model = PersonalDetail
        fields = FIELDS


class PersonalDetailJSONSerializer(serializers.ModelSerializer):
    """A detail as written in JSON. Subclasses set Meta.model."""

    pic = PictureRemovalField()

    class Meta:
        model = PersonalDetail
        fields = FIELDS


def personal_detail_write_schema(
    *,
    answer: type[PersonalDetailSerializer],
    json_input: type[PersonalDetailJSONSerializer],
    extra_responses: dict[int, Any] | None = None,
) -> dict[str, Any]:
    """extend_schema() arguments for a PUT or PATCH of a detail."""
    return {
        "request": {"application/json": json_input, "multipart/form-data": answer},
        "responses": {200: answer, **(extra_responses or {})},
    }


class PersonalDetailViewMixin:
    """Read and write one detail; the view finds it, and names its two serializers."""

    detail_serializer_class: type[PersonalDetailSerializer]
    detail_json_serializer_class: type[PersonalDetailJSONSerializer]

    def personal_detail_answer(self, request: Request, detail: PersonalDetail) -> Response:
        return Response(self.detail_serializer_class(detail, context={"request": request}).data)

    def personal_detail_write(
        self, request: Request, detail: PersonalDetail, *, partial: bool
    ) -> Response:
        input_class = (
            self.detail_json_serializer_class
            if (request.content_type or "").startswith("application/json")
            else self.detail_serializer_class
        )
        serializer = input_class(detail, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        detail = personal_detail_update(detail=detail, **serializer.validated_data)
        return self.personal_detail_answer(request, detail)
