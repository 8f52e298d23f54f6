"""Permissions that apply on every endpoint (they are in DEFAULT_PERMISSION_CLASSES)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.models import ApiKey


class ApiKeyScope(BasePermission):
    """A read-only API key may read; only a read-write key may change anything."""

    message = "This API key is read-only."
    refuses_reads = False  # core/schema.py leaves the message off reads

    def has_permission(self, request: Request, view: Any) -> bool:
        key = request.auth
        if isinstance(key, ApiKey) and key.is_read_only:
            return request.method in SAFE_METHODS
        return True


class NotAnApiKey(BasePermission):
    """Account security (API keys, two-factor) is managed by a person logged in, not a key."""

    message = "API keys cannot manage API keys or two-factor: log in and use a token."

    def has_permission(self, request: Request, view: Any) -> bool:
        return not isinstance(request.auth, ApiKey)
