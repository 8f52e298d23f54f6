"""Login and registration are throttled per client IP and per username."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.accounts.helpers import rest_framework, throttle_rates
from tests.factories import PASSWORD

LOGIN = "/api/auth/login/"
REGISTER = "/api/auth/register/"

pytestmark = pytest.mark.django_db


def login(client: APIClient, username: str, password: str = "wrong", **extra) -> int:  # noqa: S107
    return client.post(
        LOGIN, {"username": username, "password": password}, format="json", **extra
    ).status_code


def test_logins_past_the_rate_get_429_with_retry_after(api_client, user):
    with throttle_rates(login="3/min"):
        statuses = [login(api_client, user.username) for _ in range(3)]
        response = api_client.post(
            LOGIN, {"username": user.username, "password": PASSWORD}, format="json"
        )

    assert statuses == [400, 400, 400]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_one_address_is_throttled_across_usernames(api_client):
    with throttle_rates(login="3/min"):
        statuses = [login(api_client, f"user{i}") for i in range(4)]

    assert statuses[-1] == 429


def test_one_username_is_throttled_across_addresses(user):
    with throttle_rates(login="3/min"):
        statuses = [login(APIClient(), user.username, REMOTE_ADDR=f"10.0.0.{i}") for i in range(4)]

    assert statuses == [400, 400, 400, 429]


def test_by_default_a_forged_x_forwarded_for_buys_nothing(api_client):
    with throttle_rates(login="3/min"):
        statuses = [
            login(api_client, f"user{i}", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in range(4)
        ]

    assert statuses[-1] == 429


def test_with_a_trusted_proxy_its_forwarded_address_is_the_client(api_client):
    with throttle_rates(login="3/min"), rest_framework(NUM_PROXIES=1):
        from rest_framework.settings import api_settings

        assert api_settings.NUM_PROXIES == 1
        statuses = [
            login(api_client, f"user{i}", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in range(4)
        ]

    assert 429 not in statuses


def test_registration_is_throttled_per_address(api_client):
    with throttle_rates(register="2/min"):
        statuses = [
            api_client.post(
                REGISTER, {"username": f"new{i}", "password": "x"}, format="json"
            ).status_code
            for i in range(3)
        ]

    assert statuses == [400, 400, 429]


def test_registration_is_throttled_per_username(api_client):
    with throttle_rates(register="2/min"):
        statuses = [
            APIClient()
            .post(
                REGISTER,
                {"username": "taken", "password": "x"},
                format="json",
                REMOTE_ADDR=f"10.0.0.{i}",
            )
            .status_code
            for i in range(3)
        ]

    assert statuses == [400, 400, 429]


@pytest.mark.parametrize("body", ["[1]", '{"username": ["a"]}', '{"username": null}', "{bad"])
def test_odd_login_bodies_are_a_4xx_not_a_500(api_client, body):
    with throttle_rates(login="3/min"):
        response = api_client.post(LOGIN, body, content_type="application/json")

    assert 400 <= response.status_code < 500


def test_guessing_the_current_password_with_a_token_is_limited(auth_client):
    with throttle_rates(login="3/min"):
        statuses = [
            auth_client.post(
                "/api/auth/password/",
                {"current_password": "wrong", "new_password": "an entirely new passphrase 42"},
                format="json",
            ).status_code
            for _ in range(4)
        ]
        right = auth_client.post(
            "/api/auth/password/",
            {"current_password": PASSWORD, "new_password": "an entirely new passphrase 42"},
            format="json",
        )

    assert statuses == [400, 400, 400, 429]
    assert right.status_code == 429 and int(right["Retry-After"]) > 0
