"""gunicorn's configuration for `make serve`, `make cluster` and the container.

Every knob reads the environment, so one file serves a laptop, the cluster and the image.
gunicorn loads this file by default when started from the repository's root.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
wsgi_app = "config.wsgi:application"

# gunicorn's rule of thumb, (2 x cores) + 1, capped so that one instance's database connections
# stay bounded: each worker thread holds at most one (docs/scaling.md, "Connection budget").
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
# Threads overlap a request's waits on PostgreSQL and Redis; the GIL caps the gain beyond a few.
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread"

# A worker silent this long is killed and replaced; a graceful stop waits this long for
# in-flight requests before killing them.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow without bound; jitter staggers them.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1_000)

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# X-Forwarded-* headers are believed only from our own proxies, and only when there are any:
# gunicorn's default trusts 127.0.0.1, which would let a local client claim https.
if _int("TRUSTED_PROXY_COUNT", 0) > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""


def on_starting(server) -> None:  # server: gunicorn's Arbiter
    """Tell the settings how many processes serve, whichever way the count was given.

    The production settings refuse to start several workers without a shared cache (REDIS_URL);
    they read the count from WEB_CONCURRENCY, which workers inherit from this master.
    """
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
