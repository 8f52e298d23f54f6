"""Signal receivers for two-factor. Each is wiring: guard, then call one service."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from mfa import services
from mfa.models import TOTPDevice

DEVICE_DELETED_UID = "mfa.totpdevice.post_delete.sync_user_flag"


def sync_flag_of_deleted_device(sender: type, instance: TOTPDevice, **kwargs: Any) -> None:
    """Staff deleting a device in the admin turns the user's two-factor off, flag and all."""
    if instance.confirmed:
        services.user_mfa_flag_sync(user_id=instance.user_id)


def connect() -> None:
    post_delete.connect(
        sync_flag_of_deleted_device, sender=TOTPDevice, dispatch_uid=DEVICE_DELETED_UID
    )
