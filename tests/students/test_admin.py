from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from students.models import PersonalDetail
from tests.factories import StudentFactory
from tests.images import SVG, image_bytes

pytestmark = pytest.mark.django_db


def inline_form(student_fields: dict, **detail: object) -> dict:
    return {
        **student_fields,
        "personal_detail-TOTAL_FORMS": "1",
        "personal_detail-INITIAL_FORMS": "0",
        "personal_detail-MIN_NUM_FORMS": "1",
        "personal_detail-MAX_NUM_FORMS": "1",
        "personal_detail-0-address": "",
        "personal_detail-0-dob": "",
        **{f"personal_detail-0-{k}": v for k, v in detail.items()},
    }


def test_the_student_list_searches_by_name_and_mobile_number(admin_client):
    StudentFactory(name="ravi", mobileno="89789791")
    StudentFactory(name="anuj", mobileno="98765432")

    by_name = admin_client.get("/admin/students/student/?q=rav").content.decode()
    by_number = admin_client.get("/admin/students/student/?q=98765").content.decode()

    assert ">ravi<" in by_name and ">anuj<" not in by_name
    assert ">anuj<" in by_number and ">ravi<" not in by_number


def test_the_student_list_filters_by_age_band(admin_client):
    StudentFactory(name="young", age=16)
    StudentFactory(name="grown", age=30)

    page = admin_client.get("/admin/students/student/?age_band=under-18").content.decode()

    assert ">young<" in page and ">grown<" not in page
    assert 'data-filter-title="age"' in page and "18 to 25" in page


def test_the_personal_detail_inline_shows_a_picture_preview(admin_client):
    student = StudentFactory(name="ravi")
    detail = student.personal_detail
    detail.pic = SimpleUploadedFile("picture.png", image_bytes())
    detail.save()

    page = admin_client.get(f"/admin/students/student/{student.pk}/change/").content.decode()

    assert f'<img src="/media/{detail.pic.name}" alt="Picture of ravi"' in page


def test_the_inline_says_so_when_there_is_no_picture(admin_client):
    student = StudentFactory()

    page = admin_client.get(f"/admin/students/student/{student.pk}/change/").content.decode()

    assert "No picture" in page


def test_an_admin_upload_is_re_encoded_under_a_generated_name(admin_client):
    response = admin_client.post(
        "/admin/students/student/add/",
        inline_form(
            {"name": "ravi", "age": "23", "mobileno": "89789791"},
            pic=SimpleUploadedFile("../../x.png", image_bytes() + b"<html>"),
        ),
    )

    assert response.status_code == 302, response.content
    name = PersonalDetail.objects.get(student__name="ravi").pic.name
    assert name.startswith("pictures/students/") and name.endswith(".png")
    assert "x" not in name.rsplit("/", 1)[1]


def test_an_admin_upload_of_an_svg_is_refused(admin_client):
    response = admin_client.post(
        "/admin/students/student/add/",
        inline_form(
            {"name": "ravi", "age": "23", "mobileno": "89789791"},
            pic=SimpleUploadedFile("x.svg", SVG, content_type="image/svg+xml"),
        ),
    )

    assert response.status_code == 200
    assert "Upload a JPEG, PNG or WebP image." in response.content.decode()
