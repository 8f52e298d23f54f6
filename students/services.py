"""Writes for students and their details. Views, the admin and commands call these."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import User
from audit import services as audit_services
from core.personal_detail.services import personal_detail_update
from students.models import PersonalDetail, Student
from students.validators import canonical_mobileno, canonical_name


def personal_detail_provision(*, student: Student) -> PersonalDetail:
    """A new student's PersonalDetail, and its audit entry.

    The database trigger (integrity/triggers.py) has usually inserted the row already, with
    the student's INSERT, so no post_save announced it: the entry is written here instead.
    """
    detail, created = PersonalDetail.objects.get_or_create(student=student)
    # Cache both sides of the one-to-one, so neither the audit entry's text nor the caller's
    # `student.personal_detail` costs another query.
    student.personal_detail = detail
    if not created:
        audit_services.audit_created_elsewhere_record(instance=detail)
    return detail


def student_normalise(*, student: Student) -> None:
    """Trim the name and store the mobile number in one canonical form, whoever saves."""
    student.name = canonical_name(student.name or "")
    student.mobileno = canonical_mobileno(student.mobileno or "")


@transaction.atomic
def student_create(
    *,
    name: str,
    age: int,
    mobileno: str,
    owner: User | None = None,
    personal_detail: dict[str, Any] | None = None,
) -> Student:
    """Insert a student; its PersonalDetail comes with it, filled in from `personal_detail`."""
    student = Student(name=name, age=age, mobileno=mobileno, owner=owner)
    student.full_clean()
    student.save()
    detail = student.personal_detail
    if personal_detail:
        personal_detail_update(detail=detail, **personal_detail)
    return student


@transaction.atomic
def student_update(
    *, student: Student, personal_detail: dict[str, Any] | None = None, **fields: Any
) -> Student:
    for field, value in fields.items():
        setattr(student, field, value)
    student.full_clean()
    student.save()
    if personal_detail:
        personal_detail_update(detail=student.personal_detail, **personal_detail)
    return student


@transaction.atomic
def student_delete(*, student: Student) -> None:
    student.delete()
