"""Answers carrying a credential are never stored; answers for a caller vary on who asks."""

from __future__ import annotations

import pytest
import requests
from django.db import connection

from accounts import services
from tests.accounts.live import session_login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


def varies_on_credentials(answer: requests.Response) -> bool:
    vary = {v.strip().lower() for v in answer.headers.get("Vary", "").split(",")}
    return {"authorization", "cookie"} <= vary


def no_store(answer: requests.Response) -> bool:
    return "no-store" in answer.headers.get("Cache-Control", "")


def test_a_login_answer_with_a_token_is_never_stored(live_server):
    user = UserFactory()

    answer = requests.post(
        f"{live_server.url}/api/auth/login/",
        json={"username": user.username, "password": PASSWORD},
        timeout=30,
    )

    assert answer.status_code == 200 and answer.json()["token"]
    assert no_store(answer)


def test_a_registration_answer_with_a_token_is_never_stored(live_server):
    answer = requests.post(
        f"{live_server.url}/api/auth/register/",
        json={"username": "newcomer", "password": "a long and unusual passphrase 7"},
        timeout=30,
    )

    assert answer.status_code == 201 and answer.json()["token"]
    assert no_store(answer)


def test_a_session_login_that_sets_the_session_cookie_is_never_stored(live_server):
    user = UserFactory()

    answer = session_login(live_server.url, user.username, PASSWORD)

    assert answer.status_code == 302 and "sessionid" in answer.cookies
    assert no_store(answer)


@pytest.mark.parametrize("path", ["/api/auth/me/", "/api/students/", "/api/auth/tokens/"])
def test_authenticated_answers_vary_on_authorization_and_cookie(live_server, path):
    token = services.auth_token_login(user=UserFactory(), name="tests")

    answer = requests.get(
        live_server.url + path, headers={"Authorization": f"Token {token}"}, timeout=30
    )

    assert answer.status_code == 200
    assert varies_on_credentials(answer)
    assert no_store(answer)


def test_a_session_authenticated_answer_varies_on_cookie_and_authorization(live_server):
    user = UserFactory()
    browser = requests.Session()
    session_login(live_server.url, user.username, PASSWORD, browser)

    answer = browser.get(f"{live_server.url}/api/auth/me/", timeout=30)

    assert answer.status_code == 200
    assert varies_on_credentials(answer)
    assert no_store(answer)
