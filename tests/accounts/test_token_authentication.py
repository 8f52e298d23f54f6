"""Token authentication: one indexed query, no writes, expiry, last_used, revocation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services
from accounts.models import AuthToken
from tests.accounts.helpers import registrar

SECURE = "/api/secure/"

pytestmark = pytest.mark.django_db


def test_a_token_request_spends_exactly_one_query_on_authentication_and_writes_nothing(
    auth_client,
):
    # The uncached path (no Redis token cache, as in the default settings): one SELECT
    # joining the token to its user by the token's unique digest, and nothing written.
    with CaptureQueriesContext(connection) as queries:
        response = auth_client.get(SECURE)

    assert response.status_code == 200
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert sql.lstrip().upper().startswith("SELECT")
    assert "accounts_authtoken" in sql
    assert "digest" in sql


def test_the_token_lookup_does_not_load_every_token_of_the_user(user, api_client):
    secrets = [services.auth_token_create(user=user, name=str(i))[1] for i in range(30)]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secrets[0]}")

    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(SECURE).status_code == 200

    assert len(queries) == 1
    assert 'user_id" = ' not in queries[0]["sql"].replace("`", '"')


def test_last_used_is_written_at_most_once_a_minute(auth_client, user):
    token = AuthToken.objects.filter(user=user, name="tests").get()
    old = timezone.now() - timedelta(minutes=5)
    AuthToken.objects.filter(pk=token.pk).update(last_used=old)

    with CaptureQueriesContext(connection) as first:
        auth_client.get(SECURE)
    with CaptureQueriesContext(connection) as second:
        auth_client.get(SECURE)

    assert [q["sql"].split()[0] for q in first] == ["SELECT", "UPDATE"]
    assert [q["sql"].split()[0] for q in second] == ["SELECT"]
    token.refresh_from_db()
    assert token.last_used > old


def test_a_token_past_its_absolute_expiry_gets_401(auth_client, user):
    AuthToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))

    assert auth_client.get(SECURE).status_code == 401


def test_a_token_idle_longer_than_the_idle_timeout_gets_401(auth_client, user):
    with registrar(TOKEN_IDLE_TIMEOUT_SECONDS=3600):
        AuthToken.objects.filter(user=user).update(last_used=timezone.now() - timedelta(hours=2))

        assert auth_client.get(SECURE).status_code == 401


def test_an_expired_token_is_kept_until_the_purge_command_removes_it(auth_client, user):
    from django.core.management import call_command

    AuthToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))
    auth_client.get(SECURE)
    assert AuthToken.objects.filter(user=user).exists()

    call_command("purge_expired_tokens", stdout=__import__("io").StringIO())

    assert not AuthToken.objects.filter(user=user).exists()


def test_the_purge_keeps_live_tokens(user):
    services.auth_token_login(user=user, name="live")

    assert services.auth_token_purge_expired() == 0
    assert AuthToken.objects.filter(user=user, name="live").exists()


def test_a_password_change_by_any_path_makes_old_tokens_fail_at_once(auth_client, user):
    user.set_password("a brand new passphrase")
    user.save()

    assert auth_client.get(SECURE).status_code == 401


def test_a_deleted_token_gets_401(auth_client, user):
    AuthToken.objects.filter(user=user).delete()

    assert auth_client.get(SECURE).status_code == 401


@pytest.mark.parametrize("url", ["/api/students/", "/demotoken/secure/", "/api/auth/me/"])
def test_a_token_opens_every_api_endpoint(auth_client, url):
    assert auth_client.get(url).status_code == 200


class TestTheRedisTokenCache:
    def test_a_cached_token_request_spends_no_query(self, token_cache, auth_client):
        auth_client.get(SECURE)  # fills the cache

        with CaptureQueriesContext(connection) as queries:
            response = auth_client.get(SECURE)

        assert response.status_code == 200
        assert len(queries) == 0

    def test_logout_revokes_a_cached_token_at_once(
        self, token_cache, auth_client, django_capture_on_commit_callbacks
    ):
        auth_client.get(SECURE)

        with django_capture_on_commit_callbacks(execute=True):
            assert auth_client.post("/api/auth/logout/").status_code == 204

        assert auth_client.get(SECURE).status_code == 401

    def test_a_revocation_racing_a_cache_fill_cannot_resurrect_the_token(
        self, token_cache, token, django_capture_on_commit_callbacks
    ):
        from accounts import token_cache as cache_module
        from accounts.authentication import TokenAuthentication
        from accounts.tokens import digest

        stale = TokenAuthentication().authenticate_credentials(token)[1]
        with django_capture_on_commit_callbacks(execute=True):
            AuthToken.objects.filter(pk=stale.pk).delete()
        cache_module.remember(digest(token), stale)  # a request that read before the delete

        assert cache_module.get(digest(token)) == cache_module.BYPASS

    def test_deactivating_the_user_fails_a_cached_token_at_once(
        self, token_cache, auth_client, user, django_capture_on_commit_callbacks
    ):
        auth_client.get(SECURE)

        with django_capture_on_commit_callbacks(execute=True):
            user.is_active = False
            user.save()

        assert auth_client.get(SECURE).status_code == 401

    def test_a_password_change_fails_a_cached_token_at_once(
        self, token_cache, auth_client, user, django_capture_on_commit_callbacks
    ):
        auth_client.get(SECURE)

        with django_capture_on_commit_callbacks(execute=True):
            user.set_password("a brand new passphrase")
            user.save()

        assert auth_client.get(SECURE).status_code == 401

    def test_the_cache_never_holds_the_secret_or_the_password_hash(
        self, token_cache, auth_client, token, user
    ):
        auth_client.get(SECURE)

        prefix = services.settings.REGISTRAR["TOKEN_CACHE_PREFIX"]
        stored = b"".join(
            (k + (token_cache.get(k) or b"")) for k in token_cache.scan_iter(prefix + "*")
        )
        assert stored
        assert token.encode() not in stored
        assert user.password.encode() not in stored
