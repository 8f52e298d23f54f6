"""Writes to the audit trail. Receivers and bulk services call these; nothing else writes."""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from audit.context import Actor, current_actor, current_request, user_actor
from audit.models import AuditEntry
from core import tracking
from core.net import client_ip

REDACTED = "[redacted]"
# Secrets never reach the trail: such a field shows that it changed, never its value.
_SENSITIVE = re.compile(r"password|token|secret|digest", re.IGNORECASE)
# Bookkeeping that changes on every save or login; the login itself has its own entry.
_IGNORED = frozenset({"updated_at", "last_login"})
_DELETE_SNAPSHOT = "_audit_delete_snapshot"


def _label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def _repr(instance: models.Model) -> str:
    return str(instance)[:200]


def _visible(attname: str, value: Any) -> Any:
    return REDACTED if _SENSITIVE.search(attname) else value


def _diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before, after = before or {}, after or {}
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        if name in _IGNORED:
            continue
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [_visible(name, old), _visible(name, new)]
    return changes


def _without_pk(instance: models.Model, changes: dict[str, Any]) -> dict[str, Any]:
    changes.pop(instance._meta.pk.attname, None)
    return changes


def _request_ip() -> str | None:
    request = current_request()
    return None if request is None else client_ip(request)


def audit_entry_create(
    *,
    action: str,
    model: str,
    object_id: Any = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    row_count: int = 1,
    actor: Actor | None = None,
    using: str | None = None,
) -> AuditEntry:
    actor = actor or current_actor()
    entry = AuditEntry(
        actor_type=actor.type,
        actor_user_id=actor.user_id,
        actor_label=actor.label[:200],
        action=action,
        model=model,
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr[:200],
        changes=changes or {},
        row_count=row_count,
        ip=_request_ip(),
    )
    entry.save(using=using)
    return entry


def audit_previous_remember(*, instance: models.Model, using: str) -> None:
    """pre_save: keep what the row held, for the diff (see core/tracking.py)."""
    tracking.previous_values_remember(instance=instance, using=using)


def audit_save_record(
    *, instance: models.Model, created: bool, using: str, update_fields: Any = None
) -> AuditEntry | None:
    """post_save: one entry naming the changed fields; an update that changed nothing has none.

    With update_fields, only those fields were written, so only those are compared.
    """
    written = tracking.saved_attnames(instance, update_fields)
    before = None if created else tracking.previous_values(instance)
    after = tracking.current_values(instance)
    tracking.loaded_values_reset(instance, only=written)
    if written is not None:
        before = {k: v for k, v in (before or {}).items() if k in written}
        after = {k: v for k, v in after.items() if k in written}
    changes = _diff(before, after)
    _without_pk(instance, changes)  # the entry's object_id already names the row
    if not created and not changes:
        return None
    return audit_entry_create(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        model=_label(instance),
        object_id=instance.pk,
        object_repr=_repr(instance),
        changes=changes,
        using=using,
    )


def audit_created_elsewhere_record(*, instance: models.Model) -> AuditEntry:
    """A row the database inserted by trigger, which no post_save announced."""
    return audit_entry_create(
        action=AuditEntry.Action.CREATE,
        model=_label(instance),
        object_id=instance.pk,
        object_repr=_repr(instance),
        changes=_without_pk(instance, _diff(None, tracking.current_values(instance))),
        using=instance._state.db,
    )


def audit_delete_snapshot(*, instance: models.Model) -> None:
    """pre_delete: what is about to go, while its id and relations can still be read."""
    instance.__dict__[_DELETE_SNAPSHOT] = (
        instance.pk,
        _repr(instance),
        tracking.current_values(instance),
    )


def audit_delete_record(*, instance: models.Model, using: str) -> AuditEntry:
    """post_delete: the entry, built from the pre_delete snapshot (Django clears the pk)."""
    pk, text, values = instance.__dict__.get(_DELETE_SNAPSHOT) or (
        instance.pk,
        _repr(instance),
        tracking.current_values(instance),
    )
    return audit_entry_create(
        action=AuditEntry.Action.DELETE,
        model=_label(instance),
        object_id=pk,
        object_repr=text,
        changes=_without_pk(instance, _diff(values, None)),
        using=using,
    )


def audit_bulk_record(
    *,
    action: str,
    model: type[models.Model],
    row_count: int,
    summary: dict[str, Any] | None = None,
    using: str | None = None,
) -> AuditEntry:
    """One entry for a bulk operation, which sends no per-row signals."""
    return audit_entry_create(
        action=action,
        model=_label(model),
        object_repr=f"{row_count} rows",
        changes=summary or {},
        row_count=row_count,
        using=using,
    )


def audit_assignments(*, model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """What a QuerySet.update() set, as {field: [None, value]}; expressions are named, not run."""
    changes = {}
    for name, value in values.items():
        shown = tracking.plain(value)
        if not isinstance(shown, str | int | float | bool | type(None)):
            shown = str(value)
        changes[name] = [None, _visible(name, shown)]
    return changes


def audit_login_record(*, user: Any) -> AuditEntry:
    return audit_entry_create(
        action=AuditEntry.Action.LOGIN,
        model=_label(type(user)),
        object_id=user.pk,
        object_repr=user.get_username(),
        actor=user_actor(user),
    )


def audit_login_failed_record(*, user_model: type[models.Model], username: str) -> AuditEntry:
    """The name that was tried; never the password, and no hint whether the account exists."""
    return audit_entry_create(
        action=AuditEntry.Action.LOGIN_FAILED,
        model=_label(user_model),
        object_repr=username,
    )


def audit_logout_record(*, user: Any, user_model: type[models.Model]) -> AuditEntry:
    return audit_entry_create(
        action=AuditEntry.Action.LOGOUT,
        model=_label(user_model),
        object_id=getattr(user, "pk", None),
        object_repr=user.get_username() if user is not None else "",
        actor=user_actor(user),
    )


def audit_account_event_record(
    *,
    action: str,
    user: Any,
    user_model: type[models.Model] | None = None,
    changes: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> AuditEntry:
    """An account event (a reset, a verified address, two-factor on or off, an API key).

    `user` is the account concerned, or None when no account matched (a reset asked for an
    unknown address); `changes` holds what the event is about, never a secret, in the trail's
    one shape: {name: [before, after]}.
    """
    model = user_model or type(user)
    return audit_entry_create(
        action=action,
        model=_label(model),
        object_id=getattr(user, "pk", None),
        object_repr=user.get_username() if user is not None else "",
        changes=changes,
        actor=actor,
    )
