"""Students API: views parse, call one service, and answer with the fresh record."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.personal_detail.api import (
    PARSERS,
    PersonalDetailViewMixin,
    personal_detail_write_schema,
)
from students import selectors, services
from students.api.filters import StudentFilter
from students.api.pagination import StudentPagination
from students.api.serializers import (
    StudentInputSerializer,
    StudentPersonalDetailInputSerializer,
    StudentPersonalDetailSerializer,
    StudentSerializer,
)
from students.models import Student

NOT_FOUND = OpenApiResponse(description="No such student, or not one of yours")


@extend_schema_view(
    list=extend_schema(responses={200: StudentSerializer(many=True), 404: NOT_FOUND}),
    retrieve=extend_schema(responses={200: StudentSerializer, 404: NOT_FOUND}),
)
class StudentViewSet(
    PersonalDetailViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Student records with their personal details.

    Staff see and change every record; anyone else only the records they created.
    """

    serializer_class = StudentSerializer
    detail_serializer_class = StudentPersonalDetailSerializer
    detail_json_serializer_class = StudentPersonalDetailInputSerializer
    pagination_class = StudentPagination
    filterset_class = StudentFilter
    search_fields = ["name", "mobileno"]
    ordering_fields = ["id", "name", "age", "created_at"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Student]:
        return selectors.student_list(actor=self.request.user)

    def _answer(self, student: Student, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=student.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=StudentInputSerializer, responses={201: StudentSerializer})
    def create(self, request: Request) -> Response:
        serializer = StudentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        student = services.student_create(
            owner=cast(User, request.user), **serializer.validated_data
        )
        return self._answer(student, status.HTTP_201_CREATED)

    @extend_schema(
        request=StudentInputSerializer,
        responses={200: StudentSerializer, 404: NOT_FOUND},
    )
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        request=StudentInputSerializer,
        responses={200: StudentSerializer, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        student = self.get_object()
        serializer = StudentInputSerializer(student, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        student = services.student_update(student=student, **serializer.validated_data)
        return self._answer(student)

    @extend_schema(responses={204: None, 404: NOT_FOUND})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.student_delete(student=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: StudentPersonalDetailSerializer, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        **personal_detail_write_schema(
            answer=StudentPersonalDetailSerializer,
            json_input=StudentPersonalDetailInputSerializer,
            extra_responses={404: NOT_FOUND},
        ),
    )
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path="personal-detail",
        parser_classes=PARSERS,
    )
    def personal_detail(self, request: Request, pk: str | None = None) -> Response:
        detail = self.get_object().personal_detail
        if request.method == "GET":
            return self.personal_detail_answer(request, detail)
        return self.personal_detail_write(request, detail, partial=request.method == "PATCH")
