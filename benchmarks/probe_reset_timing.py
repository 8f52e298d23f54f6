"""How long a password-reset request takes for a known and for an unknown address.

Not run by `make bench`. The answer must not tell the two apart: the same status and body (the
suite checks those), and a comparable time, which a test cannot check on a shared machine.
Prints the median and the 10th/90th percentiles of each, in milliseconds, the requests taking
turns so that a noisy moment hurts both alike.

    .venv/bin/python benchmarks/probe_reset_timing.py           # a scratch SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registrar_reset \\
        .venv/bin/python benchmarks/probe_reset_timing.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/probe.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
os.environ.setdefault("DJANGO_SECRET_KEY", "probe-only-not-a-secret")
os.environ.pop("REDIS_URL", None)
# A real SMTP server in a process of its own (aiosmtpd's Sink drops what it receives).
SMTP_PORT = int(os.environ.get("PROBE_SMTP_PORT", "8651"))
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{SMTP_PORT}"
os.environ["THROTTLE_LOGIN_RATE"] = "1000000/min"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

SINK = "aiosmtpd.handlers.Sink"
RUNS = int(os.environ.get("PROBE_RUNS", "300"))


def main() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}", "-c", SINK]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        probe()
    finally:
        server.terminate()
        server.wait()


def probe() -> None:
    call_command("migrate", verbosity=0)
    User.objects.filter(username="probe").delete()
    User.objects.create_user("probe", email="probe@example.com", password="probe pass phrase 1")
    client = Client(HTTP_HOST="127.0.0.1")
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    addresses = {"known": "probe@example.com", "unknown": "nobody@example.com"}
    for i in range(RUNS + 20):
        for label in ("known", "unknown") if i % 2 else ("unknown", "known"):
            start = time.perf_counter()
            response = client.post(
                "/api/auth/password-reset/",
                {"email": addresses[label]},
                content_type="application/json",
            )
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 202, response.content
            if i >= 20:  # the first runs warm caches
                timings[label].append(elapsed)
    for label, values in timings.items():
        deciles = statistics.quantiles(values, n=10)
        print(
            f"{label:8} median {statistics.median(values):6.2f} ms  "
            f"p10 {deciles[0]:6.2f}  p90 {deciles[-1]:6.2f}  ({len(values)} requests)"
        )


if __name__ == "__main__":
    main()
