"""Logging in to an account with two-factor: the code, its replay, recovery codes, Basic."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from audit.models import AuditEntry
from tests.accounts.helpers import basic, throttle_rates
from tests.concurrency import post_json_concurrently
from tests.factories import PASSWORD, UserFactory
from tests.mfa.helpers import LOGIN, enrol

pytestmark = pytest.mark.django_db


def _login(**fields):
    return APIClient().post(LOGIN, fields, format="json")


def test_a_totp_login_with_a_code_from_the_enrolled_secret_succeeds(user):
    enrolled = enrol(user)

    response = _login(username=user.username, password=PASSWORD, otp=enrolled.totp.now())

    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/auth/me/").status_code == 200


def test_a_correct_password_without_a_code_is_a_400_with_an_otp_error(user):
    enrol(user)

    response = _login(username=user.username, password=PASSWORD)

    assert response.status_code == 400
    assert list(response.json()) == ["otp"]


def test_a_wrong_password_with_a_good_code_is_the_usual_bad_credentials(user):
    enrolled = enrol(user)

    response = _login(username=user.username, password="wrong", otp=enrolled.totp.now())

    assert response.status_code == 400
    assert "otp" not in response.json()


def test_a_replayed_code_is_refused(user):
    enrolled = enrol(user)
    code = enrolled.totp.now()
    assert _login(username=user.username, password=PASSWORD, otp=code).status_code == 200

    replay = _login(username=user.username, password=PASSWORD, otp=code)

    assert replay.status_code == 400
    assert "otp" in replay.json()


def test_the_code_that_confirmed_enrolment_cannot_log_in(user):
    enrolled = enrol(user)

    response = _login(
        username=user.username, password=PASSWORD, otp=enrolled.totp.at(enrolled.confirmed_at)
    )

    assert response.status_code == 400


def test_a_recovery_code_works_once(user):
    enrolled = enrol(user)
    code = enrolled.recovery_codes[3]

    first = _login(username=user.username, password=PASSWORD, otp=code.upper())
    second = _login(username=user.username, password=PASSWORD, otp=code)

    assert first.status_code == 200
    assert second.status_code == 400
    entry = AuditEntry.objects.get(action="recovery_used", object_id=str(user.pk))
    assert entry.changes == {"recovery_codes_left": [10, 9]}


def test_wrong_codes_are_throttled_like_wrong_passwords(user):
    enrol(user)
    cache.clear()  # the confirming code counted against the account too

    with throttle_rates(login="3/min"):
        statuses = [
            _login(username=user.username, password=PASSWORD, otp="000000").status_code
            for _ in range(5)
        ]

    assert statuses[:3] == [400, 400, 400]
    assert statuses[-1] == 429


def test_a_wrong_code_is_audited_as_a_failed_login(user):
    enrol(user)

    _login(username=user.username, password=PASSWORD, otp="000000")

    assert AuditEntry.objects.filter(action="login_failed", object_repr=user.username).exists()


def test_users_without_two_factor_log_in_as_the_seed_did():
    user = UserFactory()

    response = APIClient().post(
        "/demotoken/login/", {"username": user.username, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert list(response.json()) == ["token"]


def test_http_basic_refuses_a_user_with_two_factor(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(user.username, PASSWORD))
    assert client.get("/api/secure/").status_code == 200  # remembered before two-factor

    enrol(user)

    assert client.get("/api/secure/").status_code == 401


def test_the_browsable_api_login_refuses_a_password_alone_for_two_factor(client, user):
    enrol(user)

    response = client.post("/api-auth/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_logins_with_one_code_let_exactly_one_in(live_server):
    user = UserFactory()
    enrolled = enrol(user)
    credentials = {"username": user.username, "password": PASSWORD, "otp": enrolled.totp.now()}

    statuses = post_json_concurrently(f"{live_server.url}{LOGIN}", credentials, clients=10)

    assert sorted(statuses) == [200] + [400] * 9, statuses
    connection.close()
