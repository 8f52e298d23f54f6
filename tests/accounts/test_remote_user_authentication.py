"""Remote user: off unless a setting names the header a trusted proxy sets."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import registrar

SECURE = "/api/secure/"

pytestmark = pytest.mark.django_db

FORGERIES = [
    {"REMOTE_USER": "{name}"},  # the CGI variable a server would set
    {"HTTP_REMOTE_USER": "{name}"},  # a client's Remote-User (or Remote_User) header
    {"HTTP_X_REMOTE_USER": "{name}"},  # X-Remote-User
    {"HTTP_X_FORWARDED_USER": "{name}"},
    {"HTTP_X_FORWARDED_FOR": "127.0.0.1", "HTTP_REMOTE_USER": "{name}"},
]


@pytest.mark.parametrize("forged", FORGERIES)
def test_by_default_a_forged_remote_user_gets_nothing(api_client, user, forged):
    headers = {k: v.format(name=user.username) for k, v in forged.items()}

    response = api_client.get(SECURE, **headers)

    assert response.status_code == 401


def test_with_the_setting_the_proxys_header_authenticates(api_client, user):
    with registrar(REMOTE_USER_HEADER="X-Remote-User"):
        response = api_client.get(SECURE, HTTP_X_REMOTE_USER=user.username)

    assert response.status_code == 200


@pytest.mark.parametrize("forged", [{"REMOTE_USER": "{name}"}, {"HTTP_REMOTE_USER": "{name}"}])
def test_with_the_setting_only_the_named_header_is_read(api_client, user, forged):
    headers = {k: v.format(name=user.username) for k, v in forged.items()}
    with registrar(REMOTE_USER_HEADER="X-Remote-User"):
        assert api_client.get(SECURE, **headers).status_code == 401


def test_the_proxy_cannot_conjure_an_unknown_user(api_client):
    from django.contrib.auth import get_user_model

    with registrar(REMOTE_USER_HEADER="X-Remote-User"):
        response = api_client.get(SECURE, HTTP_X_REMOTE_USER="nobody")

    assert response.status_code == 401
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_an_inactive_remote_user_gets_401(api_client, user):
    user.is_active = False
    user.save()

    with registrar(REMOTE_USER_HEADER="X-Remote-User"):
        assert api_client.get(SECURE, HTTP_X_REMOTE_USER=user.username).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_over_http_an_underscore_spelling_cannot_stand_in_for_the_proxys_header(live_server):
    import http.client
    from urllib.parse import urlparse

    from django.db import connection

    from tests.factories import UserFactory

    user = UserFactory()
    address = urlparse(live_server.url)

    def status(headers: dict[str, str]) -> int:
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        conn.request("GET", SECURE, headers=headers)
        code = conn.getresponse().status
        conn.close()
        return code

    with registrar(REMOTE_USER_HEADER="X-Remote-User"):
        assert status({"X-Remote-User": user.username}) == 200
        assert status({"X_Remote_User": user.username}) == 401
        assert status({"Remote-User": user.username}) == 401
    assert status({"X-Remote-User": user.username}) == 401  # off again
    connection.close()
