"""The admin login asks staff with two-factor for their code; MFA_REQUIRED_FOR_STAFF."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts import services as account_services
from tests.accounts.helpers import throttle_rates
from tests.factories import PASSWORD, UserFactory
from tests.mfa.helpers import enrol

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(db):
    return UserFactory(username="dean", is_staff=True, is_superuser=True)


def test_the_admin_login_page_has_a_field_for_the_code():
    page = Client().get(ADMIN_LOGIN).content.decode()

    assert 'name="otp"' in page


def test_the_admin_login_asks_staff_with_two_factor_for_their_code(staff):
    enrolled = enrol(staff)
    browser = Client()

    without = browser.post(ADMIN_LOGIN, {"username": "dean", "password": PASSWORD})
    assert without.status_code == 200
    assert "enter the code from your app" in without.content.decode()
    assert browser.get("/admin/").status_code == 302

    with_code = browser.post(
        ADMIN_LOGIN, {"username": "dean", "password": PASSWORD, "otp": enrolled.totp.now()}
    )
    assert with_code.status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_the_admin_refuses_a_replayed_code(staff):
    enrolled = enrol(staff)
    code = enrolled.totp.now()
    login = {"username": "dean", "password": PASSWORD, "otp": code}
    assert Client().post(ADMIN_LOGIN, login).status_code == 302

    assert Client().post(ADMIN_LOGIN, login).status_code == 200


def test_staff_without_two_factor_log_in_as_before(staff):
    response = Client().post(ADMIN_LOGIN, {"username": "dean", "password": PASSWORD})

    assert response.status_code == 302


def test_required_two_factor_keeps_unenrolled_staff_out_of_the_admin(staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    browser = Client()

    response = browser.post(ADMIN_LOGIN, {"username": "dean", "password": PASSWORD})

    assert response.status_code == 200
    assert "/api/auth/mfa/totp/" in response.content.decode()
    browser.force_login(staff)  # a session from before the requirement
    assert browser.get("/admin/").status_code == 302


def test_required_two_factor_keeps_unenrolled_staff_off_the_audit_api(staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {account_services.auth_token_login(user=staff, name='t')}"
    )
    assert client.get("/api/audit/").status_code == 403

    enrol(staff)

    assert client.get("/api/audit/").status_code == 200


def test_required_two_factor_lets_enrolled_staff_into_the_admin(staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    enrolled = enrol(staff)
    browser = Client()

    response = browser.post(
        ADMIN_LOGIN, {"username": "dean", "password": PASSWORD, "otp": enrolled.totp.now()}
    )

    assert response.status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_wrong_codes_at_the_admin_login_are_throttled_like_wrong_passwords(staff):
    enrolled = enrol(staff)
    cache.clear()  # the confirming code counted against the account too
    browser = Client()

    with throttle_rates(login="3/min"):
        for _ in range(3):
            browser.post(ADMIN_LOGIN, {"username": "dean", "password": PASSWORD, "otp": "000000"})
        response = browser.post(
            ADMIN_LOGIN, {"username": "dean", "password": PASSWORD, "otp": enrolled.totp.now()}
        )

    assert response.status_code == 200
    assert "Too many two-factor codes" in response.content.decode()
