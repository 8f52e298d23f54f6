"""The limiter's public API, as password reset and one-time codes use it."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from accounts import limiter
from tests.accounts.conftest import TEST_REDIS_URL
from tests.accounts.helpers import registrar, throttle_rates


def request_from(address: str = "192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("10/min", (10, 60)), ("50/hour", (50, 3600)), ("3/s", (3, 1)), ("100/2h", (100, 7200))],
)
def test_rates_read_as_count_and_seconds(rate, parsed):
    assert limiter.parse_rate(rate) == parsed


def test_an_unknown_scope_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        limiter.attempt("no-such-scope", request=request_from(), account="alice")


def test_case_and_padding_of_an_account_share_one_allowance():
    with throttle_rates(login="3/min"):
        for account in ["Alice", " alice", "ALICE\n"]:
            limiter.attempt(
                "password_reset", request=request_from(f"192.0.2.{len(account)}"), account=account
            )
        with pytest.raises(limiter.PasswordLimited) as refused:
            limiter.attempt("password_reset", request=request_from("198.51.100.1"), account="alice")

    assert refused.value.wait >= 1


def test_a_success_gives_its_attempt_back():
    with throttle_rates(login="2/min"):
        for _ in range(5):
            limiter.attempt("otp", request=request_from(), account="bob").succeeded()
        limiter.attempt("otp", request=request_from(), account="bob")
        limiter.attempt("otp", request=request_from(), account="bob")
        with pytest.raises(limiter.PasswordLimited):
            limiter.attempt("otp", request=request_from(), account="bob")


def test_forty_threads_on_the_shared_redis_let_exactly_ten_through():
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    prefix = f"test-limiter-{uuid.uuid4().hex}"
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    passed, barrier = [], threading.Barrier(40)

    def attempt():
        barrier.wait()
        try:
            limiter.attempt("login", request=request_from(), account="carol")
            passed.append(True)
        except limiter.PasswordLimited:
            pass

    try:
        # registrar() is evaluated after throttle_rates() has applied, so it keeps its rates.
        with (
            override_settings(CACHES=caches),
            throttle_rates(login="10/min"),
            registrar(RATE_LIMIT_CACHE="limits"),
        ):
            threads = [threading.Thread(target=attempt) for _ in range(40)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)

    assert len(passed) == 10
