"""Where uploaded files go, and when they leave.

Names are the server's: nothing from the client's file name is kept.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, cast

from django.db import models, transaction

from core import tracking
from core.images import CONTENT_TYPES


def _generated_name(folder: str, filename: str) -> str:
    # Only the extension survives, lower-cased, and only when it is a known image type;
    # the upload validation re-encodes the file and fixes the extension to match.
    ext = os.path.splitext(filename)[1].lower()
    if ext not in CONTENT_TYPES:
        ext = ""
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def personal_detail_picture_path(instance: Any, filename: str) -> str:
    """Each owner's pictures in its own folder, as the concrete model names it."""
    return _generated_name(instance.picture_folder, filename)


# The initial migrations name these; new code uses personal_detail_picture_path.
def student_picture_path(instance: Any, filename: str) -> str:
    return _generated_name("pictures/students", filename)


def user_picture_path(instance: Any, filename: str) -> str:
    return _generated_name("pictures/users", filename)


def stored_file_delete_on_commit(*, field: models.FileField, name: str, using: str) -> None:
    """Remove a stored file once the transaction commits; on rollback the file stays.

    The row that named it may come back with the rollback, so deleting earlier would leave a
    row pointing at nothing. At commit, a file that another row still names is kept.
    """
    if not name:
        return

    def delete() -> None:
        still_named = field.model._base_manager.using(using).filter(**{field.name: name})
        if not still_named.exists():
            field.storage.delete(name)

    transaction.on_commit(delete, using=using)


def replaced_file_delete_on_commit(*, instance: models.Model, field_name: str, using: str) -> None:
    """After a save: if the file field now names a different file, the old one goes at commit."""
    previous = tracking.previous_values(instance) or {}
    field = cast(models.FileField, instance._meta.get_field(field_name))
    old = previous.get(field.attname) or ""
    new = getattr(instance, field.attname).name or ""
    if old and old != new:
        stored_file_delete_on_commit(field=field, name=old, using=using)


def deleted_file_delete_on_commit(*, instance: models.Model, field_name: str, using: str) -> None:
    """After a delete: the row's file goes at commit."""
    field = cast(models.FileField, instance._meta.get_field(field_name))
    stored_file_delete_on_commit(
        field=field, name=getattr(instance, field.attname).name or "", using=using
    )
