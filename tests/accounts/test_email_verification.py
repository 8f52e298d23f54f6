"""E-mail verification: none, optional (the default) and mandatory."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import verification
from audit.models import AuditEntry
from tests.accounts.helpers import throttle_rates
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
REGISTER = "/api/auth/register/"
VERIFY = "/api/auth/verify-email/"
RESEND = "/api/auth/verify-email/resend/"
STRONG = "correct horse battery staple"


def _key(message) -> str:
    link = re.search(r"https?://\S+", message.body).group(0)
    return parse_qs(urlsplit(link).query)["key"][0]


def _register(api_client, capture, **extra):
    with capture(execute=True):
        return api_client.post(
            REGISTER, {"username": "ravi", "password": STRONG, **extra}, format="json"
        )


def test_registering_with_an_address_sends_a_link_and_keeps_the_seeds_answer(
    api_client, django_capture_on_commit_callbacks
):
    response = _register(api_client, django_capture_on_commit_callbacks, email="ravi@example.com")

    assert response.status_code == 201
    assert set(response.json()) == {"response", "username", "token"}
    (message,) = mail.outbox
    assert message.to == ["ravi@example.com"]
    assert not User.objects.get(username="ravi").email_verified


def test_following_the_link_verifies_the_address(api_client, django_capture_on_commit_callbacks):
    _register(api_client, django_capture_on_commit_callbacks, email="ravi@example.com")

    response = api_client.post(VERIFY, {"key": _key(mail.outbox[0])}, format="json")

    assert response.status_code == 204
    user = User.objects.get(username="ravi")
    assert user.email_verified
    assert AuditEntry.objects.filter(action="email_verified", object_id=str(user.pk)).count() == 1
    again = api_client.post(VERIFY, {"key": _key(mail.outbox[0])}, format="json")
    assert again.status_code == 204
    assert AuditEntry.objects.filter(action="email_verified").count() == 1


@pytest.mark.parametrize("key", ["", "nonsense", "a" * 400, "x\x00y"])
def test_a_bad_key_is_a_400(api_client, key):
    assert api_client.post(VERIFY, {"key": key}, format="json").status_code == 400


def test_an_expired_key_is_a_400(api_client, settings):
    user = UserFactory(email="ravi@example.com")
    key = verification.email_verification_key(user=user)
    settings.EMAIL_VERIFICATION_TIMEOUT = -1

    assert api_client.post(VERIFY, {"key": key}, format="json").status_code == 400


def test_registering_without_an_address_sends_nothing(
    api_client, django_capture_on_commit_callbacks
):
    response = _register(api_client, django_capture_on_commit_callbacks)

    assert response.status_code == 201
    assert mail.outbox == []


def test_with_verification_off_no_link_is_sent(
    api_client, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"

    _register(api_client, django_capture_on_commit_callbacks, email="ravi@example.com")

    assert mail.outbox == []


def test_under_mandatory_login_is_refused_until_the_address_is_verified(
    api_client, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    _register(api_client, django_capture_on_commit_callbacks, email="ravi@example.com")
    login = {"username": "ravi", "password": STRONG}

    refused = api_client.post("/api/auth/login/", login, format="json")
    assert refused.status_code == 400
    assert "Verify your e-mail address" in str(refused.json())

    api_client.post(VERIFY, {"key": _key(mail.outbox[0])}, format="json")
    assert api_client.post("/api/auth/login/", login, format="json").status_code == 200


def test_under_mandatory_registration_needs_an_address(api_client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = api_client.post(REGISTER, {"username": "ravi", "password": STRONG}, format="json")

    assert response.status_code == 400
    assert "email" in response.json()
    assert not User.objects.filter(username="ravi").exists()


def test_under_optional_an_unverified_address_does_not_block_login(api_client):
    UserFactory(username="ravi", email="ravi@example.com")

    login = {"username": "ravi", "password": PASSWORD}
    assert api_client.post("/api/auth/login/", login, format="json").status_code == 200


def test_changing_the_address_starts_verification_again(
    auth_client, user, django_capture_on_commit_callbacks
):
    user.email = user.verified_email = "old@example.com"
    user.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.patch("/api/auth/me/", {"email": "new@example.com"}, format="json")

    assert response.status_code == 200
    assert response.json()["email_verified"] is False
    (message,) = mail.outbox
    assert message.to == ["new@example.com"]
    old_key_user = User.objects.get(pk=user.pk)
    assert not old_key_user.email_verified


def test_a_key_for_a_replaced_address_is_refused(auth_client, user):
    user.email = "old@example.com"
    user.save()
    old_key = verification.email_verification_key(user=user)
    auth_client.patch("/api/auth/me/", {"email": "new@example.com"}, format="json")

    assert auth_client.post(VERIFY, {"key": old_key}, format="json").status_code == 400


def test_resend_answers_the_same_for_known_and_unknown_addresses(
    api_client, django_capture_on_commit_callbacks
):
    UserFactory(email="ravi@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        known = api_client.post(RESEND, {"email": "ravi@example.com"}, format="json")
        unknown = api_client.post(RESEND, {"email": "nobody@example.com"}, format="json")

    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["ravi@example.com"]]


def test_resend_is_throttled(api_client):
    with throttle_rates(login="2/min"):
        statuses = [
            api_client.post(RESEND, {"email": "a@example.com"}, format="json").status_code
            for _ in range(4)
        ]

    assert statuses[:2] == [202, 202]
    assert statuses[-1] == 429
