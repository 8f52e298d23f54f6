"""Who sees and changes which student: staff everything, others only what they created."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from students.models import Student
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {account_services.auth_token_login(user=user, name='t')}"
    )
    return client


@pytest.fixture
def staff_client():
    return client_for(UserFactory(is_staff=True))


def test_a_student_created_through_the_api_belongs_to_its_creator(auth_client, user):
    response = auth_client.post(
        "/api/students/", {"name": "ravi", "age": 23, "mobileno": "89789791"}, format="json"
    )

    assert Student.objects.get(pk=response.json()["id"]).owner == user


def test_a_user_lists_only_the_students_they_created(auth_client, user):
    mine = StudentFactory(owner=user)
    StudentFactory(owner=UserFactory())
    StudentFactory(owner=None)

    body = auth_client.get("/api/students/").json()

    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["count"] == 1


@pytest.mark.parametrize("owner", ["someone_else", "nobody"])
@pytest.mark.parametrize(
    ("method", "suffix", "payload"),
    [
        ("get", "", None),
        ("put", "", {"name": "x", "age": 20, "mobileno": "89789791"}),
        ("patch", "", {"name": "x"}),
        ("delete", "", None),
        ("get", "personal-detail/", None),
        ("patch", "personal-detail/", {"address": "x"}),
    ],
)
def test_anyone_elses_or_an_ownerless_record_is_a_404(auth_client, owner, method, suffix, payload):
    student = StudentFactory(owner=UserFactory() if owner == "someone_else" else None)

    response = getattr(auth_client, method)(
        f"/api/students/{student.pk}/{suffix}", payload, format="json"
    )

    assert response.status_code == 404
    student.refresh_from_db()
    assert student.name != "x"
    assert student.personal_detail.address == ""


def test_staff_see_every_record_including_ownerless_ones(staff_client):
    StudentFactory(owner=UserFactory())
    StudentFactory(owner=None)

    assert staff_client.get("/api/students/").json()["count"] == 2


def test_staff_change_and_delete_anyones_record(staff_client):
    student = StudentFactory(owner=UserFactory())
    url = f"/api/students/{student.pk}/"

    assert staff_client.patch(url, {"name": "renamed"}, format="json").status_code == 200
    assert staff_client.delete(url).status_code == 204
    assert not Student.objects.filter(pk=student.pk).exists()


def test_an_owner_cannot_hand_a_record_to_someone_else(auth_client, user):
    student = StudentFactory(owner=user)
    other = UserFactory()

    auth_client.patch(f"/api/students/{student.pk}/", {"owner": other.pk}, format="json")

    student.refresh_from_db()
    assert student.owner == user


@pytest.mark.parametrize("pk", ["99999999999999999999999", "0", "-1"])
def test_an_id_out_of_range_is_a_404_not_a_500(staff_client, pk):
    assert staff_client.get(f"/api/students/{pk}/").status_code == 404
