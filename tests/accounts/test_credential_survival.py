"""Which credential survives which event: the table in README "Brute force and revocation"."""

from __future__ import annotations

import pytest
import requests
from django.db import connection

from accounts import services
from accounts.models import User
from tests.accounts.live import session_login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "an entirely new passphrase 42"


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


class Credentials:
    """One of each credential of a user, used over real HTTP."""

    def __init__(self, base: str, user: User) -> None:
        self.base = base
        self.token = services.auth_token_login(user=user, name="laptop")
        self.other_token = services.auth_token_login(user=user, name="phone")
        _key, self.api_key = services.api_key_create(user=user, name="robot")
        self.browser = requests.Session()
        self.other_browser = requests.Session()
        for browser in (self.browser, self.other_browser):
            assert session_login(base, user.username, PASSWORD, browser).status_code == 302
        self.username = user.username

    def me(self, **kwargs) -> int:
        return requests.get(f"{self.base}/api/auth/me/", timeout=30, **kwargs).status_code

    def alive(self) -> dict[str, bool]:
        browser_me = self.browser.get(f"{self.base}/api/auth/me/", timeout=30).status_code
        other_me = self.other_browser.get(f"{self.base}/api/auth/me/", timeout=30).status_code
        return {
            "token": self.me(headers={"Authorization": f"Token {self.token}"}) == 200,
            "other token": self.me(headers={"Authorization": f"Token {self.other_token}"}) == 200,
            "api key": self.me(headers={"Authorization": f"Api-Key {self.api_key}"}) == 200,
            "session": browser_me == 200,
            "other session": other_me == 200,
            "basic": self.me(auth=(self.username, PASSWORD)) == 200,
        }


def test_before_any_event_every_credential_works(live_server):
    credentials = Credentials(live_server.url, UserFactory())

    assert all(credentials.alive().values())


def test_logout_all_ends_tokens_and_browser_sessions_but_keeps_api_keys(live_server):
    credentials = Credentials(live_server.url, UserFactory())

    answer = requests.post(
        f"{live_server.url}/api/auth/logout-all/",
        headers={"Authorization": f"Token {credentials.token}"},
        timeout=30,
    )

    assert answer.status_code == 204
    assert credentials.alive() == {
        "token": False,
        "other token": False,
        "api key": True,
        "session": False,
        "other session": False,
        "basic": True,
    }


def test_logout_all_with_include_api_keys_ends_the_api_keys_too(live_server):
    credentials = Credentials(live_server.url, UserFactory())

    answer = requests.post(
        f"{live_server.url}/api/auth/logout-all/",
        json={"include_api_keys": True},
        headers={"Authorization": f"Token {credentials.token}"},
        timeout=30,
    )

    assert answer.status_code == 204
    alive = credentials.alive()
    assert alive.pop("basic") is True  # the password itself is unchanged
    assert not any(alive.values()), alive


def test_a_password_change_ends_other_tokens_and_every_browser_session(live_server):
    credentials = Credentials(live_server.url, UserFactory())

    answer = requests.post(
        f"{live_server.url}/api/auth/password/",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Token {credentials.token}"},
        timeout=30,
    )

    assert answer.status_code == 204
    assert credentials.alive() == {
        "token": True,  # the one the change was made with
        "other token": False,
        "api key": True,
        "session": False,
        "other session": False,
        "basic": False,
    }


def test_a_password_change_in_a_browser_keeps_that_browser_only(live_server):
    credentials = Credentials(live_server.url, UserFactory())
    csrf = credentials.browser.cookies["csrftoken"]

    answer = credentials.browser.post(
        f"{live_server.url}/api/auth/password/",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url},
        timeout=30,
    )

    assert answer.status_code == 204
    alive = credentials.alive()
    assert alive["session"] is True
    assert alive["other session"] is False
    assert alive["token"] is False and alive["other token"] is False


@pytest.mark.parametrize("how", ["save", "queryset_update"])
def test_deactivation_ends_every_credential(live_server, how):
    user = UserFactory()
    credentials = Credentials(live_server.url, user)

    if how == "save":
        user.is_active = False
        user.save()
    else:
        User.objects.filter(pk=user.pk).update(is_active=False)

    assert not any(credentials.alive().values()), credentials.alive()
