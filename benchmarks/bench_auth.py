"""Requests/s of the secure page under each authentication scheme, side by side in one run.

For SQLite and PostgreSQL in turn: migrate a scratch database, serve the benchmark settings with
gunicorn (persistent connections), and drive four endpoints with wrk over loopback in
interleaved rounds, so a noisy neighbour hurts every row alike. Prints one table.

Environment: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/registrar_auth),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/1), BENCH_PORT (8150), BENCH_SECONDS (1),
BENCH_ROUNDS (20), BENCH_CONNECTIONS (4), BENCH_WORKERS (1), BENCH_THREADS (1).

On a shared machine the load from other processes swings from second to second. So the rounds
interleave the four endpoints, each ratio is computed within a round (four back-to-back
measurements) and summarised by its median over rounds; the best round of each endpoint, the
nearest to its capacity on an idle machine, is shown too.
"""

from __future__ import annotations

import base64
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/registrar_auth")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
PORT = int(os.environ.get("BENCH_PORT", "8150"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "1"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
# One worker: with two, each wrk run's connections were split between the workers by an accept
# race, and a run that put all four on one worker measured half as much (docs/benchmarks.md).
WORKERS = os.environ.get("BENCH_WORKERS", "1")
THREADS = os.environ.get("BENCH_THREADS", "1")

USERNAME = "bench"
PASSWORD = "bench correct horse battery staple"

SETUP = f"""
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from accounts import services
from accounts.models import User

# Only this benchmark's keys: the Redis database may be shared, so never FLUSHDB.
if hasattr(cache, "_cache"):
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=settings.CACHES["default"]["KEY_PREFIX"] + "*"):
        client.delete(key)
else:
    cache.clear()
user = User.objects.filter(username={USERNAME!r}).first()
if user is None:
    user = User.objects.create_user(username={USERNAME!r}, password={PASSWORD!r})
ours = services.auth_token_login(user=user, name="bench")
Token.objects.filter(user=user).delete()
stock = Token.objects.create(user=user).key
print(json.dumps({{"ours": ours, "stock": stock}}))
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found; installing it with apt-get", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk is required")


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on {url}")


def wrk(binary: str, url: str, header: str | None, seconds: int) -> float:
    cmd = [binary, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if header:
        cmd[1:1] = ["-H", header]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        sys.exit(f"{url} answered {non_2xx.group(1)} errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def bench_database(label: str, database_url: str, wrk_binary: str) -> dict[str, list[float]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "registrar-bench",
        "PYTHONPATH": str(ROOT),
    }
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    secrets = json.loads(run([PYTHON, "-c", SETUP], env).strip().splitlines()[-1])
    basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    base = f"http://127.0.0.1:{PORT}"
    cases = {
        "our Token": ("/api/secure/", f"Authorization: Token {secrets['ours']}"),
        "our Basic": ("/api/secure/", f"Authorization: Basic {basic}"),
        "stock DRF Token": ("/bench/stock-drf/secure/", f"Authorization: Token {secrets['stock']}"),
        "ceiling (no auth, no DB)": ("/bench/ceiling/", None),
    }
    server = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi:application",
            "--config",
            str(ROOT / "benchmarks" / "gunicorn_bench_conf.py"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--worker-class",
            "gthread",
            "--threads",
            THREADS,
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(base + "/bench/ceiling/")
        for path, header in cases.values():  # warm every worker, connection and cache
            wrk(wrk_binary, base + path, header, 1)
        results: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(ROUNDS):
            for name, (path, header) in cases.items():
                results[name].append(wrk(wrk_binary, base + path, header, SECONDS))
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, values in results.items():
        print(f"  {label:10} {name:26} " + " ".join(f"{v:7.0f}" for v in values), file=sys.stderr)
    return results


def main() -> None:
    wrk_binary = ensure_wrk()
    ensure_postgres_database(PG_URL)
    with tempfile.TemporaryDirectory(prefix="registrar-bench-") as scratch:
        tables = {
            "SQLite": bench_database("SQLite", f"sqlite:///{scratch}/bench.sqlite3", wrk_binary),
            "PostgreSQL": bench_database("PostgreSQL", PG_URL, wrk_binary),
        }
    print(
        f"\nSecure page, requests/s over {ROUNDS} interleaved {SECONDS}s rounds; gunicorn "
        f"{WORKERS} gthread workers x {THREADS} threads, persistent connections; "
        f"wrk -c{CONNECTIONS} over loopback.\n"
    )
    names = list(next(iter(tables.values())))
    width = 38
    header = " | ".join(f"{db + ' median':>17} | {db + ' best':>15}" for db in tables)
    print(f"| {'':{width}} | {header} |")
    print(f"|{'-' * (width + 2)}|" + "|".join(["-" * 19, "-" * 17] * len(tables)) + "|")
    for name in names:
        cells = " | ".join(
            f"{statistics.median(t[name]):17.0f} | {max(t[name]):15.0f}" for t in tables.values()
        )
        print(f"| {name:{width}} | {cells} |")
    ratios = [
        ("our Token / stock DRF (goal >= 1.5)", "our Token", "stock DRF Token"),
        ("our Token / ceiling (goal >= 0.5)", "our Token", "ceiling (no auth, no DB)"),
        ("our Basic / our Token (goal >= 0.5)", "our Basic", "our Token"),
        ("stock DRF / ceiling", "stock DRF Token", "ceiling (no auth, no DB)"),
    ]
    for label, top, bottom in ratios:
        cells = []
        for t in tables.values():
            per_round = [a / b for a, b in zip(t[top], t[bottom], strict=True)]
            cells.append(
                f"{statistics.median(per_round):17.2f} | {max(t[top]) / max(t[bottom]):15.2f}"
            )
        print(f"| {label:{width}} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
