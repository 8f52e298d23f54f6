"""With SQLite, a connection remembers token rows until the database changes (SqliteMemoStore).

These tests commit for real (transaction=True): rows read inside a transaction are never
remembered, so the memory only works outside one.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import tokens
from accounts.authentication import TokenAuthentication
from accounts.models import AuthToken
from accounts.token_stores import SqliteMemoStore
from tests.accounts.helpers import registrar

SECURE = "/api/secure/"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the memory is for SQLite only"),
]


@pytest.fixture(autouse=True)
def _a_fresh_memory():
    SqliteMemoStore.memory.forget(None)
    yield
    SqliteMemoStore.memory.forget(None)


def remembered(secret: str) -> bool:
    return tokens.digest(secret) in SqliteMemoStore.memory.rows


def in_another_thread(work) -> None:
    """Run ORM work on another connection, as another worker thread would."""

    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def in_another_process(sql: str, params: list) -> None:
    """Commit raw SQL through a connection of SQLite's own, outside Django, as a script would."""
    other = sqlite3.connect(connection.settings_dict["NAME"])
    with other:
        other.execute(sql, params)
    other.close()


def test_a_repeated_token_request_still_spends_one_query_but_skips_the_row(auth_client, token):
    auth_client.get(SECURE)
    assert remembered(token)

    with CaptureQueriesContext(connection) as queries:
        response = auth_client.get(SECURE)

    assert response.status_code == 200
    assert len(queries) == 1
    # The query asks for the row only if data_version moved from the version remembered.
    assert f"<> {SqliteMemoStore.memory.version[0]} THEN" in queries[0]["sql"]


def test_a_logout_on_another_connection_fails_the_remembered_token_at_once(auth_client, token):
    auth_client.get(SECURE)

    in_another_thread(lambda: AuthToken.objects.filter(digest=tokens.digest(token)).delete())

    assert auth_client.get(SECURE).status_code == 401
    assert not remembered(token)


def test_a_raw_sql_deactivation_from_another_process_fails_the_remembered_token(auth_client, user):
    auth_client.get(SECURE)

    in_another_process("UPDATE accounts_user SET is_active = 0 WHERE id = ?", [user.pk])

    assert auth_client.get(SECURE).status_code == 401


def test_a_signal_free_update_on_the_same_connection_fails_the_remembered_token(auth_client, user):
    auth_client.get(SECURE)

    AuthToken.objects.filter(user=user).update(expires=timezone.now() - timedelta(seconds=1))

    assert auth_client.get(SECURE).status_code == 401


def test_a_password_change_fails_the_remembered_token(auth_client, user):
    auth_client.get(SECURE)

    user.set_password("a brand new passphrase")
    user.save()

    assert auth_client.get(SECURE).status_code == 401


def test_expiry_is_checked_on_every_request_even_for_a_remembered_token(auth_client, token):
    auth_client.get(SECURE)
    assert remembered(token)

    with registrar(TOKEN_IDLE_TIMEOUT_SECONDS=0):
        assert auth_client.get(SECURE).status_code == 401


def test_a_row_read_inside_a_transaction_is_not_remembered(token):
    with transaction.atomic():
        TokenAuthentication().authenticate_credentials(token)

    assert not remembered(token)


def test_an_unknown_token_is_never_remembered(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION="Token " + "x" * 43)

    assert api_client.get(SECURE).status_code == 401
    assert SqliteMemoStore.memory.rows == {}


def test_a_token_that_fails_its_checks_is_not_remembered(auth_client, user, token):
    auth_client.get(SECURE)

    in_another_process("UPDATE accounts_user SET password = 'changed' WHERE id = ?", [user.pk])

    assert auth_client.get(SECURE).status_code == 401
    assert not remembered(token)
    assert auth_client.get(SECURE).status_code == 401
