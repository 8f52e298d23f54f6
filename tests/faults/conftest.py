"""Each fault test gets its own PostgreSQL cluster, redis-server and served app, and breaks them.

Ports: FAULT_PG_PORT (5450), FAULT_REDIS_PORT (6450), FAULT_APP_PORT (8450).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from tests.stack import (
    Answer,
    App,
    Postgres,
    Redis,
    manage,
    port,
    postgres,
    production_env,
    redis_server,
    request,
)

pytestmark = pytest.mark.faults


@dataclass
class Stack:
    db: Postgres
    cache: Redis
    app: App
    env: dict[str, str]


@pytest.fixture
def app_env() -> dict[str, str]:
    """Extra environment for the served app; a test module overrides this fixture."""
    return {}


@pytest.fixture
def stack(tmp_path, app_env) -> Iterator[Stack]:
    with (
        postgres(port("FAULT_PG_PORT", 5450)) as db,
        redis_server(port("FAULT_REDIS_PORT", 6450)) as cache,
    ):
        env = production_env(database_url=db.url, redis_url=cache.url)
        env |= {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"} | app_env
        manage(env, "migrate", "--noinput", "-v0")
        app = App(port=port("FAULT_APP_PORT", 8450), env=env, log=tmp_path / "app.log")
        app.extra = {"MIGRATE": "0"}
        app.start()
        try:
            yield Stack(db=db, cache=cache, app=app, env=env)
        finally:
            app.stop()


@dataclass
class Sample:
    started: float
    finished: float
    label: str
    answer: Answer | None
    error: str | None = None


@dataclass
class Load:
    """Threads sending requests at a steady rate until stopped; every answer is kept."""

    make_request: Callable[[int], tuple[str, Answer]]
    rate_per_second: float = 20.0
    threads: int = 4
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _run(self, index: int) -> None:
        interval = self.threads / self.rate_per_second
        sequence = index
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                label, answer = self.make_request(sequence)
                sample = Sample(started, time.monotonic(), label, answer)
            except (OSError, http.client.HTTPException) as exc:
                sample = Sample(started, time.monotonic(), "?", None, repr(exc))
            with self._lock:
                self.samples.append(sample)
            sequence += self.threads
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def __enter__(self) -> Load:
        for index in range(self.threads):
            worker = threading.Thread(target=self._run, args=(index,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=60)


def get(url: str, token: str) -> Answer:
    return request("GET", url, headers={"Authorization": f"Token {token}"}, timeout=30)
