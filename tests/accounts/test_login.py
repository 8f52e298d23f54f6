from __future__ import annotations

import pytest

from accounts.models import AuthToken
from tests.factories import PASSWORD

URLS = ["/demotoken/login/", "/api/auth/login/"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", URLS)
def test_logging_in_with_json_returns_a_token(api_client, user, url):
    response = api_client.post(
        url, {"username": user.username, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_logging_in_with_a_form_returns_a_token(api_client, user):
    response = api_client.post(URLS[0], {"username": user.username, "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["token"]


def test_each_login_issues_a_new_token(api_client, user):
    credentials = {"username": user.username, "password": PASSWORD}
    first = api_client.post(URLS[0], credentials, format="json").json()["token"]
    second = api_client.post(URLS[0], credentials, format="json").json()["token"]

    assert first != second
    assert AuthToken.objects.filter(user=user).count() == 3  # the initial one and two logins


def test_a_login_token_is_named_after_the_user_agent(api_client, user):
    api_client.post(
        URLS[0],
        {"username": user.username, "password": PASSWORD},
        format="json",
        HTTP_USER_AGENT="curl/8.0",
    )

    assert AuthToken.objects.filter(user=user, name="curl/8.0").exists()


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "nobody", "password": PASSWORD},
        {"username": "{user}", "password": "wrong password"},
    ],
)
def test_wrong_credentials_are_a_400_with_non_field_errors(api_client, user, credentials):
    credentials = {k: v.format(user=user.username) for k, v in credentials.items()}

    response = api_client.post(URLS[0], credentials, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_inactive_user_cannot_log_in(api_client, user):
    user.is_active = False
    user.save()

    response = api_client.post(
        URLS[0], {"username": user.username, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400


def test_a_login_token_takes_the_name_given_in_the_request(api_client, user):
    api_client.post(
        URLS[1],
        {"username": user.username, "password": PASSWORD, "name": "work laptop"},
        format="json",
        HTTP_USER_AGENT="curl/8.0",
    )

    assert AuthToken.objects.filter(user=user, name="work laptop").exists()


def test_a_token_name_longer_than_64_characters_is_a_400(api_client, user):
    response = api_client.post(
        URLS[1], {"username": user.username, "password": PASSWORD, "name": "x" * 65}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()


def test_a_user_agent_with_a_nul_still_names_the_token(api_client, user):
    response = api_client.post(
        URLS[1],
        {"username": user.username, "password": PASSWORD},
        format="json",
        HTTP_USER_AGENT="evil\x00agent",
    )

    assert response.status_code == 200
    assert AuthToken.objects.filter(user=user, name="evilagent").exists()
