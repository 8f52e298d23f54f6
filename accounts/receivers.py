"""Signal receivers for accounts. Each is wiring: guard, then call one service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from accounts import services

PROVISION_UID = "accounts.user.post_save.provision"


def provision_new_user(
    sender: type, instance: Any, created: bool, raw: bool, **kwargs: Any
) -> None:
    """A user inserted by any path gets a PersonalDetail and a first token.

    It never touches is_staff or is_superuser: privileges are granted deliberately, not by a signal.
    """
    if raw or not created:
        return
    services.user_provision(user=instance)


def connect() -> None:
    post_save.connect(provision_new_user, sender=get_user_model(), dispatch_uid=PROVISION_UID)
