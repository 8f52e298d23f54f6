"""The project's admin site: Django's, with the second factor at login."""

from __future__ import annotations

from typing import Any

from accounts.admin_site import RegistrarAdminSite
from mfa import selectors
from mfa.forms import MfaAdminAuthenticationForm


class AdminSite(RegistrarAdminSite):
    login_form = MfaAdminAuthenticationForm
    login_template = "mfa/admin_login.html"

    def has_permission(self, request: Any) -> bool:
        # A session that predates MFA_REQUIRED_FOR_STAFF is sent back to the login page.
        return super().has_permission(request) and not selectors.user_must_enrol(user=request.user)
