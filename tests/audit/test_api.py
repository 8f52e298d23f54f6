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
    student = StudentFactory()
    student.name = "Renamed"
    student.save()
    AuditEntry.objects.create(actor_type="user", action="login", model="accounts.user")
    everything = AuditEntry.objects.count()

    def found(**params):
        body = staff_client.get("/api/audit/", params).json()
        return body["count"], {entry["id"] for entry in body["results"]}

    creates = set(AuditEntry.objects.filter(action="create").values_list("id", flat=True))
    assert found(action="create") == (len(creates), creates)
    assert 0 < len(creates) < everything
    by_system = set(AuditEntry.objects.filter(actor_type="system").values_list("id", flat=True))
    assert found(actor_type="system") == (len(by_system), by_system)
    assert 0 < len(by_system) < everything
    assert found(since="2999-01-01T00:00:00Z") == (0, set())
    assert found(until="2999-01-01T00:00:00Z")[0] == everything
    assert found(until="2000-01-01T00:00:00Z") == (0, set())


def test_staff_can_search_the_trail_by_label_object_and_model(staff_client):
    ada = StudentFactory(name="Ada Lovelace")
    StudentFactory(name="Grace Hopper")

    body = staff_client.get("/api/audit/", {"search": "lovelace"}).json()

    assert body["count"] >= 1
    assert {entry["object_id"] for entry in body["results"]} == {str(ada.pk)}
    assert staff_client.get("/api/audit/", {"search": "no such words"}).json()["count"] == 0


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
