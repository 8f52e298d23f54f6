"""PostgreSQL stopped for 5 s under load: JSON 503s with Retry-After, then recovery, no restart."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import Load, get
from tests.stack import register, request

pytestmark = pytest.mark.faults

OUTAGE_SECONDS = 5


def test_a_five_second_database_outage_gives_json_503s_and_the_app_recovers_unrestarted(stack):
    base = stack.app.url
    token = register(base, "outage", "outage horse battery staple")
    workers_before = stack.app.worker_pids()

    def one(sequence: int):
        # The secure page may be served from the Redis token cache; the student list and a
        # new student always need the database.
        kind = sequence % 3
        if kind == 0:
            return "/api/secure/", get(f"{base}/api/secure/", token)
        if kind == 1:
            return "/api/students/", get(f"{base}/api/students/", token)
        return "POST /api/students/", request(
            "POST",
            f"{base}/api/students/",
            json_body={"name": f"outage {sequence}", "age": 20, "mobileno": f"8{sequence:07d}"},
            headers={"Authorization": f"Token {token}"},
        )

    with Load(one, rate_per_second=20) as load:
        time.sleep(2)
        stack.db.stop()
        stopped_at = time.monotonic()
        time.sleep(1)
        ready_during = request("GET", f"{base}/readyz")
        alive_during = request("GET", f"{base}/healthz")
        time.sleep(OUTAGE_SECONDS - 1)
        restarting_at = time.monotonic()
        stack.db.start()
        back_at = time.monotonic()
        time.sleep(4)

    samples = load.samples
    assert all(sample.answer is not None for sample in samples), [s.error for s in samples]
    statuses = {sample.answer.status for sample in samples}
    assert statuses <= {200, 201, 503}, statuses

    during = [s for s in samples if s.started > stopped_at and s.finished < restarting_at]
    assert during, "no request fell inside the outage"
    needing_the_database = [s for s in during if s.label.endswith("/api/students/")]
    assert needing_the_database
    assert {s.answer.status for s in needing_the_database} == {503}
    for sample in samples:
        if sample.answer.status == 503:
            assert sample.answer.is_json(), sample.answer.body
            assert sample.answer.headers["retry-after"] == "5"
            assert b"Traceback" not in sample.answer.body

    # Liveness stays up, so a load balancer does not restart healthy workers; readiness drops.
    assert alive_during.status == 200
    assert ready_during.status == 503
    assert ready_during.json()["checks"]["database"] == "failed"

    after = [s for s in samples if s.started > back_at]
    assert after
    assert [s.answer.status for s in after if s.answer.status not in {200, 201}] == []
    assert request("GET", f"{base}/readyz").status == 200
    # Recovered by reconnecting, not by restarting: the same master and the same workers.
    assert stack.app.process.poll() is None
    assert stack.app.worker_pids() == workers_before
