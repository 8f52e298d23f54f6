from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from students.models import Student

pytestmark = pytest.mark.django_db


def test_saving_a_student_trims_the_name_and_canonicalises_the_mobile_number():
    student = Student.objects.create(name="  Ravi   Kumar ", age=23, mobileno="+91 (987) 654-3210")

    student.refresh_from_db()
    assert student.name == "Ravi Kumar"
    assert student.mobileno == "+919876543210"


def test_the_api_answers_with_the_normalised_values(auth_client):
    response = auth_client.post(
        "/api/students/", {"name": " ravi ", "age": 23, "mobileno": "897-897-91"}, format="json"
    )

    assert response.json()["name"] == "ravi"
    assert response.json()["mobileno"] == "89789791"


def test_saving_a_user_trims_names_and_lower_cases_the_email_domain():
    user = get_user_model().objects.create_user(
        username="trim", first_name=" Ravi ", email="Ravi@EXAMPLE.COM"
    )

    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Ravi", "Ravi@example.com")
