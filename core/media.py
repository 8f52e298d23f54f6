"""Serving uploaded pictures: only the image types we store, each with its own Content-Type."""

from __future__ import annotations

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from core.images import CONTENT_TYPES


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """A stored picture. Names are random, so the URL itself is the capability to read it."""
    path = posixpath.normpath(path).lstrip("/")
    content_type = CONTENT_TYPES.get(posixpath.splitext(path)[1].lower())
    if content_type is None:
        raise Http404
    try:
        # safe_join refuses anything that would resolve outside MEDIA_ROOT.
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
        found = full_path.is_file()
    except (SuspiciousFileOperation, ValueError) as exc:  # ValueError: a NUL in the path
        raise Http404 from exc
    if not found:
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    # Also sent by SecurityMiddleware; set here so it holds however the middleware is configured.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
