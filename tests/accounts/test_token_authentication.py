"""Token authentication: one indexed query, no writes, expiry, last_used, revocation.

Every test that takes `token_store` runs against the ORM reference and against each fast path
(accounts/token_stores.py): they must answer alike.
"""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services, token_stores, tokens
from accounts.authentication import TokenAuthentication
from accounts.models import AuthToken, User
from tests.accounts.helpers import registrar
from tests.factories import PASSWORD

SECURE = "/api/secure/"

pytestmark = pytest.mark.django_db


def test_a_token_request_spends_exactly_one_query_on_authentication_and_writes_nothing(
    token_store, auth_client
):
    # One SELECT joining the token to its user by the token's unique digest, nothing written;
    # the second request too (with Redis it spends none at all).
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = auth_client.get(SECURE)
        assert response.status_code == 200
        assert len(queries) <= 1
        assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    with CaptureQueriesContext(connection) as queries:
        auth_client.get(SECURE)
    if token_store != "redis":
        assert len(queries) == 1
        assert "accounts_authtoken" in queries[0]["sql"]
        assert "digest" in queries[0]["sql"]


def test_the_token_lookup_does_not_load_every_token_of_the_user(token_store, user, api_client):
    secrets = [services.auth_token_create(user=user, name=str(i))[1] for i in range(30)]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secrets[0]}")

    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(SECURE).status_code == 200

    assert len(queries) == 1
    where = queries[0]["sql"].replace("`", '"').split("WHERE")[1]
    assert "user_id" not in where


def test_reading_the_rest_of_request_user_costs_at_most_one_more_query(token_store, token, user):
    User.objects.filter(pk=user.pk).update(email="ravi@example.com", first_name="Ravi")
    for _ in range(2):  # the second time, from the Redis cache where the store has one
        request_user, _token = TokenAuthentication().authenticate_credentials(token)

        with CaptureQueriesContext(connection) as queries:
            seen = [getattr(request_user, f) for f in ("email", "first_name", "last_name")]
            joined = request_user.date_joined

        assert len(queries) <= 1
        assert seen == ["ravi@example.com", "Ravi", user.last_name]
        assert joined == user.date_joined


def test_me_answers_with_the_authentication_query_and_at_most_one_more(token_store, auth_client):
    with CaptureQueriesContext(connection) as queries:
        response = auth_client.get("/api/auth/me/")

    assert response.status_code == 200
    assert set(response.json()) >= {"email", "first_name", "last_name", "date_joined"}
    assert len(queries) <= 2


def test_the_account_views_change_request_user_from_every_store(token_store, auth_client, user):
    auth_client.get(SECURE)  # from the cache next time, where the store has one

    response = auth_client.patch("/api/auth/me/", {"first_name": "Asha"}, format="json")
    assert response.status_code == 200
    assert response.json()["first_name"] == "Asha"
    change = {"current_password": PASSWORD, "new_password": "a brand new passphrase 7"}
    assert auth_client.post("/api/auth/password/", change, format="json").status_code == 204

    user.refresh_from_db()
    assert (user.first_name, user.check_password("a brand new passphrase 7")) == ("Asha", True)
    assert auth_client.get(SECURE).status_code == 200  # the token the change was made with


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"expires": timedelta(seconds=-1)}, id="absolute expiry"),
        pytest.param({"last_used": timedelta(days=-15)}, id="idle expiry"),
        pytest.param({"digest": "0" * 64}, id="unknown digest"),
    ],
)
def test_every_store_refuses_what_the_rule_refuses(token_store, token, user, change):
    now = timezone.now()
    values = {k: now + v if isinstance(v, timedelta) else v for k, v in change.items()}
    AuthToken.objects.filter(digest=tokens.digest(token)).update(**values)

    assert token_stores.current().get_valid(tokens.digest(token), timezone.now()) is None


def test_every_store_refuses_a_token_of_an_inactive_user(token_store, token, user):
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert token_stores.current().get_valid(tokens.digest(token), timezone.now()) is None


def test_every_store_returns_the_token_the_reference_returns(token_store, token):
    now, digest = timezone.now(), tokens.digest(token)
    reference = token_stores.STORES["orm"].get_valid(digest, now)

    found = token_stores.current().get_valid(digest, now)

    assert reference is not None and found is not None
    fields = [f for f in token_stores.TOKEN_FIELDS if f not in {"digest", "password_fingerprint"}]
    for field in fields:
        assert getattr(found, field) == getattr(reference, field), field
    for field in ("id", "username", "is_staff", "is_superuser", "is_active"):
        assert getattr(found.user, field) == getattr(reference.user, field), field


def test_last_used_is_written_at_most_once_a_minute(token_store, auth_client, user):
    token = AuthToken.objects.filter(user=user, name="tests").get()
    old = timezone.now() - timedelta(minutes=5)
    AuthToken.objects.filter(pk=token.pk).update(last_used=old)

    with CaptureQueriesContext(connection) as first:
        auth_client.get(SECURE)
    with CaptureQueriesContext(connection) as second:
        auth_client.get(SECURE)

    assert [q["sql"].split()[0] for q in first] == ["SELECT", "UPDATE"]
    assert [q["sql"].split()[0] for q in second] in (["SELECT"], [])
    token.refresh_from_db()
    assert token.last_used > old


def test_a_token_past_its_absolute_expiry_gets_401(token_store, auth_client, user):
    AuthToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))

    assert auth_client.get(SECURE).status_code == 401


def test_a_token_idle_longer_than_the_idle_timeout_gets_401(token_store, auth_client, user):
    with registrar(TOKEN_IDLE_TIMEOUT_SECONDS=3600):
        AuthToken.objects.filter(user=user).update(last_used=timezone.now() - timedelta(hours=2))

        assert auth_client.get(SECURE).status_code == 401


def test_an_expired_token_is_kept_until_the_purge_command_removes_it(auth_client, user):
    AuthToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))
    auth_client.get(SECURE)
    assert AuthToken.objects.filter(user=user).exists()

    call_command("purge_expired_tokens", stdout=io.StringIO())

    assert not AuthToken.objects.filter(user=user).exists()


def test_the_purge_keeps_live_tokens(user):
    services.auth_token_login(user=user, name="live")

    assert services.auth_token_purge_expired() == 0
    assert AuthToken.objects.filter(user=user, name="live").exists()


@pytest.mark.parametrize("idle_seconds", [-1, 0, 1])
@pytest.mark.parametrize("expires_seconds", [-1, 0, 1])
def test_the_purge_filter_and_the_rule_agree_at_the_boundaries(
    token, idle_seconds, expires_seconds
):
    now = timezone.now()
    idle = timedelta(seconds=services.settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    AuthToken.objects.filter(digest=tokens.digest(token)).update(
        last_used=now - idle + timedelta(seconds=idle_seconds),
        expires=now + timedelta(seconds=expires_seconds),
    )
    row = AuthToken.objects.select_related("user").get(digest=tokens.digest(token))

    purged = AuthToken.objects.filter(tokens.expired_filter(now), pk=row.pk).exists()

    assert purged is not tokens.token_is_valid(row, digest=row.digest, now=now)


def test_a_password_change_by_any_path_makes_old_tokens_fail_at_once(
    token_store, auth_client, user
):
    user.set_password("a brand new passphrase")
    user.save()

    assert auth_client.get(SECURE).status_code == 401


def test_a_deleted_token_gets_401(token_store, auth_client, user):
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
        store, digest = token_stores.STORES["redis"], tokens.digest(token)
        # A request that read the database just before the delete, and fills the cache after.
        with mock.patch.object(
            token_stores.SqlStore, "get_valid", return_value=store.fetch(digest)
        ):
            with django_capture_on_commit_callbacks(execute=True):
                AuthToken.objects.filter(digest=digest).delete()
            store.get_valid(digest, timezone.now())

        key = services.settings.REGISTRAR["TOKEN_CACHE_PREFIX"] + digest
        assert token_cache.get(key) == store.BYPASS

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
