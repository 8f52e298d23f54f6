"""Bounded password hashing: at most PASSWORD_HASH_CONCURRENCY hashes at once per process.

An Argon2 hash holds about 100 MiB and a core for tens of milliseconds. Unbounded, a flood of
wrong passwords takes every core and the memory with it. Past the cap a request waits up to
PASSWORD_HASH_WAIT_SECONDS for a slot, then gets 503 with Retry-After; nothing queues without
bound. The hashers below take the slot themselves, so every path that hashes (login, Basic,
the admin, registration, password change, the dummy hash for unknown users) is covered.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth import hashers
from rest_framework import exceptions

_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None
# Some hashers' verify() calls their own encode(): a thread already holding a slot keeps it.
_held = threading.local()


class HashingBusy(exceptions.APIException):
    """Every hashing slot stayed busy for the whole wait; a 503 with Retry-After."""

    status_code = 503
    default_detail = "Too many password checks at once. Try again shortly."
    default_code = "hashing_busy"

    def __init__(self) -> None:
        super().__init__()
        self.wait = settings.REGISTRAR["PASSWORD_HASH_RETRY_AFTER_SECONDS"]


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    cap = settings.REGISTRAR["PASSWORD_HASH_CONCURRENCY"]
    slots = _slots
    if slots is None or slots[0] != cap:
        with _lock:
            if _slots is None or _slots[0] != cap:
                _slots = (cap, threading.BoundedSemaphore(cap))
            slots = _slots
    return slots[1]


@contextmanager
def hashing_slot() -> Iterator[None]:
    """Hold one of the process's hashing slots; raise HashingBusy if none frees up in time."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    semaphore = _semaphore()
    if not semaphore.acquire(timeout=settings.REGISTRAR["PASSWORD_HASH_WAIT_SECONDS"]):
        raise HashingBusy()
    _held.depth = 1
    try:
        yield
    finally:
        _held.depth = 0
        semaphore.release()


class BoundedHasherMixin:
    """Takes a hashing slot around each hash; algorithm names (so stored hashes) are Django's."""

    def encode(self, *args: Any, **kwargs: Any) -> str:
        with hashing_slot():
            return super().encode(*args, **kwargs)  # type: ignore[misc]

    def verify(self, *args: Any, **kwargs: Any) -> bool:
        with hashing_slot():
            return super().verify(*args, **kwargs)  # type: ignore[misc]

    def harden_runtime(self, *args: Any, **kwargs: Any) -> None:
        with hashing_slot():
            return super().harden_runtime(*args, **kwargs)  # type: ignore[misc]


class BoundedArgon2PasswordHasher(BoundedHasherMixin, hashers.Argon2PasswordHasher):
    pass


class BoundedPBKDF2PasswordHasher(BoundedHasherMixin, hashers.PBKDF2PasswordHasher):
    pass


class BoundedMD5PasswordHasher(BoundedHasherMixin, hashers.MD5PasswordHasher):
    """For the test suite only (fast), bounded like the real ones so the cap is under test."""
