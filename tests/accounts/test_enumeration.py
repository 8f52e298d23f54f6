"""Unknown user, wrong password and inactive user look the same from outside."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.factories import PASSWORD, UserFactory

LOGIN = "/api/auth/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashings(monkeypatch) -> list[str]:
    calls: list[str] = []
    encode = MD5PasswordHasher.encode

    # Checking a password and hashing a dummy both come down to one encode().
    def counting_encode(self, password, salt):
        calls.append("encode")
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return calls


def attempt(api_client, username: str, password: str):
    return api_client.post(LOGIN, {"username": username, "password": password}, format="json")


def test_unknown_user_wrong_password_and_inactive_user_get_the_same_answer(api_client):
    active = UserFactory()
    inactive = UserFactory(is_active=False)

    answers = [
        attempt(api_client, "nobody-at-all", PASSWORD),
        attempt(api_client, active.username, "wrong password"),
        attempt(api_client, inactive.username, PASSWORD),
    ]

    assert {a.status_code for a in answers} == {400}
    assert len({a.content for a in answers}) == 1


def test_every_failed_login_runs_the_password_hasher_once(api_client, hashings):
    active = UserFactory()
    inactive = UserFactory(is_active=False)
    hashings.clear()

    counts = []
    for username, password in [
        ("nobody-at-all", PASSWORD),
        (active.username, "wrong password"),
        (inactive.username, PASSWORD),
    ]:
        before = len(hashings)
        attempt(api_client, username, password)
        counts.append(len(hashings) - before)

    # An unknown user costs a dummy hash, as ModelBackend does, so timing tells nothing.
    assert counts == [1, 1, 1]
