"""Writes shaped like the seed (name, age, mobileno and nothing else) work and keep the invariants.

The timestamps have database defaults, and the trigger inserts the PersonalDetail.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from students.models import PersonalDetail, Student
from tests.invariants import assert_invariants_hold, details_of_student

pytestmark = pytest.mark.django_db


def test_a_raw_sql_insert_of_the_seeds_columns_works_and_gets_its_detail():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO students_student (name, age, mobileno) VALUES (%s, %s, %s)",
            ["ravi", 23, "89789791"],
        )

    student = Student.objects.get(name="ravi")
    assert student.created_at is not None and student.updated_at is not None
    assert student.created_at <= timezone.now()
    assert details_of_student(student.pk) == 1
    assert_invariants_hold()


@pytest.mark.parametrize("with_pk", [False, True])
def test_loaddata_of_a_fixture_with_only_the_seeds_fields_works(tmp_path, with_pk):
    record = {"model": "students.student", "fields": {"name": "ravi", "age": 23}}
    record["fields"]["mobileno"] = "89789791"
    if with_pk:
        record["pk"] = 900
    fixture = tmp_path / "seed.json"
    fixture.write_text(json.dumps([record]))

    call_command("loaddata", str(fixture), verbosity=0)

    student = Student.objects.get(name="ravi")
    assert student.created_at is not None and student.updated_at is not None
    assert PersonalDetail.objects.filter(student=student).count() == 1
    assert details_of_student(student.pk) == 1
    assert_invariants_hold()


def test_an_orm_insert_still_sets_its_own_timestamps():
    before = timezone.now()

    student = Student.objects.create(name="anuj", age=24, mobileno="98765432")

    student.refresh_from_db()
    assert student.created_at >= before
