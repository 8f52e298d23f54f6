"""The admin site, with the project's login form and a limited password change."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.forms import LimitedAdminPasswordChangeForm, StrictAdminAuthenticationForm


class RegistrarAdminSite(admin.AdminSite):
    login_form = StrictAdminAuthenticationForm

    def password_change(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        # Django's AdminSite.password_change with the limited form: the admin's form class is
        # not a setting there.
        defaults: dict[str, Any] = {
            "form_class": LimitedAdminPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        # A TemplateResponse, or a redirect once changed: the same as Django's, whose stub says
        # TemplateResponse.
        return cast(TemplateResponse, PasswordChangeView.as_view(**defaults)(request))
