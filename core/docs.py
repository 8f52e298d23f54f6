"""The API docs pages, kept fully offline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView


class OfflineRedocView(SpectacularRedocView):
    """Redoc without its web fonts, and without the remote logo the bundle would fetch."""

    template_name = "core/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The bundle hard-codes a logo URL on cdn.redoc.ly; images from elsewhere are refused
        # here, and Redoc hides the logo when it fails to load.
        response["Content-Security-Policy"] = "img-src 'self' data: blob:"
        return response
