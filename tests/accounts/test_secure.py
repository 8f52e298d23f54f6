from __future__ import annotations

import pytest

SECURE_MESSAGE = "This is my Secure Page only Access when you Provide Token!!!"
URLS = ["/demotoken/secure/", "/api/secure/"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_secure_page_answers_a_token_holder_with_the_seeds_message(auth_client, url, method):
    response = getattr(auth_client, method)(url)

    assert response.status_code == 200
    assert response.json() == SECURE_MESSAGE


def test_bearer_is_accepted_as_an_alias_for_token(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert api_client.get(URLS[0]).status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_the_secure_page_without_a_token_is_a_401_with_www_authenticate(api_client, url):
    response = api_client.post(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header", ["Token not-a-real-token", "Token", "Token a b", "Token \u00e9\u00e9"]
)
def test_a_bad_token_is_a_401_with_www_authenticate(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    response = api_client.get(URLS[0])

    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")


def test_a_deactivated_users_token_fails_at_once(auth_client, user):
    user.is_active = False
    user.save()

    assert auth_client.get(URLS[0]).status_code == 401
