"""What a row held before this save: the base of every audit diff and of the picture cleanup."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Collection
from typing import Any, Self

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile

# The attribute names live on the instance, prefixed so they never clash with a field.
_LOADED = "_tracking_loaded"
_PREVIOUS = "_tracking_previous"


class TracksLoadedValues:
    """Keep the values a row had when it was read, so a later save can diff without a query.

    This is Django's documented `from_db` recipe ("Customizing model loading").
    """

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        instance = super().from_db(db, field_names, values)  # type: ignore[misc]
        instance.__dict__[_LOADED] = {
            name: plain(value) for name, value in zip(field_names, values, strict=True)
        }
        return instance

    def refresh_from_db(
        self, using: str | None = None, fields: Any = None, from_queryset: Any = None
    ) -> None:
        super().refresh_from_db(  # type: ignore[misc]
            using=using, fields=fields, from_queryset=from_queryset
        )
        fresh = current_values(self)  # type: ignore[arg-type]
        if fields is None:
            self.__dict__[_LOADED] = fresh
            return
        # Only the fields just read are fresh; others may hold unsaved edits (a deferred
        # field read mid-save must not make those edits look like the stored values).
        names = set()
        for name in fields:
            try:
                names.add(self._meta.get_field(name).attname)  # type: ignore[attr-defined]
            except FieldDoesNotExist:  # a related cache name, not a column
                continue
        loaded = self.__dict__.setdefault(_LOADED, {})
        loaded.update({k: v for k, v in fresh.items() if k in names})


def plain(value: Any) -> Any:
    """A JSON-ready form of a field value, the same whether it came from the row or the instance."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def current_values(instance: models.Model) -> dict[str, Any]:
    """The instance's loaded concrete field values, by attname (deferred fields are left out)."""
    deferred = instance.get_deferred_fields()
    return {
        f.attname: plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in deferred
    }


def previous_values_remember(*, instance: models.Model, using: str) -> dict[str, Any] | None:
    """Record, at pre_save, the row as it is in the database; None for an insert.

    Uses what the instance was loaded with when that covers every field; only an instance that
    was built by hand with a pk, or loaded with .only()/.defer(), costs one query.
    """
    previous: dict[str, Any] | None = None
    if not instance._state.adding and instance.pk is not None:
        attnames = [f.attname for f in instance._meta.concrete_fields]
        loaded = instance.__dict__.get(_LOADED)
        if loaded is not None and all(name in loaded for name in attnames):
            previous = dict(loaded)
        else:
            row = (
                type(instance)
                ._base_manager.using(using)
                .filter(pk=instance.pk)
                .values(*attnames)
                .first()
            )
            previous = {k: plain(v) for k, v in row.items()} if row is not None else None
    instance.__dict__[_PREVIOUS] = previous
    return previous


def loaded_values_reset(instance: models.Model, *, only: set[str] | None = None) -> None:
    """At post_save: the next save of this same instance diffs against what this one wrote.

    Not at pre_save: a FileField only gets its final name while the row is being written.
    `only` names the attnames a save(update_fields=...) wrote; the others keep their stored values.
    """
    fresh = current_values(instance)
    loaded = instance.__dict__.get(_LOADED)
    if only is None or loaded is None:
        instance.__dict__[_LOADED] = fresh
    else:
        loaded.update({k: v for k, v in fresh.items() if k in only})


def saved_attnames(instance: models.Model, update_fields: Any) -> set[str] | None:
    """The attnames a save wrote: all of them (None), or those of update_fields."""
    if update_fields is None:
        return None
    # update_fields names concrete fields only (Django refuses anything else), never a relation.
    return {instance._meta.get_field(name).attname for name in update_fields}  # type: ignore[union-attr]


def previous_values(instance: models.Model) -> dict[str, Any] | None:
    """What previous_values_remember recorded for the save in progress."""
    return instance.__dict__.get(_PREVIOUS)
