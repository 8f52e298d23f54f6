"""Receivers for the integrity app. Each is wiring: guard, then call one service."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from integrity import services

REINSTALL_UID = "integrity.post_migrate.reinstall_triggers"


def reinstall_dropped_triggers(sender: AppConfig, using: str, **kwargs: Any) -> None:
    """A migration that rebuilds a table on SQLite (most AlterField, RemoveField) drops its
    triggers with the old table; after every migrate, put back any registered one that is gone
    (integrity/triggers.py: the invariants and the audit trail's append-only rule)."""
    services.triggers_reinstall_missing(using=using)


def connect() -> None:
    # Sent once per app after each migrate; listening for this app's config runs it once.
    post_migrate.connect(
        reinstall_dropped_triggers,
        sender=apps.get_app_config("integrity"),
        dispatch_uid=REINSTALL_UID,
    )
