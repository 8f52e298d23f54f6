"""A model mixin: save() and its receivers in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import router, transaction


class SavesAtomically:
    """save() and its post_save receivers land together or not at all.

    Django sends post_save after an autocommit INSERT has already committed, so a receiver that
    fails would leave the row behind without what the receiver was to create (a Student without
    its PersonalDetail, a user without detail and token). Wrapping the save puts the receivers
    in the same transaction; inside an outer transaction it is only a savepoint.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A mixin for models: type(self) is a Model class, and super() reaches Model.save().
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)  # type: ignore[arg-type]
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)  # type: ignore[misc]
