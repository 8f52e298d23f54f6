"""At most PASSWORD_HASH_CONCURRENCY hashes at once per process; past that, 503 + Retry-After."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from django.db import connection

from accounts import hashing
from tests.accounts.helpers import registrar
from tests.accounts.live import admin_login, api_login, basic_get
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


@contextmanager
def every_slot_busy(cap: int = 2):
    """Hold every hashing slot, as `cap` long hashes in flight would."""
    with registrar(PASSWORD_HASH_CONCURRENCY=cap, PASSWORD_HASH_WAIT_SECONDS=0.05):
        semaphore = hashing._semaphore()
        for _ in range(cap):
            semaphore.acquire()
        try:
            yield
        finally:
            for _ in range(cap):
                semaphore.release()


def test_with_every_slot_busy_password_checks_get_503_with_retry_after(live_server):
    user = UserFactory(is_staff=True)

    with every_slot_busy():
        answers = [
            basic_get(live_server.url, user.username, PASSWORD),
            api_login(live_server.url, user.username, PASSWORD),
            admin_login(live_server.url, user.username, PASSWORD),
        ]

    assert [a.status_code for a in answers] == [503, 503, 503]
    assert all(int(a.headers["Retry-After"]) >= 1 for a in answers)
    assert "detail" in answers[0].json()


def test_once_a_slot_frees_up_the_password_is_checked(live_server):
    user = UserFactory()

    with every_slot_busy():
        pass
    answer = basic_get(live_server.url, user.username, PASSWORD)

    assert answer.status_code == 200


def test_a_waiting_check_takes_a_slot_freed_within_the_wait(live_server):
    user = UserFactory()
    with registrar(PASSWORD_HASH_CONCURRENCY=1, PASSWORD_HASH_WAIT_SECONDS=30):
        semaphore = hashing._semaphore()
        semaphore.acquire()
        release = threading.Timer(0.2, semaphore.release)
        release.start()
        answer = basic_get(live_server.url, user.username, PASSWORD)
        release.join()

    assert answer.status_code == 200


def test_the_cap_is_never_exceeded_by_concurrent_hashes(monkeypatch):
    running, peak, lock = 0, 0, threading.Lock()
    original = hashing.hashers.MD5PasswordHasher.encode

    def slow_encode(self, password, salt):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        threading.Event().wait(0.02)
        with lock:
            running -= 1
        return original(self, password, salt)

    hasher = hashing.BoundedMD5PasswordHasher()
    errors: list[Exception] = []

    def hash_once():
        try:
            hasher.encode("password", hasher.salt())
        except hashing.HashingBusy as exc:
            errors.append(exc)

    # The real hasher, made to last long enough for twelve threads to pile up on the cap.
    monkeypatch.setattr(hashing.hashers.MD5PasswordHasher, "encode", slow_encode)
    with registrar(PASSWORD_HASH_CONCURRENCY=2, PASSWORD_HASH_WAIT_SECONDS=10):
        threads = [threading.Thread(target=hash_once) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert 1 <= peak <= 2
    assert errors == []


def test_a_hasher_that_calls_its_own_encode_does_not_wait_for_itself():
    with registrar(PASSWORD_HASH_CONCURRENCY=1, PASSWORD_HASH_WAIT_SECONDS=0.05):
        hasher = hashing.BoundedMD5PasswordHasher()
        encoded = hasher.encode("password", hasher.salt())

        assert hasher.verify("password", encoded)  # verify() calls encode() inside its slot
