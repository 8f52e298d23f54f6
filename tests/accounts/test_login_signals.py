"""The API login and logout paths send Django's auth signals, as a session login does."""

from __future__ import annotations

import pytest
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from rest_framework.test import APIClient

from tests.accounts.helpers import basic
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    received: list[tuple[str, dict]] = []

    def record(name):
        def receiver(sender, **kwargs):
            received.append((name, kwargs))

        return receiver

    handlers = {
        user_logged_in: record("logged_in"),
        user_logged_out: record("logged_out"),
        user_login_failed: record("login_failed"),
    }
    for signal, handler in handlers.items():
        signal.connect(handler, weak=False)
    yield received
    for signal, handler in handlers.items():
        signal.disconnect(handler)


def test_an_api_login_sends_user_logged_in_with_the_request(api_client, user, sent):
    api_client.post(
        "/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json"
    )

    assert [(name, kw["user"]) for name, kw in sent] == [("logged_in", user)]
    assert sent[0][1]["request"] is not None
    user.refresh_from_db()
    assert user.last_login is not None


def test_a_failed_api_login_sends_user_login_failed(api_client, user, sent):
    api_client.post(
        "/api/auth/login/", {"username": user.username, "password": "wrong"}, format="json"
    )

    assert [name for name, _ in sent] == ["login_failed"]
    assert sent[0][1]["credentials"]["password"] != "wrong"  # Django masks it


def test_a_failed_basic_request_sends_user_login_failed(user, sent):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(user.username, "wrong"))

    client.get("/api/secure/")

    assert [name for name, _ in sent] == ["login_failed"]


@pytest.mark.parametrize("url", ["/api/auth/logout/", "/api/auth/logout-all/"])
def test_logging_out_sends_user_logged_out(auth_client, user, sent, url):
    auth_client.post(url)

    assert [(name, kw["user"]) for name, kw in sent] == [("logged_out", user)]
