from django.apps import AppConfig
from django.core.signals import setting_changed


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import csp

        setting_changed.connect(csp.forget_policies, dispatch_uid="core.csp.forget_policies")
