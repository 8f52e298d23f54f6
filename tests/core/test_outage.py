"""A database outage answers a JSON 503 with Retry-After on every path, never a 500."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from accounts.api import views as account_views


@pytest.fixture
def client_that_sees_responses() -> Client:
    return Client(raise_request_exception=False)


def _fail(error: Exception):
    def raise_it(*args, **kwargs):
        raise error

    return raise_it


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), InterfaceError("connection already closed")]
)
def test_an_api_view_that_cannot_reach_the_database_answers_503_with_retry_after(
    auth_client, monkeypatch, error
):
    monkeypatch.setattr(account_views.SecureView, "get", _fail(error), raising=False)

    response = auth_client.get("/api/secure/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["detail"].startswith("The database is unavailable")


@pytest.mark.django_db
def test_a_plain_django_view_that_cannot_reach_the_database_answers_503(
    client_that_sees_responses, monkeypatch
):
    monkeypatch.setattr("core.views.render", _fail(OperationalError("server closed")))

    response = client_that_sees_responses.get("/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_middleware_that_cannot_reach_the_database_gets_a_503_too(
    client_that_sees_responses, monkeypatch
):
    # The session loads before any view runs: the outage surfaces in middleware.
    monkeypatch.setattr(
        "django.contrib.sessions.backends.db.SessionStore.load", _fail(OperationalError("down"))
    )
    client_that_sees_responses.cookies["sessionid"] = "x" * 32

    response = client_that_sees_responses.get("/admin/")

    assert response.status_code == 503
    assert response.json()["detail"].startswith("The database is unavailable")


@pytest.mark.django_db
def test_any_other_crash_is_still_a_plain_500(client_that_sees_responses, monkeypatch):
    monkeypatch.setattr("core.views.render", _fail(RuntimeError("a bug")))

    response = client_that_sees_responses.get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response
