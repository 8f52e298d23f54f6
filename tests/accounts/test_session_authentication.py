"""Session authentication (the admin and the browsable API): CSRF on unsafe methods."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_session_opens_the_api_for_reading(session_client):
    assert session_client.get("/api/secure/").status_code == 200
    assert session_client.get("/api/students/").status_code == 200


def test_an_unsafe_request_without_the_csrf_token_is_a_403(session_client):
    response = session_client.post("/api/secure/")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_an_unsafe_request_with_the_csrf_token_is_allowed(session_client):
    session_client.get("/admin/login/")  # any page that sets the CSRF cookie
    csrf = session_client.cookies["csrftoken"].value

    response = session_client.post("/api/secure/", HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == 200


def test_the_browsable_api_login_page_exists_and_logs_in(user):
    client = APIClient()
    page = client.get("/api-auth/login/")
    assert page.status_code == 200

    client.post("/api-auth/login/", {"username": user.username, "password": PASSWORD})

    assert client.get("/api/secure/").status_code == 200
