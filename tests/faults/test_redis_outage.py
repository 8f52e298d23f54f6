"""Redis stopped: authentication, login and register keep working; /readyz says the cache is down.

Throttles fail open to per-process counting while Redis is down (core/cache.py): each process
keeps counting in its own memory, so one process still stops a burst, and a cluster of N
processes lets at most N times the rate through. Failing closed would turn a cache outage into
a login outage for everyone; docs/scaling.md, "When Redis stops", gives the reasoning.
"""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import get
from tests.stack import request

pytestmark = pytest.mark.faults

PASSWORD = "redis outage horse battery"


@pytest.fixture
def app_env() -> dict[str, str]:
    # One process, so that the per-process fallback counts every attempt.
    return {"WEB_CONCURRENCY": "1", "THROTTLE_LOGIN_RATE": "5/min"}


def login(base: str, username: str, password: str):
    return request(
        "POST", f"{base}/api/auth/login/", json_body={"username": username, "password": password}
    )


def test_with_redis_stopped_tokens_login_and_register_work_and_readyz_reports_the_cache(stack):
    base = stack.app.url
    registered = request(
        "POST", f"{base}/api/auth/register/", json_body={"username": "before", "password": PASSWORD}
    )
    token = registered.json()["token"]
    assert get(f"{base}/api/secure/", token).status == 200

    stack.cache.stop()

    assert get(f"{base}/api/secure/", token).status == 200
    registered = request(
        "POST", f"{base}/api/auth/register/", json_body={"username": "during", "password": PASSWORD}
    )
    assert registered.status == 201, registered.body
    logged_in = login(base, "during", PASSWORD)
    assert logged_in.status == 200, logged_in.body
    assert get(f"{base}/api/secure/", logged_in.json()["token"]).status == 200
    assert get(f"{base}/api/students/", token).status == 200

    ready = request("GET", f"{base}/readyz")
    assert ready.status == 503
    assert ready.json()["checks"] == {"database": "ok", "cache": "failed"}


def test_with_redis_stopped_throttles_keep_counting_in_each_process(stack):
    base = stack.app.url
    stack.cache.stop()

    statuses = [login(base, "nobody", "wrong password").status for _ in range(8)]

    assert all(status < 500 for status in statuses), statuses
    # One process: its own count stops the burst at the rate, 5 a minute.
    assert statuses.count(429) == 3, statuses


def test_once_redis_returns_revocation_is_immediate_again(stack):
    base = stack.app.url
    request(
        "POST", f"{base}/api/auth/register/", json_body={"username": "back", "password": PASSWORD}
    )
    revoked_during = login(base, "back", PASSWORD).json()["token"]
    stack.cache.stop()
    assert (
        request(
            "POST", f"{base}/api/auth/logout/", headers={"Authorization": f"Token {revoked_during}"}
        ).status
        == 204
    )
    assert get(f"{base}/api/secure/", revoked_during).status == 401

    stack.cache.start()
    time.sleep(1.5)  # the fallback leaves Redis alone for a second after an error

    assert get(f"{base}/api/secure/", revoked_during).status == 401
    fresh = login(base, "back", PASSWORD).json()["token"]
    assert get(f"{base}/api/secure/", fresh).status == 200
    assert (
        request(
            "POST", f"{base}/api/auth/logout/", headers={"Authorization": f"Token {fresh}"}
        ).status
        == 204
    )
    assert get(f"{base}/api/secure/", fresh).status == 401
    assert request("GET", f"{base}/readyz").status == 200
