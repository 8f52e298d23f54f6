"""SIGTERM to the gunicorn master under load: in-flight requests finish, none is answered 5xx."""

from __future__ import annotations

import signal
import time

import pytest

from tests.faults.conftest import Load
from tests.stack import register, request

pytestmark = pytest.mark.faults

PASSWORD = "graceful stop horse battery"


def test_sigterm_to_the_master_under_load_lets_in_flight_requests_finish(stack):
    base = stack.app.url
    register(base, "stopper", PASSWORD)

    def one(sequence: int):
        # A login hashes a password with Argon2: slow enough to be in flight at the signal.
        if sequence % 2:
            return "login", request(
                "POST",
                f"{base}/api/auth/login/",
                json_body={"username": "stopper", "password": PASSWORD},
            )
        return "ready", request("GET", f"{base}/readyz")

    with Load(one, rate_per_second=30, threads=6) as load:
        time.sleep(2)
        signalled_at = time.monotonic()
        exit_code = stack.app.stop(signal.SIGTERM, timeout=60)
        stopped_at = time.monotonic()
        time.sleep(0.5)

    assert exit_code == 0
    answered = [s for s in load.samples if s.answer is not None]
    assert answered
    assert all(s.answer.status < 500 for s in answered), [s.answer.status for s in answered]
    # Every request under way before the signal was answered, not cut off.
    before = [s for s in load.samples if s.started < signalled_at - 0.2]
    assert before
    assert [s.error for s in before if s.answer is None] == []
    # Answers kept arriving after the signal while workers drained.
    assert any(signalled_at <= s.finished <= stopped_at for s in answered)
