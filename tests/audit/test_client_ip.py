"""Login, failed login, logout and password change entries carry the client's address."""

from __future__ import annotations

import pytest

from accounts import services
from audit.models import AuditEntry
from tests.accounts.helpers import rest_framework
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login/"


def latest(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("at", "id")


def test_a_login_and_a_failed_login_record_the_client_address(api_client):
    user = UserFactory()

    api_client.post(
        LOGIN,
        {"username": user.username, "password": PASSWORD},
        format="json",
        REMOTE_ADDR="198.51.100.4",
    )
    api_client.post(
        LOGIN,
        {"username": user.username, "password": "wrong"},
        format="json",
        REMOTE_ADDR="203.0.113.9",
    )

    assert latest(AuditEntry.Action.LOGIN).ip == "198.51.100.4"
    assert latest(AuditEntry.Action.LOGIN_FAILED).ip == "203.0.113.9"


def test_a_logout_records_the_client_address(api_client):
    token = services.auth_token_login(user=UserFactory(), name="tests")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    api_client.post("/api/auth/logout/", REMOTE_ADDR="198.51.100.5")

    assert latest(AuditEntry.Action.LOGOUT).ip == "198.51.100.5"


def test_a_password_change_records_the_client_address(api_client):
    user = UserFactory()
    token = services.auth_token_login(user=user, name="tests")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    answer = api_client.post(
        "/api/auth/password/",
        {"current_password": PASSWORD, "new_password": "an entirely new passphrase 42"},
        format="json",
        REMOTE_ADDR="198.51.100.6",
    )

    assert answer.status_code == 204
    change = AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, model="accounts.user", object_id=str(user.pk)
    ).latest("at", "id")
    assert "password" in change.changes
    assert change.ip == "198.51.100.6"


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(api_client):
    user = UserFactory()
    credentials = {"username": user.username, "password": "wrong"}

    api_client.post(
        LOGIN, credentials, format="json", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    untrusted = latest(AuditEntry.Action.LOGIN_FAILED).ip
    with rest_framework(NUM_PROXIES=1):
        api_client.post(
            LOGIN,
            credentials,
            format="json",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7, 1.2.3.4",
        )
    trusted = latest(AuditEntry.Action.LOGIN_FAILED).ip

    assert untrusted == "10.0.0.1"
    assert trusted == "1.2.3.4"  # the one address the single trusted proxy appended


def test_writes_outside_a_request_have_no_address():
    user = UserFactory()

    assert (
        AuditEntry.objects.filter(model="accounts.user", object_id=str(user.pk)).first().ip is None
    )
