"""Users list, create and revoke their own API keys over the API."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import ApiKey
from audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEYS = "/api/auth/api-keys/"


def test_creating_a_key_shows_it_once_and_it_works(auth_client, user):
    response = auth_client.post(
        KEYS, {"name": "ci", "scope": "read-write", "expires_in_days": 30}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["key"].startswith("rk_")
    assert body["scope"] == "read-write"
    key = ApiKey.objects.get(pk=body["id"])
    assert key.user == user
    assert 29 <= (key.expires - timezone.now()).days <= 30
    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Api-Key {body['key']}")
    assert machine.get("/api/auth/me/").json()["username"] == user.username
    listing = auth_client.get(KEYS).json()
    assert [k["id"] for k in listing] == [key.pk]
    assert "key" not in listing[0]
    assert body["key"] not in str(listing)


def test_a_key_without_expiry_never_expires(auth_client):
    body = auth_client.post(KEYS, {"name": "forever"}, format="json").json()

    assert body["expires"] is None
    assert body["scope"] == "read"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x", "scope": "admin"},
        {"name": "x", "expires_in_days": 0},
        {"name": "x", "expires_in_days": 100000},
        {"name": ""},
        {"name": "x" * 65},
        {},
    ],
)
def test_bad_input_is_a_400(auth_client, payload):
    assert auth_client.post(KEYS, payload, format="json").status_code == 400


def test_a_user_sees_and_revokes_only_their_own_keys(auth_client, user):
    other = UserFactory()
    others_key, _ = account_services.api_key_create(user=other, name="theirs")
    own = auth_client.post(KEYS, {"name": "mine"}, format="json").json()

    assert [k["name"] for k in auth_client.get(KEYS).json()] == ["mine"]
    assert auth_client.delete(f"{KEYS}{others_key.pk}/").status_code == 404
    assert ApiKey.objects.filter(pk=others_key.pk).exists()
    assert auth_client.delete(f"{KEYS}{own['id']}/").status_code == 204
    assert auth_client.delete(f"{KEYS}{own['id']}/").status_code == 404

    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Api-Key {own['key']}")
    assert machine.get("/api/auth/me/").status_code == 401


def test_creating_and_revoking_are_audited(auth_client, user):
    own = auth_client.post(KEYS, {"name": "mine"}, format="json").json()
    auth_client.delete(f"{KEYS}{own['id']}/")

    entries = AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="api_key")
    assert sorted(entries.values_list("action", flat=True)) == [
        "api_key_created",
        "api_key_revoked",
    ]
    assert own["key"] not in str(list(entries.values_list("changes", flat=True)))


def test_an_api_key_cannot_manage_api_keys(api_client, user):
    _, key = account_services.api_key_create(user=user, name="ci", scope="read-write")
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")

    assert api_client.get(KEYS).status_code == 403
    assert api_client.post(KEYS, {"name": "more"}, format="json").status_code == 403


def test_signed_out_callers_get_a_401(api_client):
    assert api_client.get(KEYS).status_code == 401


def test_a_form_body_creates_a_key_too(auth_client):
    response = auth_client.post(KEYS, {"name": "form", "scope": "read-write"})

    assert response.status_code == 201
    assert response.json()["expires"] is None
