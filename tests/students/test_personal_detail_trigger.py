"""The seed's trigger: inserting a Student inserts its PersonalDetail, on every path."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from students import services
from students.models import PersonalDetail, Student
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_a_student_created_through_the_orm_has_its_personal_detail():
    student = Student.objects.create(name="ravi", age=23, mobileno="89789791")

    assert PersonalDetail.objects.filter(student=student).count() == 1
    assert student.personal_detail.student_id == student.pk


def test_a_student_created_through_the_service_has_its_personal_detail_filled_in():
    student = services.student_create(
        name="ravi", age=23, mobileno="89789791", personal_detail={"address": "xyz"}
    )

    assert PersonalDetail.objects.get(student=student).address == "xyz"


def test_a_student_created_through_the_api_has_its_personal_detail(auth_client):
    response = auth_client.post(
        "/api/students/", {"name": "ravi", "age": 23, "mobileno": "89789791"}, format="json"
    )

    assert response.status_code == 201
    assert PersonalDetail.objects.filter(student_id=response.json()["id"]).count() == 1


def test_a_student_added_in_the_admin_has_its_personal_detail(admin_client):
    response = admin_client.post(
        "/admin/students/student/add/",
        {
            "name": "ravi",
            "age": "23",
            "mobileno": "89789791",
            "owner": "",
            "personal_detail-TOTAL_FORMS": "1",
            "personal_detail-INITIAL_FORMS": "0",
            "personal_detail-MIN_NUM_FORMS": "1",
            "personal_detail-MAX_NUM_FORMS": "1",
            "personal_detail-0-address": "xyz",
            "personal_detail-0-dob": "2001-02-03",
        },
    )

    assert response.status_code == 302, response.content
    student = Student.objects.get(name="ravi")
    detail = PersonalDetail.objects.get(student=student)
    assert detail.address == "xyz"
    assert str(detail.dob) == "2001-02-03"


def test_a_student_added_in_the_admin_with_an_empty_inline_still_has_its_detail(admin_client):
    response = admin_client.post(
        "/admin/students/student/add/",
        {
            "name": "anuj",
            "age": "24",
            "mobileno": "98765432",
            "personal_detail-TOTAL_FORMS": "1",
            "personal_detail-INITIAL_FORMS": "0",
            "personal_detail-MIN_NUM_FORMS": "1",
            "personal_detail-MAX_NUM_FORMS": "1",
            "personal_detail-0-address": "",
            "personal_detail-0-dob": "",
        },
    )

    assert response.status_code == 302, response.content
    assert PersonalDetail.objects.filter(student__name="anuj").count() == 1


def test_updating_a_student_creates_no_second_detail():
    student = StudentFactory()
    student.name = "renamed"
    student.save()

    assert PersonalDetail.objects.filter(student=student).count() == 1


def test_the_receiver_is_idempotent():
    student = StudentFactory()

    services.personal_detail_provision(student=student)

    assert PersonalDetail.objects.filter(student=student).count() == 1


def test_a_failing_receiver_leaves_no_student_behind(monkeypatch):
    def explode(*, student):
        raise RuntimeError("detail insert failed")

    monkeypatch.setattr(services, "personal_detail_provision", explode)

    with pytest.raises(RuntimeError):
        Student.objects.create(name="doomed", age=20, mobileno="89789791")

    assert not Student.objects.filter(name="doomed").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_leaves_no_student_behind_in_autocommit_mode(monkeypatch):
    def explode(*, student):
        raise RuntimeError("detail insert failed")

    monkeypatch.setattr(services, "personal_detail_provision", explode)

    with pytest.raises(RuntimeError):
        Student.objects.create(name="doomed", age=20, mobileno="89789791")

    assert not Student.objects.filter(name="doomed").exists()


def test_loaddata_of_a_student_with_its_detail_works(tmp_path):
    fixture = tmp_path / "students.json"
    fixture.write_text(
        '[{"model": "students.student", "pk": 500,'
        '  "fields": {"name": "ravi", "age": 23, "mobileno": "89789791",'
        '             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}},'
        ' {"model": "students.personaldetail", "pk": 700,'
        '  "fields": {"student": 500, "address": "xyz", "dob": "2001-02-03", "pic": ""}}]'
    )

    call_command("loaddata", str(fixture), verbosity=0)

    detail = PersonalDetail.objects.get(student_id=500)
    assert detail.pk == 700
    assert detail.address == "xyz"
