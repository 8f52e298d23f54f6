from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import limiter
from accounts import services as account_services
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _forget_refusals():
    # The limiter's per-process memory of refused clients outlives a test, as its counters do.
    limiter.refusals_forget()
    yield
    limiter.refusals_forget()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def token(user) -> str:
    return account_services.auth_token_login(user=user, name="tests")


@pytest.fixture
def auth_client(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def smtp_inbox():
    """A real SMTP server on loopback (TEST_SMTP_PORT); the SMTP backend sends to it."""
    from tests.smtp import smtp_server

    with smtp_server() as inbox:
        yield inbox
