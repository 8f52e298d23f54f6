"""Every write path named in the issue leaves each Student and each user with exactly one detail.

Some of these paths send no signal at all (bulk_create, raw SQL, a RunPython migration's
historical models) or a raw one (loaddata); the database triggers cover them.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEntry
from students.models import PersonalDetail, Student
from tests.invariants import assert_invariants_hold, details_of_student, details_of_user

User = get_user_model()

pytestmark = pytest.mark.django_db


class StudentProxy(Student):
    """A proxy's save() sends its signals with the proxy as sender: no receiver matches."""

    class Meta:
        proxy = True
        app_label = "students"


def test_save_keeps_the_invariants():
    student = Student(name="ravi", age=23, mobileno="89789791")
    student.save()
    user = User(username="saved")
    user.save()

    assert details_of_student(student.pk) == 1
    assert details_of_user(user.pk) == 1
    assert_invariants_hold()


def test_create_keeps_the_invariants():
    student = Student.objects.create(name="ravi", age=23, mobileno="89789791")
    user = User.objects.create_user(username="created", password="x")

    assert details_of_student(student.pk) == 1
    assert details_of_user(user.pk) == 1
    assert_invariants_hold()


def test_get_or_create_keeps_the_invariants():
    student, created = Student.objects.get_or_create(
        name="ravi", defaults={"age": 23, "mobileno": "89789791"}
    )
    again, created_again = Student.objects.get_or_create(
        name="ravi", defaults={"age": 23, "mobileno": "89789791"}
    )
    user, _ = User.objects.get_or_create(username="goc")

    assert created and not created_again and again.pk == student.pk
    assert details_of_student(student.pk) == 1
    assert details_of_user(user.pk) == 1
    assert_invariants_hold()


def test_admin_add_keeps_the_invariants(admin_client):
    response = admin_client.post(
        "/admin/students/student/add/",
        {
            "name": "ravi",
            "age": "23",
            "mobileno": "89789791",
            "personal_detail-TOTAL_FORMS": "1",
            "personal_detail-INITIAL_FORMS": "0",
            "personal_detail-MIN_NUM_FORMS": "1",
            "personal_detail-MAX_NUM_FORMS": "1",
            "personal_detail-0-address": "xyz",
            "personal_detail-0-dob": "",
        },
    )

    assert response.status_code == 302, response.content
    student = Student.objects.get(name="ravi")
    assert details_of_student(student.pk) == 1
    assert student.personal_detail.address == "xyz"
    assert_invariants_hold()


def test_the_api_keeps_the_invariants(api_client, auth_client):
    registered = api_client.post(
        "/api/auth/register/",
        {"username": "api-user", "password": "correct horse battery staple"},
        format="json",
    )
    created = auth_client.post(
        "/api/students/", {"name": "ravi", "age": 23, "mobileno": "89789791"}, format="json"
    )

    assert registered.status_code == 201
    assert created.status_code == 201
    assert details_of_student(created.json()["id"]) == 1
    assert details_of_user(User.objects.get(username="api-user").pk) == 1
    assert_invariants_hold()


def test_bulk_create_keeps_the_invariants():
    students = Student.objects.bulk_create(
        [Student(name=f"bulk{i}", age=20, mobileno="89789791") for i in range(5)]
    )
    users = User.objects.bulk_create([User(username=f"bulk{i}") for i in range(3)])

    assert all(details_of_student(s.pk) == 1 for s in students)
    assert all(details_of_user(u.pk) == 1 for u in users)
    assert_invariants_hold()


def test_a_raw_sql_insert_keeps_the_invariants():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO students_student (name, age, mobileno, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            ["raw", 30, "89789791", "2024-01-01 00:00:00", "2024-01-01 00:00:00"],
        )
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined)"
            " VALUES ('!', %s, 'raw-user', '', '', '', %s, %s, '2024-01-01 00:00:00')",
            [False, False, True],
        )

    assert details_of_student(Student.objects.get(name="raw").pk) == 1
    assert details_of_user(User.objects.get(username="raw-user").pk) == 1
    assert_invariants_hold()


def test_a_raw_sql_insert_of_a_student_and_then_its_detail_keeps_the_detail():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO students_student (id, name, age, mobileno, created_at, updated_at)"
            " VALUES (4321, 'raw', 30, '89789791', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
        )
        cursor.execute(
            "INSERT INTO students_personaldetail (student_id, address, dob, pic)"
            " VALUES (4321, 'given', NULL, '')"
        )

    assert PersonalDetail.objects.get(student_id=4321).address == "given"
    assert_invariants_hold()


def test_loaddata_of_a_fixture_without_detail_rows_keeps_the_invariants(tmp_path):
    fixture = tmp_path / "no-details.json"
    fixture.write_text(
        '[{"model": "students.student", "pk": 501,'
        '  "fields": {"name": "loaded", "age": 23, "mobileno": "89789791",'
        '             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}},'
        ' {"model": "accounts.user", "pk": 901, "fields": {"username": "loaded", "password": "!"}}]'
    )

    call_command("loaddata", str(fixture), verbosity=0)

    assert details_of_student(501) == 1
    assert details_of_user(901) == 1
    assert_invariants_hold()


def test_loaddata_of_a_fixture_with_its_own_detail_rows_keeps_them(tmp_path):
    fixture = tmp_path / "with-details.json"
    fixture.write_text(
        '[{"model": "students.student", "pk": 502,'
        '  "fields": {"name": "loaded", "age": 23, "mobileno": "89789791",'
        '             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}},'
        ' {"model": "students.personaldetail", "pk": 702,'
        '  "fields": {"student": 502, "address": "from the fixture", "dob": null, "pic": ""}}]'
    )

    call_command("loaddata", str(fixture), verbosity=0)

    detail = PersonalDetail.objects.get(student_id=502)
    assert (detail.pk, detail.address) == (702, "from the fixture")
    assert_invariants_hold()


def test_a_run_python_migration_keeps_the_invariants():
    state = MigrationExecutor(connection).loader.project_state(
        [("students", "0001_initial"), ("accounts", "0001_initial")]
    )

    def forwards(apps, schema_editor):
        # Historical models: signals are sent with these classes as sender, so the
        # receivers connected to the real models never run.
        apps.get_model("students", "Student").objects.create(
            name="migrated", age=40, mobileno="89789791"
        )
        apps.get_model("accounts", "User").objects.create(username="migrated")

    operation = migrations.RunPython(forwards)
    # RunPython only reads the connection off its schema editor; a real one cannot be
    # opened on SQLite inside the test's transaction.
    operation.database_forwards("students", SimpleNamespace(connection=connection), state, state)

    student = Student.objects.get(name="migrated")
    assert details_of_student(student.pk) == 1
    assert details_of_user(User.objects.get(username="migrated").pk) == 1
    assert not AuditEntry.objects.filter(object_id=str(student.pk), model="students.student")
    assert_invariants_hold()


def test_a_proxy_model_save_keeps_the_invariants():
    student = StudentProxy.objects.create(name="proxied", age=23, mobileno="89789791")

    assert details_of_student(student.pk) == 1
    assert not AuditEntry.objects.filter(model="students.student", object_id=str(student.pk))
    assert_invariants_hold()
