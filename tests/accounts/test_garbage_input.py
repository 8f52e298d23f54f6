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

# Endpoints that read a body: garbage is their 4xx.
READERS = [
    ("post", "/api/auth/login/"),
    ("post", "/api/auth/register/"),
    ("patch", "/api/auth/me/"),
    ("post", "/api/auth/password/"),
]
# Endpoints that take no body: whatever is sent is ignored, and they answer as without one.
IGNORERS = [
    ("post", "/api/auth/logout/", 204),
    ("delete", "/api/auth/tokens/0/", 404),
]
# Well-formed bodies that name none of PATCH /api/auth/me/'s fields: a partial update of nothing.
NO_FIELD_OF_ME = {BODIES[4][0], BODIES[5][0], BODIES[8][0]}


@pytest.mark.parametrize(
    ("method", "url", "body", "content_type"),
    [
        (method, url, body, content_type)
        for method, url in READERS
        for body, content_type in BODIES
        if not (url == "/api/auth/me/" and body in NO_FIELD_OF_ME)
    ],
)
def test_garbage_gets_a_json_4xx(auth_client, method, url, body, content_type):
    response = getattr(auth_client, method)(url, body, content_type=content_type)

    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("body", sorted(NO_FIELD_OF_ME))
def test_a_body_naming_none_of_my_fields_changes_nothing(auth_client, user, body):
    content_type = (
        "application/json" if body.startswith("{") else ("application/x-www-form-urlencoded")
    )
    before = (user.email, user.first_name, user.last_name)

    response = auth_client.patch("/api/auth/me/", body, content_type=content_type)

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.email, user.first_name, user.last_name) == before


# Logout-all reads one optional field, include_api_keys: a well-formed body without it is a plain
# logout-all, anything else a 4xx.
LOGOUT_ALL_IGNORES = {BODIES[i][0] for i in (4, 5, 6, 7, 8)}


@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_logout_all_ignores_other_fields_and_refuses_garbage(auth_client, body, content_type):
    response = auth_client.post("/api/auth/logout-all/", body, content_type=content_type)

    if body in LOGOUT_ALL_IGNORES:
        assert response.status_code == 204, response.content
    else:
        assert 400 <= response.status_code < 500, response.content
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("method", "url", "status"), IGNORERS)
@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_a_body_sent_where_none_is_read_is_ignored(
    auth_client, method, url, status, body, content_type
):
    response = getattr(auth_client, method)(url, body, content_type=content_type)

    assert response.status_code == status, response.content


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
