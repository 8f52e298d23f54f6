"""Enrolling a user through the API, as a person with an authenticator app would."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyotp
from rest_framework.test import APIClient

from accounts import services as account_services

ENROL = "/api/auth/mfa/totp/"
CONFIRM = "/api/auth/mfa/totp/confirm/"
LOGIN = "/api/auth/login/"


@dataclass
class Enrolled:
    client: APIClient
    totp: pyotp.TOTP
    recovery_codes: list[str]
    # The instant whose code confirmed enrolment: one step before `now`, so a test can use
    # the current code once without it being a replay of the confirming code.
    confirmed_at: float


def enrol(user) -> Enrolled:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {account_services.auth_token_login(user=user, name='t')}"
    )
    secret = client.post(ENROL).json()["secret"]
    totp = pyotp.TOTP(secret)
    confirmed_at = time.time() - 30
    response = client.post(CONFIRM, {"code": totp.at(confirmed_at)}, format="json")
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    return Enrolled(client, totp, response.json()["recovery_codes"], confirmed_at)
