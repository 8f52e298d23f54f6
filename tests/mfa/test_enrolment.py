"""Enrolling an authenticator, recovery codes, and turning two-factor off."""

from __future__ import annotations

import base64

import pyotp
import pytest

from audit.models import AuditEntry
from mfa.models import RecoveryCode, TOTPDevice
from tests.factories import PASSWORD
from tests.mfa.helpers import CONFIRM, ENROL, enrol

pytestmark = pytest.mark.django_db


def test_starting_enrolment_returns_a_secret_its_uri_and_a_qr_code(auth_client, user):
    response = auth_client.post(ENROL)

    assert response.status_code == 201
    body = response.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    assert body["qr_code"].startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(body["qr_code"].split(",", 1)[1])
    user.refresh_from_db()
    assert not user.mfa_enabled


def test_a_wrong_code_does_not_turn_two_factor_on(auth_client, user):
    auth_client.post(ENROL)

    response = auth_client.post(CONFIRM, {"code": "000000"}, format="json")

    assert response.status_code == 400
    assert "code" in response.json()
    user.refresh_from_db()
    assert not user.mfa_enabled


def test_confirming_before_starting_is_a_400(auth_client):
    assert auth_client.post(CONFIRM, {"code": "123456"}, format="json").status_code == 400


def test_confirming_turns_two_factor_on_with_ten_hashed_recovery_codes(user):
    enrolled = enrol(user)

    assert user.mfa_enabled
    assert len(enrolled.recovery_codes) == 10
    assert len(set(enrolled.recovery_codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not set(enrolled.recovery_codes) & set(stored)
    assert AuditEntry.objects.filter(action="mfa_enabled", object_id=str(user.pk)).exists()


def test_enrolling_again_while_on_is_refused(user):
    enrolled = enrol(user)

    assert enrolled.client.post(ENROL).status_code == 400


def test_new_recovery_codes_replace_the_old_ones(user):
    enrolled = enrol(user)

    response = enrolled.client.post("/api/auth/mfa/recovery-codes/")

    assert response.status_code == 200
    fresh = response.json()["recovery_codes"]
    assert len(fresh) == 10 and not set(fresh) & set(enrolled.recovery_codes)
    login = {"username": user.username, "password": PASSWORD}
    client = type(enrolled.client)()
    old = client.post("/api/auth/login/", {**login, "otp": enrolled.recovery_codes[0]})
    assert old.status_code == 400
    assert client.post("/api/auth/login/", {**login, "otp": fresh[0]}).status_code == 200


def test_recovery_codes_need_two_factor_on(auth_client):
    assert auth_client.post("/api/auth/mfa/recovery-codes/").status_code == 400


def test_turning_two_factor_off_needs_the_password_and_a_code(user):
    enrolled = enrol(user)
    code = enrolled.totp.now()

    wrong_password = enrolled.client.delete(
        ENROL, {"password": "not it", "code": code}, format="json"
    )
    wrong_code = enrolled.client.delete(
        ENROL, {"password": PASSWORD, "code": "000000"}, format="json"
    )
    right = enrolled.client.delete(ENROL, {"password": PASSWORD, "code": code}, format="json")

    assert (wrong_password.status_code, wrong_code.status_code) == (400, 400)
    assert right.status_code == 204
    user.refresh_from_db()
    assert not user.mfa_enabled
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="mfa_disabled", object_id=str(user.pk)).exists()
    login = {"username": user.username, "password": PASSWORD}
    assert type(enrolled.client)().post("/api/auth/login/", login).status_code == 200


def test_the_status_says_whether_two_factor_is_on(user):
    enrolled = enrol(user)

    body = enrolled.client.get(ENROL).json()

    assert body == {"enabled": True, "recovery_codes_left": 10}


def test_an_api_key_cannot_manage_two_factor(api_client, user):
    from accounts import services as account_services

    _, key = account_services.api_key_create(user=user, name="ci", scope="read-write")
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")

    assert api_client.post(ENROL).status_code == 403


def test_deleting_a_device_in_the_admin_turns_the_flag_off(user):
    enrol(user)

    TOTPDevice.objects.get(user=user).delete()

    user.refresh_from_db()
    assert not user.mfa_enabled


def test_a_code_from_another_secret_is_refused(auth_client):
    auth_client.post(ENROL)
    other = pyotp.TOTP(pyotp.random_base32())

    assert auth_client.post(CONFIRM, {"code": other.now()}, format="json").status_code == 400
