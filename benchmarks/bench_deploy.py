"""The production entrypoint measured: per-request costs, connection handling, nginx in front.

Starts its own PostgreSQL cluster and redis-server (so their counters see only this run), serves
the production settings with deploy/serve (gunicorn.conf.py, one worker, two threads per
instance) and drives them with wrk over loopback, in interleaved rounds so that a noisy
neighbour hurts every row alike. Prints three tables, all measured in this one run:

1. Per-request cost of the main endpoints: requests/s, CPU time of the serving process per
   request, PostgreSQL transactions and Redis commands per request (docs/scaling.md's inputs).
2. CONN_MAX_AGE (persistent connections with health checks) against psycopg's pool
   (DATABASE_POOL=true), on the secure endpoint and on a database-bound list.
3. The secure endpoint through nginx with 1, 2 and 3 instances, beside one instance directly.

Environment: BENCH_DEPLOY_PORT (8160; uses the next 12 ports), BENCH_DEPLOY_PG_PORT (5460),
BENCH_DEPLOY_REDIS_PORT (6460), BENCH_SECONDS (1), BENCH_ROUNDS (8), BENCH_CONNECTIONS (8).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy" / "nginx"))

from render import render  # noqa: E402  (deploy/nginx/render.py)

from tests.stack import (  # noqa: E402
    App,
    manage,
    postgres,
    production_env,
    redis_server,
    register,
    request,
)

BASE_PORT = int(os.environ.get("BENCH_DEPLOY_PORT", "8160"))
PG_PORT = int(os.environ.get("BENCH_DEPLOY_PG_PORT", "5460"))
REDIS_PORT = int(os.environ.get("BENCH_DEPLOY_REDIS_PORT", "6460"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "1"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PASSWORD = "bench deploy horse battery staple"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or sys.exit("wrk is required (apt-get install wrk)")


def wrk(
    url: str,
    *,
    token: str | None = None,
    script: Path | None = None,
    seconds: int = SECONDS,
    connections: int = CONNECTIONS,
) -> tuple[float, int]:
    """(requests/s, requests) of one run."""
    cmd = [WRK, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if token:
        cmd += ["-H", f"Authorization: Token {token}"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        # Counted, not fatal: the run goes on, and the rows say how much they carry.
        print(f"  note: {url}: {non_2xx.group(1)} of {total} answers not 2xx/3xx", file=sys.stderr)
    return rate, total


def children(pid: int) -> set[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    ).stdout
    return {int(child) for child in out.split()}


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and its children, live and exited.

    An exited child's time moves into its parent's cutime/cstime once reaped (PostgreSQL's
    backends when a connection closes, gunicorn's workers when replaced), so the sum only grows.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    own = fields(root)
    total = sum(int(own[i]) for i in (11, 12, 13, 14))
    for child in children(root):
        try:
            stat = fields(child)
        except FileNotFoundError:  # exited between ps and the read
            continue
        total += int(stat[11]) + int(stat[12])
    return total / tick


def postmaster_pid(db) -> int:
    return int((db.directory / "data" / "postmaster.pid").read_text().split()[0])


def pg_transactions(env: dict[str, str]) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        return conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database"
            " WHERE datname = current_database()"
        ).fetchone()[0]


def redis_commands(redis_url: str) -> int:
    import redis

    return int(redis.Redis.from_url(redis_url).info("stats")["total_commands_processed"])


def start_app(port: int, env: dict[str, str], log_dir: Path, **extra: str) -> App:
    app = App(port=port, env=env | extra, log=log_dir / f"app-{port}.log")
    app.extra = {"MIGRATE": "0", "COLLECTSTATIC": "0"}
    app.start()
    return app


def start_nginx(port: int, upstreams: list[int], run_dir: Path) -> subprocess.Popen:
    directory = run_dir / f"nginx-{port}"
    directory.mkdir()
    temp = Path(tempfile.mkdtemp())
    temp.chmod(0o755)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    config = render(
        run_dir=str(directory), temp_dir=str(temp), port=port, upstream_servers=servers
    ).replace("worker_processes 1;", "worker_processes 1;\ndaemon off;")
    (directory / "nginx.conf").write_text(config)
    process = subprocess.Popen(
        [NGINX, "-e", str(directory / "error.log"), "-p", str(directory), "-c", "nginx.conf"]
    )
    for _ in range(100):
        try:
            if request("GET", f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nginx on {port} did not start")


def interleaved(rows: dict[str, tuple[str, dict]]) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {name: [] for name in rows}
    for url, options in rows.values():
        wrk(url, **options)  # warm-up
    for _ in range(ROUNDS):
        for name, (url, options) in rows.items():
            results[name].append(wrk(url, **options)[0])
    return results


def costs(app: App, env: dict[str, str], db, cache, token: str, login_lua: Path) -> None:
    base = app.url
    endpoints = {
        "GET /healthz": (f"{base}/healthz", {}),
        "GET /api/secure/ (token)": (f"{base}/api/secure/", {"token": token}),
        "GET /api/students/ (token, 5 rows)": (f"{base}/api/students/", {"token": token}),
        # Argon2 takes a good part of a second per hash here: longer runs, fewer connections.
        "POST /api/auth/login/ (Argon2)": (
            f"{base}/api/auth/login/",
            {"script": login_lua, "seconds": max(SECONDS, 4), "connections": 2},
        ),
    }
    print(f"\n1. Per-request cost, one instance (1 worker, 2 threads), wrk -c{CONNECTIONS}, "
          f"{ROUNDS} rounds of {SECONDS}s")  # fmt: skip
    print(
        f"{'endpoint':<36} {'req/s':>6} {'app CPU ms':>10} {'PG xact':>8} {'PG CPU ms':>10} "
        f"{'Redis cmd':>10} {'Redis CPU ms':>12}   (per request)"
    )
    for name, (url, options) in endpoints.items():
        wrk(url, **options)
        postmaster = postmaster_pid(db)
        cpu0, pg0, r0 = tree_cpu(app.process.pid), pg_transactions(env), redis_commands(cache.url)
        pg_cpu0, redis_cpu0 = tree_cpu(postmaster), tree_cpu(cache.process.pid)
        rates, total = [], 0
        for _ in range(ROUNDS):
            rate, count = wrk(url, **options)
            rates.append(rate)
            total += count
        total = max(total, 1)
        time.sleep(1.5)  # PostgreSQL flushes its statistics at most once a second
        pg_cpu1, redis_cpu1 = tree_cpu(postmaster), tree_cpu(cache.process.pid)
        cpu1, pg1, r1 = tree_cpu(app.process.pid), pg_transactions(env), redis_commands(cache.url)
        print(
            f"{name:<36} {statistics.median(rates):>6.1f} {1000 * (cpu1 - cpu0) / total:>10.2f} "
            f"{(pg1 - pg0) / total:>8.2f} {1000 * (pg_cpu1 - pg_cpu0) / total:>10.3f} "
            f"{(r1 - r0) / total:>10.2f} {1000 * (redis_cpu1 - redis_cpu0) / total:>12.3f}"
        )


def table(title: str, results: dict[str, list[float]], reference: str) -> None:
    print(f"\n{title}")
    print(f"{'':<40} {'median req/s':>13} {'best':>8} {'ratio':>7}")
    ref = results[reference]
    for name, values in results.items():
        ratio = statistics.median([v / r for v, r in zip(values, ref, strict=True) if r > 0] or [0])
        print(f"{name:<40} {statistics.median(values):>13.0f} {max(values):>8.0f} {ratio:>7.2f}")


def main() -> None:
    with ExitStack() as stack:
        # Logs are kept for a look after the run (artifacts/ is not committed).
        run_dir = ROOT / "artifacts" / "bench-deploy"
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(parents=True)
        db = stack.enter_context(postgres(PG_PORT))
        cache = stack.enter_context(redis_server(REDIS_PORT))
        env = production_env(database_url=db.url, redis_url=cache.url)
        env |= {
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            "THROTTLE_LOGIN_RATE": "1000000/min",
            "THROTTLE_REGISTER_RATE": "1000000/min",
            "GUNICORN_LOG_LEVEL": "warning",
            "CACHE_KEY_PREFIX": "bench-deploy",
            # No worker recycling mid-run: a replaced worker would take its CPU count with it.
            "GUNICORN_MAX_REQUESTS": "0",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        apps: list[App] = []
        stack.callback(lambda: [app.stop() for app in apps])

        persistent = start_app(BASE_PORT, env, run_dir)
        apps.append(persistent)
        pooled = start_app(BASE_PORT + 1, env, run_dir, DATABASE_POOL="true")
        apps.append(pooled)
        token = register(persistent.url, "bench", PASSWORD)
        for i in range(5):
            request(
                "POST",
                f"{persistent.url}/api/students/",
                json_body={"name": f"bench {i}", "age": 20, "mobileno": f"900000{i}"},
                headers={"Authorization": f"Token {token}"},
            )
        # Its own user: each login mints a token, and past TOKENS_PER_USER the oldest goes,
        # which would soon be the token the other rows use.
        register(persistent.url, "bench-login", PASSWORD)
        login_lua = run_dir / "login.lua"
        login_lua.write_text(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.body = \'{{"username": "bench-login", "password": "{PASSWORD}"}}\'\n'
        )

        costs(persistent, env, db, cache, token, login_lua)

        auth = {"token": token}
        table(
            "2. Connections: CONN_MAX_AGE=60 with health checks vs psycopg pool (DATABASE_POOL)",
            interleaved(
                {
                    "secure, CONN_MAX_AGE=60": (f"{persistent.url}/api/secure/", auth),
                    "secure, pool (max_size 4)": (f"{pooled.url}/api/secure/", auth),
                    "students, CONN_MAX_AGE=60": (f"{persistent.url}/api/students/", auth),
                    "students, pool (max_size 4)": (f"{pooled.url}/api/students/", auth),
                }
            ),
            reference="secure, CONN_MAX_AGE=60",
        )
        pooled.stop()
        apps.remove(pooled)

        instance_ports = [BASE_PORT + 1, BASE_PORT + 2]
        for port in instance_ports:
            apps.append(start_app(port, env, run_dir))
        ports = [BASE_PORT, *instance_ports]
        nginx = {}
        for size in (1, 2, 3):
            process = start_nginx(BASE_PORT + 5 + size, ports[:size], run_dir)
            stack.callback(process.wait)
            stack.callback(process.terminate)
            nginx[size] = f"http://127.0.0.1:{BASE_PORT + 5 + size}"
        table(
            "3. Secure endpoint: nginx in front of 1, 2, 3 instances (1 worker, 2 threads each) "
            "vs one instance directly",
            interleaved(
                {
                    "one instance, direct": (f"{persistent.url}/api/secure/", auth),
                    "nginx -> 1 instance": (f"{nginx[1]}/api/secure/", auth),
                    "nginx -> 2 instances": (f"{nginx[2]}/api/secure/", auth),
                    "nginx -> 3 instances": (f"{nginx[3]}/api/secure/", auth),
                }
            ),
            reference="one instance, direct",
        )
        print(f"\nMachine: {os.cpu_count()} cores, shared; ratios are within-round medians.")


if __name__ == "__main__":
    main()
