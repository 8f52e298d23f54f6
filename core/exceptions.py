"""One error shape for the whole API: DRF's, extended to Django's own exceptions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.outage import RETRY_AFTER_SECONDS, is_database_outage


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # A model's full_clean() or a service may raise Django's ValidationError; it is the
    # client's input that is wrong, so it is a 400, never a 500.
    if isinstance(exc, DjangoValidationError):
        detail: Any = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # `raise ValidationError("...")` would answer a bare list; the API's 400 is always an
        # object of fields, as the schema says (core/schema.py).
        exc = exceptions.ValidationError(detail={"non_field_errors": exc.detail})
    if is_database_outage(exc):
        exc = DatabaseUnavailable()
    return drf_exception_handler(exc, context)


class DatabaseUnavailable(exceptions.APIException):
    """The database could not be reached: a 503 the client may retry, not a 500."""

    status_code = 503
    default_detail = "The database is unavailable; retry shortly."
    default_code = "database_unavailable"

    def __init__(self) -> None:
        super().__init__()
        self.wait = RETRY_AFTER_SECONDS
