"""Signal receivers for students: the seed's "trigger". Each is wiring; the work is in services."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from students import services
from students.models import Student

CREATE_DETAIL_UID = "students.student.post_save.create_personal_detail"


def create_personal_detail(
    sender: type[Student], instance: Student, created: bool, raw: bool, **kwargs: Any
) -> None:
    """Inserting a Student inserts its PersonalDetail, in the same transaction."""
    # raw: loaddata brings the fixture's own detail rows.
    if raw or not created:
        return
    services.personal_detail_create(student=instance)


def connect() -> None:
    post_save.connect(create_personal_detail, sender=Student, dispatch_uid=CREATE_DETAIL_UID)
