"""API keys act on students as their user, within their scope."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import ApiKey
from audit.models import AuditEntry
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def key_client(user, scope: str) -> APIClient:
    _, secret = account_services.api_key_create(user=user, name="etl", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def test_an_api_key_lists_only_its_users_students(user):
    mine = StudentFactory(owner=user)
    StudentFactory(owner=UserFactory())
    StudentFactory(owner=None)

    body = key_client(user, ApiKey.Scope.READ).get("/api/students/").json()

    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_an_api_key_gets_404_for_someone_elses_student(user):
    theirs = StudentFactory(owner=UserFactory())

    response = key_client(user, ApiKey.Scope.READ_WRITE).get(f"/api/students/{theirs.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "suffix", "payload"),
    [
        ("patch", "", {"age": 30}),
        ("put", "", {"name": "x", "age": 30, "mobileno": "89789791"}),
        ("delete", "", None),
        ("patch", "personal-detail/", {"address": "elsewhere"}),
    ],
)
def test_a_read_scope_api_key_cannot_change_a_student(user, method, suffix, payload):
    student = StudentFactory(owner=user, age=20)

    response = getattr(key_client(user, ApiKey.Scope.READ), method)(
        f"/api/students/{student.pk}/{suffix}", payload, format="json"
    )

    assert response.status_code == 403
    student.refresh_from_db()
    assert student.age == 20
    assert student.personal_detail.address == ""


def test_a_write_through_an_api_key_is_audited_as_the_key(user):
    client = key_client(user, ApiKey.Scope.READ_WRITE)

    response = client.post(
        "/api/students/", {"name": "ravi", "age": 23, "mobileno": "89789791"}, format="json"
    )

    entry = AuditEntry.objects.get(model="students.student", object_id=str(response.json()["id"]))
    assert entry.actor_type == "api_key"
    assert entry.actor_user_id == user.pk
