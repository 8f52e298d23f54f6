"""Permissions for staff-only endpoints when staff must use two-factor."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request

from mfa import selectors


class IsStaffWithSecondFactor(IsAdminUser):
    """Staff, and, when MFA_REQUIRED_FOR_STAFF is on, staff with two-factor turned on."""

    message = "Staff must turn on two-factor authentication first: POST /api/auth/mfa/totp/."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and not selectors.user_must_enrol(
            user=request.user
        )
