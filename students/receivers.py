"""Signal receivers for students: the seed's "trigger". Each is wiring; the work is in services."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save

from core.receivers import connect_file_cleanup, file_cleanup_uids
from students import services
from students.models import PersonalDetail, Student

NORMALISE_UID = "students.student.pre_save.normalise"
CREATE_DETAIL_UID = "students.student.post_save.create_personal_detail"
REPLACED_PIC_UID, DELETED_PIC_UID = file_cleanup_uids(PersonalDetail)


def normalise_student(sender: type[Student], instance: Student, raw: bool, **kwargs: Any) -> None:
    """Every save stores a trimmed name and a canonical mobile number."""
    # raw: a fixture is loaded exactly as it was dumped.
    if raw:
        return
    services.student_normalise(student=instance)


def create_personal_detail(
    sender: type[Student], instance: Student, created: bool, raw: bool, **kwargs: Any
) -> None:
    """Inserting a Student inserts its PersonalDetail, in the same transaction."""
    # raw: loaddata brings the fixture's own detail rows (and the trigger covers those without).
    if raw or not created:
        return
    services.personal_detail_provision(student=instance)


def connect() -> None:
    pre_save.connect(normalise_student, sender=Student, dispatch_uid=NORMALISE_UID)
    post_save.connect(create_personal_detail, sender=Student, dispatch_uid=CREATE_DETAIL_UID)
    # The picture goes from storage after commit when replaced or deleted.
    connect_file_cleanup(PersonalDetail)
