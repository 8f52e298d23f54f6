"""The one write for a PersonalDetail, whichever owner (student or user) it belongs to."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.personal_detail.models import PersonalDetail

UNSET: Any = object()
Detail = TypeVar("Detail", bound=PersonalDetail)


@transaction.atomic
def personal_detail_update(
    *,
    detail: Detail,
    address: str = UNSET,
    dob: date | None = UNSET,
    pic: UploadedFile | None = UNSET,
) -> Detail:
    """Change only the fields given; a `pic` of None removes the picture.

    The removed file leaves storage after commit (core/receivers.py), never on rollback.
    """
    for field, value in {"address": address, "dob": dob, "pic": pic}.items():
        if value is not UNSET:
            setattr(detail, field, "" if field == "pic" and value is None else value)
    detail.full_clean()
    detail.save()
    return detail
