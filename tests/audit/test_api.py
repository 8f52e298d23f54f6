from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEntry
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True))
    return client


def test_the_audit_api_requires_authentication(api_client):
    assert api_client.get("/api/audit/").status_code == 401


def test_the_audit_api_is_staff_only(auth_client):
    response = auth_client.get("/api/audit/")

    assert response.status_code == 403
    assert "detail" in response.json()


def test_staff_can_list_and_filter_the_trail(staff_client):
    student = StudentFactory()

    body = staff_client.get(
        "/api/audit/", {"model": "students.student", "object_id": student.pk}
    ).json()

    assert body["count"] == 1
    [entry] = body["results"]
    assert entry["action"] == "create"
    assert entry["changes"]["name"] == [None, student.name]


def test_staff_can_filter_by_action_actor_and_time(staff_client):
    StudentFactory()

    assert staff_client.get("/api/audit/", {"action": "create"}).json()["count"] >= 1
    assert staff_client.get("/api/audit/", {"actor_type": "system"}).json()["count"] >= 1
    future = staff_client.get("/api/audit/", {"since": "2999-01-01T00:00:00Z"}).json()
    assert future["count"] == 0


def test_staff_can_read_one_entry(staff_client):
    StudentFactory()
    entry = AuditEntry.objects.filter(model="students.student").first()

    response = staff_client.get(f"/api/audit/{entry.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == entry.pk


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"action": "explode"}, "action"),
        ({"since": "yesterday"}, "since"),
        ({"actor_user_id": "me"}, "actor_user_id"),
        ({"model": "no dots"}, "model"),
        ({"actor_user_id": str(2**64)}, "actor_user_id"),
        ({"object_id": "nul\x00byte"}, "object_id"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(staff_client, params, field):
    response = staff_client.get("/api/audit/", params)

    assert response.status_code == 400
    assert field in response.json()


def test_the_trail_cannot_be_written_through_the_api(staff_client):
    assert staff_client.post("/api/audit/", {}, format="json").status_code == 405


def test_the_admin_shows_the_trail_read_only(admin_client):
    StudentFactory()

    assert admin_client.get("/admin/audit/auditentry/").status_code == 200
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    entry = AuditEntry.objects.first()
    page = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_an_unknown_or_malformed_entry_id_is_a_json_404(staff_client):
    for url in ("/api/audit/999999/", "/api/audit/abc/"):
        response = staff_client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
