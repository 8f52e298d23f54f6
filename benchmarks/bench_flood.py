"""Token p95 latency under a flood of wrong Basic passwords, against token p95 alone, in one run.

A scratch SQLite database, the benchmark settings (the real Argon2 hasher) under gunicorn,
Redis for the limiter's counters. Rounds alternate "tokens alone" and "tokens during a flood":
wrk drives the token endpoint with BENCH_FLOOD_TOKEN_CONNECTIONS connections while, in flood
rounds, a second wrk sends wrong Basic passwords on BENCH_FLOOD_CONNECTIONS connections from
the same address. Each round's ratio is flood p95 / alone p95; the table shows their median.

Three servers, one after the other:
- the limiter at its defaults: past ten attempts the flood gets 429 before any hash;
- the limiter opened wide: only the hashing cap (PASSWORD_HASH_CONCURRENCY) stands between
  the flood and the CPU;
- the limiter at its defaults behind nginx with the deployed configuration
  (deploy/nginx/cluster.conf.template): both clients go through nginx, which lets password-bearing
  requests through at 10 a second per address (deploy/nginx/password_checks.conf). This is the
  goal's row: the service as `make cluster` and compose deploy it.

In the first two, the flood's refusals are cheap but unbounded: one process's interpreter is
shared by the flood's connections and the token client's, so the token waits its turn behind them.

Environment: BENCH_FLOOD_PORT (8560), BENCH_REDIS_URL (redis://127.0.0.1:6379/1),
BENCH_FLOOD_SECONDS (3), BENCH_FLOOD_ROUNDS (5), BENCH_FLOOD_CONNECTIONS (6),
BENCH_FLOOD_TOKEN_CONNECTIONS (2), BENCH_FLOOD_THREADS (8), BENCH_FLOOD_HASH_CONCURRENCY
(unset: the setting's default). nginx on BENCH_FLOOD_PORT + 1.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy" / "nginx"))
from bench_auth import ensure_wrk, run
from render import render

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

PORT = int(os.environ.get("BENCH_FLOOD_PORT", "8560"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
SECONDS = int(os.environ.get("BENCH_FLOOD_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_FLOOD_ROUNDS", "5"))
FLOOD_CONNECTIONS = int(os.environ.get("BENCH_FLOOD_CONNECTIONS", "6"))
TOKEN_CONNECTIONS = int(os.environ.get("BENCH_FLOOD_TOKEN_CONNECTIONS", "2"))
THREADS = os.environ.get("BENCH_FLOOD_THREADS", "8")
HASH_CONCURRENCY = os.environ.get("BENCH_FLOOD_HASH_CONCURRENCY")

USERNAME = "flood"
PASSWORD = "flood correct horse battery staple"

SETUP = f"""
import django
django.setup()
from accounts import services
from accounts.models import User

user = User.objects.filter(username={USERNAME!r}).first()
if user is None:
    user = User.objects.create_user(username={USERNAME!r}, password={PASSWORD!r})
print(services.auth_token_login(user=user, name="bench"))
"""

# wrk prints percentiles 50/75/90/99 only; this script prints the 95th (microseconds), and
# the count of each status class.
P95_SCRIPT = """
local statuses = {}
response = function(status, headers, body)
  local class = math.floor(status / 100)
  statuses[class] = (statuses[class] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("P95 %d\\n", latency:percentile(95)))
  io.write(string.format("REQUESTS %d\\n", summary.requests))
end
"""


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on {url}")


def wrk(binary: str, script: str, url: str, header: str, connections: int) -> subprocess.Popen:
    return subprocess.Popen(
        [binary, "-t1", f"-c{connections}", f"-d{SECONDS}s", "-s", script, "-H", header, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def p95_ms(process: subprocess.Popen) -> tuple[float, int]:
    out, _err = process.communicate()
    p95 = re.search(r"^P95 (\d+)", out, re.MULTILINE)
    requests = re.search(r"^REQUESTS (\d+)", out, re.MULTILINE)
    if not p95:
        sys.exit(f"wrk printed no percentile:\n{out}")
    return int(p95.group(1)) / 1000, int(requests.group(1))


@contextlib.contextmanager
def nginx_in_front(upstream_port: int, port: int) -> Iterator[None]:
    """nginx with the deployed configuration on `port`, proxying to one gunicorn."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        sys.exit("nginx is not installed (Debian: apt-get install nginx-light)")
    with tempfile.TemporaryDirectory(prefix="registrar-flood-nginx-") as run_dir:
        temp = Path(run_dir, "temp")
        temp.mkdir()
        config = Path(run_dir, "nginx.conf")
        upstream = f"        server 127.0.0.1:{upstream_port};"
        config.write_text(
            render(run_dir=run_dir, temp_dir=str(temp), port=port, upstream_servers=upstream)
        )
        command = [binary, "-p", run_dir, "-c", str(config), "-e", f"{run_dir}/error.log"]
        subprocess.run(command, check=True)
        try:
            yield
        finally:
            subprocess.run([*command, "-s", "quit"], check=False)
            for _ in range(50):
                if not Path(run_dir, "nginx.pid").exists():
                    break
                time.sleep(0.1)


def bench(
    label: str, extra_env: dict[str, str], wrk_binary: str, script: str, *, edge: bool = False
) -> dict:
    with tempfile.TemporaryDirectory(prefix="registrar-flood-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": f"sqlite:///{scratch}/flood.sqlite3",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": f"registrar-flood-{uuid.uuid4().hex[:8]}",
            "PYTHONPATH": str(ROOT),
            **extra_env,
        }
        if HASH_CONCURRENCY:
            env["PASSWORD_HASH_CONCURRENCY"] = HASH_CONCURRENCY
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        token = run([PYTHON, "-c", SETUP], env).strip().splitlines()[-1]
        wrong = base64.b64encode(f"{USERNAME}:not the password".encode()).decode()
        base = f"http://127.0.0.1:{PORT + 1 if edge else PORT}"
        url = base + "/api/secure/"
        token_header = f"Authorization: Token {token}"
        flood_header = f"Authorization: Basic {wrong}"
        server = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                # gunicorn's own defaults, not the serving configuration's access log.
                "--config",
                str(ROOT / "benchmarks" / "gunicorn_bench_conf.py"),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                THREADS,
                "--log-level",
                "error",
            ],
            env=env,
            cwd=ROOT,
            # Each refusal is logged (django.request); thousands of lines would bury the table.
            stderr=subprocess.DEVNULL,
        )
        alone, flooded, flood_requests = [], [], 0
        try:
            wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
            with nginx_in_front(PORT, PORT + 1) if edge else contextlib.nullcontext():
                wait_until_up(base + "/healthz")
                p95_ms(wrk(wrk_binary, script, url, token_header, TOKEN_CONNECTIONS))  # warm up
                for _ in range(ROUNDS):
                    alone.append(
                        p95_ms(wrk(wrk_binary, script, url, token_header, TOKEN_CONNECTIONS))[0]
                    )
                    flood = wrk(wrk_binary, script, url, flood_header, FLOOD_CONNECTIONS)
                    time.sleep(0.2)  # the flood is under way before the measurement starts
                    flooded.append(
                        p95_ms(wrk(wrk_binary, script, url, token_header, TOKEN_CONNECTIONS))[0]
                    )
                    flood_requests += p95_ms(flood)[1]
        finally:
            server.terminate()
            server.wait(timeout=30)
    ratios = [f / a for a, f in zip(alone, flooded, strict=True)]
    print(
        f"  {label}: alone {' '.join(f'{v:.1f}' for v in alone)} ms; "
        f"flooded {' '.join(f'{v:.1f}' for v in flooded)} ms",
        file=sys.stderr,
    )
    return {
        "alone": statistics.median(alone),
        "flooded": statistics.median(flooded),
        "ratio": statistics.median(ratios),
        "flood_rps": flood_requests / (ROUNDS * SECONDS),
    }


def main() -> None:
    wrk_binary = ensure_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(P95_SCRIPT)
        script = handle.name
    try:
        rows = {
            "limiter at its defaults": bench("limiter on", {}, wrk_binary, script),
            "limiter off, hashing cap only": bench(
                "limiter off",
                {
                    "THROTTLE_LOGIN_RATE": "100000000/min",
                    "THROTTLE_ACCOUNT_HOURLY_RATE": "100000000/hour",
                },
                wrk_binary,
                script,
            ),
            "behind nginx, limiter at defaults": bench(
                "behind nginx", {"TRUSTED_PROXY_COUNT": "1"}, wrk_binary, script, edge=True
            ),
        }
    finally:
        os.unlink(script)
    print(
        f"\nToken p95 under a wrong Basic password flood ({FLOOD_CONNECTIONS} conns) vs alone "
        f"({TOKEN_CONNECTIONS} conns); gunicorn 1 worker x {THREADS} threads, Argon2, "
        f"SQLite, Redis; median of {ROUNDS} alternating {SECONDS}s rounds.\n"
    )
    width = 34
    print(f"| {'':{width}} | alone p95 ms | flooded p95 ms | ratio (goal <= 2x) | flood req/s |")
    print(
        f"|{'-' * (width + 2)}|--------------|----------------|--------------------|-------------|"
    )
    for name, row in rows.items():
        print(
            f"| {name:{width}} | {row['alone']:12.1f} | {row['flooded']:14.1f} | "
            f"{row['ratio']:18.2f} | {row['flood_rps']:11.0f} |"
        )
    print(json.dumps({name: round(row["ratio"], 2) for name, row in rows.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
