from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import receivers, schema  # noqa: F401  (schema registers on import)

        receivers.connect()


class RegistrarAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with accounts.admin_site.RegistrarAdminSite as admin.site."""

    default = False  # the "accounts" entry means AccountsConfig
    default_site = "accounts.admin_site.RegistrarAdminSite"
