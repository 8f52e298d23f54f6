"""A database outage answers 503 with Retry-After, never a generic 500."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

# Seconds a client should wait before retrying; a restart or fail-over takes about this long.
RETRY_AFTER_SECONDS = 5
DETAIL = "The database is unavailable; retry shortly."


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether exc means the database could not be reached, as opposed to a bad query.

    Django translates the driver's errors into these (connection refused, server closed the
    connection, the pool timed out); an integrity or data error is something else.
    """
    return isinstance(exc, OperationalError | InterfaceError)


def database_unavailable_response() -> JsonResponse:
    response = JsonResponse({"detail": DETAIL}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
