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
    """The project's admin (accounts.admin_site), with a login that asks staff for their code."""

    default = False
    default_site = "mfa.admin_site.AdminSite"
