"""Writes for a user's own PersonalDetail, as used by /api/auth/me/personal-detail/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import PersonalDetail, User

_UNSET: Any = object()


def user_personal_detail_get(*, user: User) -> PersonalDetail:
    """The user's detail; provisioning makes it, and this recreates it if it was ever lost."""
    detail, _ = PersonalDetail.objects.get_or_create(user=user)
    return detail


@transaction.atomic
def user_personal_detail_update(
    *,
    detail: PersonalDetail,
    address: str = _UNSET,
    dob: date | None = _UNSET,
    pic: UploadedFile | None = _UNSET,
) -> PersonalDetail:
    """Change only the fields given; a `pic` of None removes the picture."""
    for field, value in {"address": address, "dob": dob, "pic": pic}.items():
        if value is not _UNSET:
            setattr(detail, field, "" if field == "pic" and value is None else value)
    detail.full_clean()
    detail.save()
    return detail
