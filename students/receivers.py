"""Signal receivers for students: the seed's "trigger". Each is wiring; the work is in services."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from core import files
from students import services
from students.models import PersonalDetail, Student

NORMALISE_UID = "students.student.pre_save.normalise"
CREATE_DETAIL_UID = "students.student.post_save.create_personal_detail"
REPLACED_PIC_UID = "students.personaldetail.post_save.remove_replaced_pic"
DELETED_PIC_UID = "students.personaldetail.post_delete.remove_pic"


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


def remove_replaced_pic(
    sender: type[PersonalDetail], instance: PersonalDetail, raw: bool, using: str, **kwargs: Any
) -> None:
    if raw:
        return
    files.replaced_file_delete_on_commit(instance=instance, field_name="pic", using=using)


def remove_pic(
    sender: type[PersonalDetail], instance: PersonalDetail, using: str, **kwargs: Any
) -> None:
    files.deleted_file_delete_on_commit(instance=instance, field_name="pic", using=using)


def connect() -> None:
    pre_save.connect(normalise_student, sender=Student, dispatch_uid=NORMALISE_UID)
    post_save.connect(create_personal_detail, sender=Student, dispatch_uid=CREATE_DETAIL_UID)
    post_save.connect(remove_replaced_pic, sender=PersonalDetail, dispatch_uid=REPLACED_PIC_UID)
    post_delete.connect(remove_pic, sender=PersonalDetail, dispatch_uid=DELETED_PIC_UID)
