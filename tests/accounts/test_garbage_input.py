"""Garbage sent to the authentication endpoints gets a JSON 4xx, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BODIES = [
    ("{not json", "application/json"),
    ("[]", "application/json"),
    ("null", "application/json"),
    ('"text"', "application/json"),
    ('{"username": 1, "password": {"a": 1}, "name": [1]}', "application/json"),
    ('{"current_password": null, "new_password": 5}', "application/json"),
    ('{"email": 123, "first_name": {"x": 1}, "last_name": null}', "application/json"),
    ('{"email": "a\\u0000@example.com", "first_name": "nul\\u0000"}', "application/json"),
    ("username=\x00&password=\x00", "application/x-www-form-urlencoded"),
    ("plain text", "text/plain"),
    ("\xff\xfe garbage", "application/octet-stream"),
]

ENDPOINTS = [
    ("post", "/api/auth/login/"),
    ("post", "/api/auth/register/"),
    ("post", "/api/auth/logout/"),
    ("post", "/api/auth/logout-all/"),
    ("patch", "/api/auth/me/"),
    ("post", "/api/auth/password/"),
    ("delete", "/api/auth/tokens/0/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_garbage_gets_a_json_4xx(auth_client, method, url, body, content_type):
    response = getattr(auth_client, method)(url, body, content_type=content_type)

    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "header",
    [
        "Token \x00",
        "Bearer " + "x" * 5000,
        "Api-Key \x7f",
        "Basic " + "A" * 4000,
        "Basic Og==",  # ":" (empty username and password)
        "Token a\tb",
        "Api-Key",
    ],
)
def test_garbage_credentials_get_a_401(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    response = api_client.get("/api/secure/")

    assert response.status_code == 401
