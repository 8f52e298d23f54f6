"""Account events land in the audit trail, in its one shape, readable through its API."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts import verification
from audit.models import AuditEntry
from tests.factories import PASSWORD, UserFactory
from tests.mfa.helpers import LOGIN, enrol

pytestmark = pytest.mark.django_db

EVENTS = {
    "reset_requested",
    "email_verified",
    "mfa_enabled",
    "recovery_used",
    "mfa_disabled",
    "api_key_created",
    "api_key_revoked",
}


def test_each_account_event_is_audited_and_the_audit_api_reads_them(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="ravi@example.com")
    anonymous = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post("/api/auth/password-reset/", {"email": "nobody@example.com"})
        anonymous.post("/api/auth/password-reset/", {"email": "ravi@example.com"})
    assert len(mail.outbox) == 1
    key = verification.email_verification_key(user=user)
    assert anonymous.post("/api/auth/verify-email/", {"key": key}).status_code == 204
    enrolled = enrol(user)
    login = {"username": user.username, "password": PASSWORD, "otp": enrolled.recovery_codes[0]}
    assert anonymous.post(LOGIN, login).status_code == 200
    disable = {"password": PASSWORD, "code": enrolled.totp.now()}
    assert enrolled.client.delete("/api/auth/mfa/totp/", disable, format="json").status_code == 204
    created = enrolled.client.post("/api/auth/api-keys/", {"name": "ci"}, format="json").json()
    assert enrolled.client.delete(f"/api/auth/api-keys/{created['id']}/").status_code == 204

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions >= EVENTS
    staff = UserFactory(is_staff=True)
    reader = APIClient()
    token = account_services.auth_token_login(user=staff, name="t")
    reader.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = reader.get("/api/audit/", {"page_size": 100})
    assert response.status_code == 200
    for entry in AuditEntry.objects.filter(action__in=EVENTS):
        assert all(len(pair) == 2 for pair in entry.changes.values()), entry.action
        assert created["key"] not in str(entry.changes)
