"""The audit trail's receivers: model writes and login events. Each guards, then calls a service."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from audit import services

# The audited models, by label; a proxy or subclass is covered by the database triggers and
# check_invariants, not by these receivers, which Django dispatches on the exact sender.
AUDITED = (
    "students.Student",
    "students.PersonalDetail",
    "accounts.User",
    "accounts.PersonalDetail",
)


def remember_previous_values(
    sender: type[models.Model], instance: models.Model, raw: bool, using: str, **kwargs: Any
) -> None:
    if raw:
        return
    services.audit_previous_remember(instance=instance, using=using)


def record_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool,
    using: str,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    if raw:
        return
    services.audit_save_record(
        instance=instance, created=created, using=using, update_fields=update_fields
    )


def snapshot_before_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    services.audit_delete_snapshot(instance=instance)


def record_delete(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any
) -> None:
    services.audit_delete_record(instance=instance, using=using)


def record_login(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    services.audit_login_record(user=user)


def record_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or "")
    services.audit_login_failed_record(user_model=user_model, username=username)


def record_logout(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    services.audit_logout_record(user=user, user_model=get_user_model())


MODEL_RECEIVERS = (
    (pre_save, "pre_save", remember_previous_values),
    (post_save, "post_save", record_save),
    (pre_delete, "pre_delete", snapshot_before_delete),
    (post_delete, "post_delete", record_delete),
)
AUTH_RECEIVERS = (
    (user_logged_in, "audit.user_logged_in", record_login),
    (user_login_failed, "audit.user_login_failed", record_login_failed),
    (user_logged_out, "audit.user_logged_out", record_logout),
)


def dispatch_uid(signal_name: str, label: str) -> str:
    return f"audit.{label.lower()}.{signal_name}"


def connect() -> None:
    for label in AUDITED:
        model = apps.get_model(label)
        for signal, name, receiver in MODEL_RECEIVERS:
            signal.connect(receiver, sender=model, dispatch_uid=dispatch_uid(name, label))
    # Login events come from any backend or view, so these listen without a sender.
    for auth_signal, uid, auth_receiver in AUTH_RECEIVERS:
        auth_signal.connect(auth_receiver, dispatch_uid=uid)
