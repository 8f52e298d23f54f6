"""JSON answers for errors raised outside DRF views (unknown URLs, crashes)."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.outage import database_unavailable_response, is_database_outage


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    # Django calls this inside its except block for any uncaught exception, including those
    # raised by middleware (the session, the user) before a view runs: one place catches a
    # database outage on every path.
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response()
    return JsonResponse({"detail": "Internal server error."}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Bad request."}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Permission denied."}, status=403)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front page: where a newcomer goes next (the API docs, the admin, the probes)."""
    return render(request, "core/home.html")
