"""Signal receivers for accounts. Each is wiring: guard, then call one service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save

from accounts import services
from accounts.models import AuthToken, PersonalDetail
from core.receivers import connect_file_cleanup, file_cleanup_uids

PROVISION_UID = "accounts.user.post_save.provision"
NORMALISE_UID = "accounts.user.pre_save.normalise"
REPLACED_PIC_UID, DELETED_PIC_UID = file_cleanup_uids(PersonalDetail)
USER_CHANGED_UID = "accounts.user.post_save.forget_cached_tokens"
TOKEN_DELETED_UID = "accounts.authtoken.post_delete.forget_cached_token"  # noqa: S105

# update_last_login() saves just this field on every login; it changes nothing tokens depend on.
_HARMLESS_UPDATES = frozenset({"last_login"})


def normalise_user(sender: type, instance: Any, raw: bool, **kwargs: Any) -> None:
    if raw:
        return
    services.user_normalise(user=instance)


def provision_new_user(
    sender: type, instance: Any, created: bool, raw: bool, **kwargs: Any
) -> None:
    """A user inserted by any path gets a PersonalDetail and a first token.

    It never touches is_staff or is_superuser: privileges are granted deliberately, not by a signal.
    """
    if raw or not created:
        return
    services.user_provision(user=instance)


def forget_cached_tokens_of_changed_user(
    sender: type, instance: Any, created: bool, raw: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    """Deactivation or a new password, by any path (admin, API, shell), reaches cached tokens."""
    if raw or created or (update_fields and set(update_fields) <= _HARMLESS_UPDATES):
        return
    services.user_token_cache_forget(user=instance)


def forget_cached_deleted_token(sender: type, instance: AuthToken, **kwargs: Any) -> None:
    """Any deletion (logout, the admin, the token cap, a cascade) reaches the token cache."""
    services.auth_token_cache_forget(digests=[instance.digest])


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(normalise_user, sender=user_model, dispatch_uid=NORMALISE_UID)
    post_save.connect(provision_new_user, sender=user_model, dispatch_uid=PROVISION_UID)
    # The picture goes from storage after commit when replaced or deleted.
    connect_file_cleanup(PersonalDetail)
    post_save.connect(
        forget_cached_tokens_of_changed_user, sender=user_model, dispatch_uid=USER_CHANGED_UID
    )
    post_delete.connect(
        forget_cached_deleted_token, sender=AuthToken, dispatch_uid=TOKEN_DELETED_UID
    )
