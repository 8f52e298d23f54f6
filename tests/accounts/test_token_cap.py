"""The per-user token cap holds, even under concurrent logins."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts import services
from accounts.models import AuthToken
from tests.accounts.helpers import registrar
from tests.concurrency import post_json_concurrently
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_logging_in_past_the_cap_drops_the_oldest_tokens(user):
    with registrar(TOKENS_PER_USER=3):
        secrets = [services.auth_token_login(user=user, name=str(i)) for i in range(5)]

    names = set(AuthToken.objects.filter(user=user).values_list("name", flat=True))
    assert names == {"2", "3", "4"}
    client = APIClient()
    answers = []
    for secret in secrets:
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        answers.append(client.get("/api/secure/").status_code)
    assert answers == [401, 401, 200, 200, 200]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_logins_against_a_cap_of_five_leave_at_most_five_tokens(live_server):
    user = UserFactory()
    credentials = {"username": user.username, "password": PASSWORD}

    with registrar(TOKENS_PER_USER=5):
        statuses = post_json_concurrently(
            f"{live_server.url}/api/auth/login/", credentials, clients=20
        )

    assert statuses == [200] * 20, statuses
    assert AuthToken.objects.filter(user=user).count() <= 5
    connection.close()
