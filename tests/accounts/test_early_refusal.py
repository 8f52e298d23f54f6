"""A client already refused is refused again from process memory, before any other work."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import limiter, services
from tests.accounts.helpers import basic, throttle_rates
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def basic_status(client: APIClient, username: str, password: str, **extra) -> int:
    client.credentials(HTTP_AUTHORIZATION=basic(username, password))
    return client.get("/api/auth/me/", **extra).status_code


def test_once_refused_a_flood_is_refused_without_the_shared_counters(api_client):
    user = UserFactory()
    with throttle_rates(login="3/min"):
        statuses = [basic_status(api_client, user.username, "wrong") for _ in range(4)]
        cache.clear()  # the shared counters forget; this process remembers the refusal
        again = basic_status(api_client, user.username, "wrong")
        limiter.refusals_forget()
        after_forgetting = basic_status(api_client, user.username, PASSWORD)

    assert statuses == [401, 401, 401, 429]
    assert again == 429
    assert after_forgetting == 200


def test_a_refused_address_still_uses_its_token(api_client):
    user = UserFactory()
    token = services.auth_token_login(user=user, name="tests")
    with throttle_rates(login="2/min"):
        for _ in range(3):
            basic_status(api_client, user.username, "wrong")
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        with_token = api_client.get("/api/auth/me/").status_code

    assert with_token == 200


def test_a_refused_login_form_post_is_refused_early_with_retry_after(api_client):
    with throttle_rates(login="2/min"):
        for i in range(3):
            api_client.post(
                "/api/auth/login/", {"username": f"u{i}", "password": "x"}, format="json"
            )
        cache.clear()
        answer = api_client.post("/admin/login/", {"username": "u9", "password": "x"})

    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0


def test_an_account_refusal_spares_a_browser_with_the_accounts_device_cookie():
    user = UserFactory()
    owner = APIClient()
    assert (
        owner.post(
            "/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json"
        ).status_code
        == 200
    )
    attacker = APIClient()
    with throttle_rates(login="3/min"):
        for i in range(4):
            basic_status(attacker, user.username, "wrong", REMOTE_ADDR=f"10.0.0.{i}")
        stranger = basic_status(APIClient(), user.username, PASSWORD, REMOTE_ADDR="10.0.1.1")
        owners = basic_status(owner, user.username, PASSWORD, REMOTE_ADDR="10.0.1.2")

    assert stranger == 429
    assert owners == 200
