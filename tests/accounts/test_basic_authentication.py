"""Basic authentication: the password hasher runs once, then a remembered credential is used."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.authentication import CachedBasicAuthentication
from tests.accounts.helpers import basic, registrar
from tests.factories import PASSWORD

SECURE = "/api/secure/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def basic_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(user.username, PASSWORD))
    return client


@pytest.fixture
def hasher_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    verify = MD5PasswordHasher.verify

    def counting_verify(self, password, encoded):
        calls.append(password)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", counting_verify)
    return calls


@pytest.mark.parametrize("url", ["/api/secure/", "/demotoken/secure/", "/api/students/"])
def test_basic_credentials_open_every_api_endpoint(basic_client, url):
    assert basic_client.get(url).status_code == 200


def test_repeated_basic_requests_run_the_password_hasher_once(basic_client, hasher_calls):
    for _ in range(3):
        assert basic_client.get(SECURE).status_code == 200

    assert len(hasher_calls) == 1


def test_a_remembered_basic_credential_costs_one_query_and_writes_nothing(basic_client):
    basic_client.get(SECURE)

    with CaptureQueriesContext(connection) as queries:
        assert basic_client.get(SECURE).status_code == 200

    assert len(queries) == 1
    assert queries[0]["sql"].lstrip().upper().startswith("SELECT")


def test_the_remembered_credential_is_keyed_by_an_hmac_never_the_password(basic_client, user):
    basic_client.get(SECURE)

    cache = CachedBasicAuthentication.remembered
    keys = list(cache._cache)
    values = [repr(v) for v in cache._cache.values()]
    assert len(keys) == 1
    assert PASSWORD not in keys[0] and user.username not in keys[0]
    assert not any(PASSWORD in v or user.password in v for v in values)


def test_a_wrong_basic_password_gets_401_and_is_not_remembered(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(user.username, "wrong"))

    assert client.get(SECURE).status_code == 401
    assert client.get(SECURE).status_code == 401
    assert not CachedBasicAuthentication.remembered._cache


def test_a_password_change_fails_the_remembered_credential_at_once(basic_client, user):
    basic_client.get(SECURE)

    user.set_password("a brand new passphrase")
    user.save()

    assert basic_client.get(SECURE).status_code == 401


def test_deactivating_the_user_fails_the_remembered_credential_at_once(basic_client, user):
    basic_client.get(SECURE)

    user.is_active = False
    user.save()

    assert basic_client.get(SECURE).status_code == 401


def test_a_remembered_credential_expires(basic_client, hasher_calls):
    with registrar(BASIC_AUTH_CACHE_SECONDS=-1):  # stored already expired
        basic_client.get(SECURE)
        basic_client.get(SECURE)

    assert len(hasher_calls) == 2


@pytest.mark.parametrize(
    "header",
    ["Basic", "Basic a b", "Basic !!!notbase64", basic("nul\x00name", "x"), basic("x", "p\x00")],
)
def test_a_malformed_basic_header_gets_401_not_500(api_client, user, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)

    assert api_client.get(SECURE).status_code == 401
