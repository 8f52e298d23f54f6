from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from students.models import Student
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_students_api_requires_authentication(api_client):
    response = api_client.get("/api/students/")

    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")


def test_creating_a_student_answers_with_its_personal_detail(auth_client):
    response = auth_client.post(
        "/api/students/",
        {"name": "ravi", "age": 23, "mobileno": "89789791", "personal_detail": {"address": "xyz"}},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "name", "age", "mobileno", "personal_detail"}
    assert body["personal_detail"] == {"address": "xyz", "dob": None, "pic": None}


def test_listing_students_is_paginated(auth_client, user):
    StudentFactory.create_batch(3, owner=user)

    body = auth_client.get("/api/students/").json()

    assert body["count"] == 3
    assert len(body["results"]) == 3
    assert "personal_detail" in body["results"][0]


def test_a_student_can_be_read_replaced_patched_and_deleted(auth_client, user):
    student = StudentFactory(owner=user)
    url = f"/api/students/{student.pk}/"

    assert auth_client.get(url).json()["name"] == student.name
    replaced = auth_client.put(
        url, {"name": "new", "age": 30, "mobileno": "12345678"}, format="json"
    )
    assert replaced.status_code == 200
    assert replaced.json()["age"] == 30
    patched = auth_client.patch(url, {"personal_detail": {"address": "moved"}}, format="json")
    assert patched.json()["personal_detail"]["address"] == "moved"
    assert auth_client.delete(url).status_code == 204
    assert not Student.objects.filter(pk=student.pk).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "age": 0, "mobileno": "89789791"}, "age"),
        ({"name": "x", "age": 151, "mobileno": "89789791"}, "age"),
        ({"name": "x", "age": "old", "mobileno": "89789791"}, "age"),
        ({"name": "x", "age": 20, "mobileno": "call me"}, "mobileno"),
        ({"name": "x", "age": 20, "mobileno": "123"}, "mobileno"),
        ({"name": "", "age": 20, "mobileno": "89789791"}, "name"),
        (
            {"name": "x", "age": 20, "mobileno": "89789791", "personal_detail": {"dob": "no"}},
            "personal_detail",
        ),
    ],
)
def test_invalid_student_input_is_a_400_naming_the_field(auth_client, payload, field):
    response = auth_client.post("/api/students/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Student.objects.exists()


def test_an_unknown_student_is_a_json_404(auth_client):
    response = auth_client.get("/api/students/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Student matches the given query."}


def test_the_personal_detail_endpoint_reads_and_patches(auth_client, user):
    student = StudentFactory(owner=user)
    url = f"/api/students/{student.pk}/personal-detail/"

    assert auth_client.get(url).json() == {"address": "", "dob": None, "pic": None}
    response = auth_client.patch(url, {"dob": "2001-02-03"}, format="json")
    assert response.status_code == 200
    assert response.json()["dob"] == "2001-02-03"


def test_a_picture_is_uploaded_with_multipart(auth_client, user):
    student = StudentFactory(owner=user)
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")

    response = auth_client.patch(
        f"/api/students/{student.pk}/personal-detail/", {"pic": upload}, format="multipart"
    )

    assert response.status_code == 200, response.content
    assert response.json()["pic"].startswith("http://testserver/media/pictures/students/")
    assert "me" not in response.json()["pic"].rsplit("/", 1)[1]


def test_an_unknown_url_is_a_json_404(api_client):
    response = api_client.get("/api/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
