"""The audit trail over HTTP: staff only, read only, filterable."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from audit import selectors
from audit.api.serializers import AuditEntryFilterSerializer, AuditEntrySerializer
from audit.models import AuditEntry
from mfa.permissions import IsStaffWithSecondFactor


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Who did what to which record, newest first."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsStaffWithSecondFactor]
    # `?search=` (DRF's SearchFilter): any of these contains every word, in any case.
    search_fields = ["actor_label", "object_repr", "object_id", "model"]

    def get_queryset(self) -> QuerySet[AuditEntry]:
        if self.action != "list":
            return selectors.audit_entry_list()
        # A plain dict, not the QueryDict: DRF skips a blank form value of an optional field,
        # and `?action=` is a bad filter, not no filter.
        filters = AuditEntryFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.audit_entry_list(**filters.validated_data)

    @extend_schema(parameters=[AuditEntryFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
