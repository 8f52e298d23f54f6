from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MfaConfig(AppConfig):
    name = "mfa"
    verbose_name = "Two-factor authentication"
    # Django picks the app's config among the AppConfig classes in this module.
    default = True

    def ready(self) -> None:
        from mfa import receivers

        receivers.connect()


class MfaAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site whose login asks staff for their two-factor code."""

    default = False
    default_site = "mfa.admin_site.AdminSite"
