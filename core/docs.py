"""The API docs pages, kept fully offline."""

from __future__ import annotations

from drf_spectacular.views import SpectacularRedocView


class OfflineRedocView(SpectacularRedocView):
    """Redoc without its web fonts, and without the remote logo the bundle would fetch."""

    template_name = "core/redoc.html"

    # The bundle hard-codes a logo URL on cdn.redoc.ly; the site's Content-Security-Policy
    # (img-src 'self' data: blob:, config/settings/base.py) refuses it, and Redoc hides the logo
    # when it fails to load.
