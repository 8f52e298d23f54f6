"""API keys: digests at rest, scope, expiry, last_used, the command and the admin."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiKey
from students.models import Student
from tests.dbtext import all_rows_as_text

pytestmark = pytest.mark.django_db


def key_client(user, scope: str, **kwargs) -> tuple[APIClient, ApiKey, str]:
    key, secret = services.api_key_create(user=user, name="ci", scope=scope, **kwargs)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client, key, secret


def test_an_api_key_reads_on_behalf_of_its_user(user):
    client, _, _ = key_client(user, ApiKey.Scope.READ)

    assert client.get("/api/secure/").status_code == 200
    assert client.get("/api/auth/me/").json()["username"] == user.username


@pytest.mark.parametrize("url", ["/api/secure/", "/api/students/", "/api/auth/logout-all/"])
def test_a_read_scope_api_key_gets_403_on_post(user, url):
    client, _, _ = key_client(user, ApiKey.Scope.READ)

    response = client.post(url, {}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "This API key is read-only."


def test_a_read_write_api_key_writes_as_its_user(user):
    client, _, _ = key_client(user, ApiKey.Scope.READ_WRITE)

    response = client.post(
        "/api/students/", {"name": "ravi", "age": 23, "mobileno": "+919876543210"}, format="json"
    )

    assert response.status_code == 201
    assert Student.objects.get(pk=response.json()["id"]).owner == user


def test_an_expired_api_key_gets_401(user):
    client, _, _ = key_client(
        user, ApiKey.Scope.READ, expires=timezone.now() - timedelta(seconds=1)
    )

    assert client.get("/api/secure/").status_code == 401


def test_an_api_key_of_an_inactive_user_gets_401(user):
    client, _, _ = key_client(user, ApiKey.Scope.READ)
    user.is_active = False
    user.save()

    assert client.get("/api/secure/").status_code == 401


@pytest.mark.parametrize("header", ["Api-Key wrong", "Api-Key", "Api-Key a b"])
def test_a_bad_api_key_gets_401(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)

    assert api_client.get("/api/secure/").status_code == 401


def test_an_api_key_is_stored_only_as_a_digest(user):
    _, key, secret = key_client(user, ApiKey.Scope.READ)

    assert secret not in all_rows_as_text()
    assert secret.startswith(key.prefix)


def test_last_used_is_set_on_first_use_then_at_most_once_a_minute(user):
    client, key, _ = key_client(user, ApiKey.Scope.READ)

    client.get("/api/secure/")
    key.refresh_from_db()
    first = key.last_used
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/secure/")
    key.refresh_from_db()

    assert first is not None
    assert key.last_used == first
    assert [q["sql"].split()[0] for q in queries] == ["SELECT"]


def test_the_command_prints_the_key_once_and_stores_its_digest(user):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "create_api_key",
        user.username,
        "--name=backup",
        "--scope=read-write",
        "--expires-in-days=30",
        stdout=out,
        stderr=err,
    )

    secret = out.getvalue().strip()
    key = ApiKey.objects.get(name="backup")
    assert key.user == user and key.scope == "read-write" and key.expires > timezone.now()
    assert secret not in all_rows_as_text()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert client.post("/api/secure/").status_code == 200


@pytest.mark.parametrize(
    "args", [["nobody", "--name=x"], ["{user}", "--name=x", "--expires-in-days=0"]]
)
def test_the_command_refuses_bad_input(user, args):
    args = [a.format(user=user.username) for a in args]

    with pytest.raises(CommandError):
        call_command("create_api_key", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_an_admin_creates_a_key_and_sees_it_once(admin_client, user):
    response = admin_client.post(
        "/admin/accounts/apikey/add/",
        {"user": user.pk, "name": "reporting", "scope": "read", "expires_0": "", "expires_1": ""},
        follow=True,
    )

    assert response.status_code == 200
    key = ApiKey.objects.get(name="reporting")
    messages = [str(m) for m in response.context["messages"]]
    shown = [m for m in messages if "will not be shown again" in m]
    assert len(shown) == 1
    secret = shown[0].split(": ")[1].split(" ")[0]
    assert secret.startswith(key.prefix)
    assert secret not in all_rows_as_text()
    change_page = admin_client.get(f"/admin/accounts/apikey/{key.pk}/change/")
    assert secret not in change_page.content.decode()
