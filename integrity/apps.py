from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    """Database triggers that keep the one-detail-per-owner invariants on every write path."""

    name = "integrity"
    verbose_name = "Integrity"

    def ready(self) -> None:
        from integrity import receivers

        receivers.connect()
