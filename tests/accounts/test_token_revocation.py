"""Revocation reaches every process: what bypasses the receivers still ends a cached token soon.

The Redis cache (accounts.token_stores.RedisStore) is shared by every instance. Changes the
receivers see replace its entry at once; changes they cannot see (QuerySet.update, raw SQL)
end it within TOKEN_CACHE_SECONDS, because no entry lives longer and use never extends one.
"""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services, tokens
from accounts.models import AuthToken, User
from tests.accounts.helpers import registrar
from tests.factories import UserFactory

SECURE = "/api/secure/"

pytestmark = pytest.mark.django_db


def _deactivate(user, token):
    User.objects.filter(pk=user.pk).update(is_active=False)


def _change_password(user, token):
    User.objects.filter(pk=user.pk).update(password="argon2$changed-behind-the-signals")


def _raw_deactivate(user, token):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, user.pk])


def _raw_delete_token(user, token):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_authtoken WHERE digest = %s", [tokens.digest(token)])


CHANGES = [_deactivate, _change_password, _raw_deactivate, _raw_delete_token]


def test_a_change_that_bypasses_signals_fails_a_cached_token_within_token_cache_seconds(
    token_cache,
):
    # One user per change, so that a single wait covers all of them.
    clients = []
    for change in CHANGES:
        user = UserFactory()
        secret = services.auth_token_login(user=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        clients.append((change, user, secret, client))

    with registrar(TOKEN_CACHE_SECONDS=1):
        for change, user, secret, client in clients:
            assert client.get(SECURE).status_code == 200  # cached now
            change(user, secret)
        time.sleep(1.5)  # past TOKEN_CACHE_SECONDS: not a measure of speed

        answers = {
            change.__name__: client.get(SECURE).status_code for change, *_, client in clients
        }

    assert answers == {change.__name__: 401 for change in CHANGES}


def test_the_cache_lifetime_defaults_to_ten_seconds_or_less():
    assert 0 < settings.REGISTRAR["TOKEN_CACHE_SECONDS"] <= 10


def _key(token: str) -> str:
    return settings.REGISTRAR["TOKEN_CACHE_PREFIX"] + tokens.digest(token)


def test_a_cached_entry_ends_before_last_used_is_due_to_be_written(
    token_cache, auth_client, user, token
):
    due_in = 5  # seconds until the once-a-minute last_used write is due
    resolution = settings.REGISTRAR["TOKEN_LAST_USED_RESOLUTION_SECONDS"]
    last_used = timezone.now() - timedelta(seconds=resolution - due_in)
    AuthToken.objects.filter(user=user).update(last_used=last_used)

    assert auth_client.get(SECURE).status_code == 200

    assert 0 < token_cache.pttl(_key(token)) <= due_in * 1000


def test_a_last_used_write_never_extends_or_rewrites_the_cached_entry(
    token_cache, auth_client, user, token
):
    auth_client.get(SECURE)
    entry, lifetime = token_cache.get(_key(token)), token_cache.pttl(_key(token))
    later = timezone.now() + timedelta(minutes=2)  # last_used is due; the entry still cached

    with mock.patch("accounts.authentication.timezone.now", return_value=later):
        assert auth_client.get(SECURE).status_code == 200

    assert AuthToken.objects.get(digest=tokens.digest(token)).last_used == later
    assert token_cache.get(_key(token)) == entry
    assert token_cache.pttl(_key(token)) <= lifetime
