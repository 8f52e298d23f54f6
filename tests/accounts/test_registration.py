from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings

from accounts.models import AuthToken, PersonalDetail
from tests.concurrency import post_json_concurrently
from tests.dbtext import all_rows_as_text

User = get_user_model()
URLS = ["/demotoken/register/", "/api/auth/register/"]
STRONG = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", URLS)
def test_registering_returns_201_with_the_seeds_message_and_a_token(api_client, url):
    response = api_client.post(url, {"username": "ravi", "password": STRONG}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["response"] == "User Created SuccessFully!!"
    assert body["username"] == "ravi"
    assert len(body["token"]) >= 32


def test_the_registration_token_opens_the_secure_page(api_client):
    body = api_client.post(URLS[0], {"username": "ravi", "password": STRONG}, format="json").json()

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api_client.get("/demotoken/secure/").status_code == 200


def test_registering_gives_the_user_a_personal_detail_and_one_token(api_client):
    api_client.post(URLS[0], {"username": "ravi", "password": STRONG}, format="json")

    user = User.objects.get(username="ravi")
    assert PersonalDetail.objects.filter(user=user).count() == 1
    assert AuthToken.objects.filter(user=user).count() == 1


def test_registration_never_yields_staff_or_superuser_even_when_asked(api_client):
    payload = {"username": "mallory", "password": STRONG, "is_staff": True, "is_superuser": True}

    response = api_client.post(URLS[0], payload, format="json")

    assert response.status_code == 201
    user = User.objects.get(username="mallory")
    assert not user.is_staff
    assert not user.is_superuser


def test_a_duplicate_username_is_a_400_with_a_field_error(api_client):
    api_client.post(URLS[0], {"username": "ravi", "password": STRONG}, format="json")

    response = api_client.post(URLS[0], {"username": "ravi", "password": STRONG}, format="json")

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize("password", ["123", "password", "12345678901"])
def test_a_weak_password_is_a_400_with_a_field_error(api_client, password):
    response = api_client.post(URLS[0], {"username": "ravi", "password": password}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="ravi").exists()


@pytest.mark.parametrize(
    ("payload", "missing"),
    [({"username": "ravi"}, "password"), ({"password": STRONG}, "username"), ({}, "username")],
)
def test_a_missing_field_is_a_400_naming_the_field(api_client, payload, missing):
    response = api_client.post(URLS[0], payload, format="json")

    assert response.status_code == 400
    assert missing in response.json()


def test_malformed_json_is_a_400_not_a_500(api_client):
    response = api_client.post(URLS[0], "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_non_object_json_body_is_a_400(api_client):
    response = api_client.post(URLS[0], "[1, 2]", content_type="application/json")

    assert response.status_code == 400


def test_the_password_is_used_exactly_as_typed(api_client):
    padded = "  " + STRONG + "  "
    api_client.post(URLS[0], {"username": "ravi", "password": padded}, format="json")

    user = User.objects.get(username="ravi")
    assert user.check_password(padded)
    assert not user.check_password(STRONG)


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_the_password_is_hashed_with_argon2(api_client):
    api_client.post(URLS[0], {"username": "ravi", "password": STRONG}, format="json")

    assert User.objects.get(username="ravi").password.startswith("argon2$")


def test_no_password_or_token_string_appears_anywhere_in_the_database(api_client):
    registered = api_client.post(
        URLS[0], {"username": "ravi", "password": STRONG}, format="json"
    ).json()
    logged_in = api_client.post(
        "/demotoken/login/", {"username": "ravi", "password": STRONG}, format="json"
    ).json()

    stored = all_rows_as_text()
    assert STRONG not in stored
    assert registered["token"] not in stored
    assert logged_in["token"] not in stored


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_registrations_of_one_name_give_one_201_and_400s(live_server):
    statuses = post_json_concurrently(
        f"{live_server.url}/demotoken/register/",
        {"username": "race", "password": STRONG},
        clients=20,
    )

    assert sorted(statuses) == [201] + [400] * 19, statuses
    assert User.objects.filter(username="race").count() == 1
    user = User.objects.get(username="race")
    assert PersonalDetail.objects.count() == User.objects.count() == 1
    assert AuthToken.objects.filter(user=user).count() == 1
    connection.close()
