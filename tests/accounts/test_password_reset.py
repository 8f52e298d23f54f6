"""Password reset by e-mail: request, the link, confirm, and what the reset revokes."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as account_services
from accounts.models import AuthToken
from audit.models import AuditEntry
from tests.accounts.helpers import basic, throttle_rates
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/api/auth/password-reset/"
CONFIRM = "/api/auth/password-reset/confirm/"
NEW_PASSWORD = "a brand new passphrase for ravi"


def _link_params(body: str) -> dict[str, str]:
    link = re.search(r"https?://\S+", body).group(0)
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _request_reset(api_client, capture, address: str):
    with capture(execute=True):
        return api_client.post(RESET, {"email": address}, format="json")


def test_the_whole_reset_flow_goes_through_a_real_smtp_server(
    api_client, smtp_inbox, django_capture_on_commit_callbacks
):
    user = UserFactory(username="ravi", email="ravi@example.com")
    old_token = account_services.auth_token_login(user=user, name="laptop")

    response = _request_reset(api_client, django_capture_on_commit_callbacks, "Ravi@Example.com")

    assert response.status_code == 202
    (message,) = smtp_inbox.wait_for(1)
    assert message["To"] == "ravi@example.com"
    assert "reset" in message["Subject"].lower()
    params = _link_params(smtp_inbox.body(message))
    confirm = {"uid": params["uid"], "token": params["token"], "new_password": NEW_PASSWORD}
    assert api_client.post(CONFIRM, confirm, format="json").status_code == 204

    login = "/api/auth/login/"
    new_login = {"username": "ravi", "password": NEW_PASSWORD}
    assert api_client.post(login, new_login, format="json").status_code == 200
    old_login = {"username": "ravi", "password": PASSWORD}
    assert api_client.post(login, old_login, format="json").status_code == 400
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old_token}")
    assert api_client.get("/api/auth/me/").status_code == 401


def test_a_message_sent_in_the_background_reaches_the_smtp_server(
    api_client, smtp_inbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_SEND_IN_BACKGROUND = True
    UserFactory(username="ravi", email="ravi@example.com")

    response = _request_reset(api_client, django_capture_on_commit_callbacks, "ravi@example.com")

    assert response.status_code == 202
    (message,) = smtp_inbox.wait_for(1)
    assert message["To"] == "ravi@example.com"


def test_a_reset_for_an_unknown_address_cannot_be_told_from_one_for_a_known_address(
    api_client, django_capture_on_commit_callbacks
):
    UserFactory(username="ravi", email="ravi@example.com")

    known = _request_reset(api_client, django_capture_on_commit_callbacks, "ravi@example.com")
    unknown = _request_reset(api_client, django_capture_on_commit_callbacks, "nobody@example.com")

    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert known["Content-Type"] == unknown["Content-Type"]
    assert sorted(known.headers) == sorted(unknown.headers)
    assert [m.to for m in mail.outbox] == [["ravi@example.com"]]


def test_a_used_reset_token_is_refused(api_client, django_capture_on_commit_callbacks):
    UserFactory(username="ravi", email="ravi@example.com")
    _request_reset(api_client, django_capture_on_commit_callbacks, "ravi@example.com")
    params = _link_params(mail.outbox[0].body)
    confirm = {"uid": params["uid"], "token": params["token"], "new_password": NEW_PASSWORD}
    assert api_client.post(CONFIRM, confirm, format="json").status_code == 204

    again = api_client.post(CONFIRM, {**confirm, "new_password": "yet another passphrase"})

    assert again.status_code == 400
    assert "token" in again.json()


def test_an_expired_reset_token_is_refused(api_client, monkeypatch, settings):
    user = UserFactory(email="ravi@example.com")
    uid = _uid(user)
    token = default_token_generator.make_token(user)
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later.replace(tzinfo=None))

    response = api_client.post(
        CONFIRM, {"uid": uid, "token": token, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_new_password_must_pass_the_validators(api_client):
    user = UserFactory(email="ravi@example.com")
    token = default_token_generator.make_token(user)

    response = api_client.post(
        CONFIRM,
        {"uid": _uid(user), "token": token, "new_password": "12345"},
        format="json",
    )

    assert response.status_code == 400
    assert "new_password" in response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "payload",
    [
        {"uid": "!!!", "token": "x", "new_password": NEW_PASSWORD},
        {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "token": "x-y", "new_password": NEW_PASSWORD},
        {"uid": "MQ\x00", "token": "x\x00", "new_password": NEW_PASSWORD},
        {"uid": "", "token": "", "new_password": ""},
        {},
    ],
)
def test_a_garbled_link_is_a_400_never_a_500(api_client, payload):
    assert api_client.post(CONFIRM, payload, format="json").status_code == 400


def test_a_reset_revokes_tokens_basic_credentials_and_browser_sessions(api_client):
    user = UserFactory(username="ravi", email="ravi@example.com")
    account_services.auth_token_login(user=user, name="phone")
    browser = Client()
    browser.force_login(user)
    assert browser.get("/api/auth/me/").status_code == 200
    basic_client = type(api_client)()
    basic_client.credentials(HTTP_AUTHORIZATION=basic("ravi", PASSWORD))
    assert basic_client.get("/api/auth/me/").status_code == 200  # now remembered

    confirm = {
        "uid": _uid(user),
        "token": default_token_generator.make_token(user),
        "new_password": NEW_PASSWORD,
    }
    assert api_client.post(CONFIRM, confirm, format="json").status_code == 204

    assert not AuthToken.objects.filter(user=user).exists()
    assert browser.get("/api/auth/me/").status_code == 401
    assert basic_client.get("/api/auth/me/").status_code == 401


def test_the_reset_request_and_its_completion_are_audited(
    api_client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ravi@example.com")
    _request_reset(api_client, django_capture_on_commit_callbacks, "ravi@example.com")
    params = _link_params(mail.outbox[0].body)
    api_client.post(CONFIRM, {**params, "new_password": NEW_PASSWORD}, format="json")

    actions = set(
        AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"reset_requested", "reset_completed"} <= actions


def test_an_inactive_user_gets_no_message(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="ravi@example.com", is_active=False)

    response = _request_reset(api_client, django_capture_on_commit_callbacks, "ravi@example.com")

    assert response.status_code == 202
    assert mail.outbox == []


@pytest.mark.parametrize("url", [RESET, CONFIRM])
def test_both_reset_endpoints_are_throttled_like_login(api_client, url):
    payload = {"email": "ravi@example.com", "uid": "MQ", "token": "x", "new_password": "x"}
    with throttle_rates(login="3/min"):
        statuses = [api_client.post(url, payload, format="json").status_code for _ in range(5)]

    assert statuses[-1] == 429
    assert 429 not in statuses[:3]


def test_a_bad_address_is_a_400(api_client):
    assert api_client.post(RESET, {"email": "not an address"}, format="json").status_code == 400
