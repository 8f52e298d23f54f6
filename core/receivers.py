"""Receivers any app can connect for a model with an uploaded file (django-cleanup's job)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from core import files


def remove_replaced_file(
    sender: type[models.Model], instance: models.Model, raw: bool, using: str, **kwargs: Any
) -> None:
    """A replaced file is deleted once the new one has committed; a rollback keeps it."""
    if raw:
        return
    for field_name in _file_fields(sender):
        files.replaced_file_delete_on_commit(instance=instance, field_name=field_name, using=using)


def remove_deleted_file(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any
) -> None:
    """A deleted row's file is deleted after commit; a rollback keeps it."""
    for field_name in _file_fields(sender):
        files.deleted_file_delete_on_commit(instance=instance, field_name=field_name, using=using)


@cache
def _file_fields(model: type[models.Model]) -> tuple[str, ...]:
    # Read once per model, not on every save.
    return tuple(f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField))


def file_cleanup_uids(model: type[models.Model]) -> tuple[str, str]:
    """The dispatch_uids of the (post_save, post_delete) file receivers for `model`."""
    label = model._meta.label_lower
    return f"{label}.post_save.remove_replaced_file", f"{label}.post_delete.remove_deleted_file"


def connect_file_cleanup(model: type[models.Model]) -> None:
    replaced_uid, deleted_uid = file_cleanup_uids(model)
    post_save.connect(remove_replaced_file, sender=model, dispatch_uid=replaced_uid)
    post_delete.connect(remove_deleted_file, sender=model, dispatch_uid=deleted_uid)
