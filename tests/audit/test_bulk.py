"""Bulk writes send no per-row signals; each still leaves exactly one audit entry."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from accounts.models import PersonalDetail as UserDetail
from audit import services as audit_services
from audit.models import AuditEntry
from students.models import PersonalDetail, Student
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def bulk_entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_bulk_create_makes_one_audit_entry():
    Student.objects.bulk_create(
        [Student(name=f"b{i}", age=20, mobileno="89789791") for i in range(25)], batch_size=10
    )

    [entry] = bulk_entries("bulk_create")
    assert (entry.model, entry.row_count) == ("students.student", 25)


def test_queryset_update_makes_one_audit_entry_with_the_assigned_values():
    StudentFactory.create_batch(3, age=20)

    Student.objects.filter(age=20).update(age=21)

    [entry] = bulk_entries("bulk_update")
    assert entry.row_count == 3
    assert entry.changes == {"age": [None, 21]}


def test_an_update_that_matches_nothing_records_nothing():
    Student.objects.filter(name="nobody").update(age=30)

    assert bulk_entries("bulk_update") == []


def test_bulk_update_makes_one_audit_entry_not_one_per_batch():
    students = StudentFactory.create_batch(5)
    for student in students:
        student.age = 40

    Student.objects.bulk_update(students, ["age"], batch_size=2)

    [entry] = bulk_entries("bulk_update")
    assert entry.row_count == 5


def test_a_details_bulk_update_is_audited_too():
    user = UserFactory()

    UserDetail.objects.filter(user=user).update(address="moved")
    PersonalDetail.objects.filter(student=StudentFactory()).update(address="moved")

    assert {e.model for e in bulk_entries("bulk_update")} == {
        "accounts.personaldetail",
        "students.personaldetail",
    }


def test_queryset_delete_records_each_row():
    StudentFactory.create_batch(2)

    Student.objects.all().delete()

    assert AuditEntry.objects.filter(action="delete", model="students.student").count() == 2


# Autocommit, as outside a request: a separate transaction would have committed the update.
@pytest.mark.django_db(transaction=True)
def test_bulk_update_whose_audit_entry_fails_changes_nothing(monkeypatch):
    students = StudentFactory.create_batch(3, age=20)
    for student in students:
        student.age = 40

    def refuse(**kwargs):
        raise DatabaseError("the audit insert failed")

    monkeypatch.setattr(audit_services, "audit_bulk_record", refuse)
    with pytest.raises(DatabaseError):
        Student.objects.bulk_update(students, ["age"], batch_size=2)

    assert set(Student.objects.values_list("age", flat=True)) == {20}
