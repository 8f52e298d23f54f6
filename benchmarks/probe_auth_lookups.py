"""In-process timings of the lookups behind authentication (not run by `make bench`).

Why the hot paths are written as they are: how long one ORM lookup takes against the same
lookup written by hand, and Django's RedisCache.get against a long-lived redis-py client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registrar_auth \\
        .venv/bin/python benchmarks/probe_auth_lookups.py

Needs a migrated database and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/1).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"))
os.environ.setdefault("CACHE_KEY_PREFIX", "registrar-probe")

import django

django.setup()

import redis  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts import selectors, services, token_stores, tokens  # noqa: E402
from accounts.models import User  # noqa: E402


def per_call_us(func: Callable[[], object], calls: int = 500, repeats: int = 7) -> float:
    """The median over repeats of the mean time per call, in microseconds."""
    func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            func()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def main() -> None:
    user = User.objects.filter(username="probe").first() or User.objects.create_user(
        username="probe", password="probe correct horse battery staple"
    )
    secret = services.auth_token_login(user=user, name="probe")
    stock_key = Token.objects.get_or_create(user=user)[0].key
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    cache.set("probe", (1, "x"))
    client.set("registrar-probe:raw", b"x")

    rows = [
        (
            "stock DRF: Token.objects.select_related('user').get(key=...)",
            lambda: Token.objects.select_related("user").get(key=stock_key),
        ),
        (
            "ORM: User.objects.only(<6 columns>).filter(pk=..., is_active=True).first()",
            lambda: (
                User.objects.only(*token_stores.USER_FIELDS)
                .filter(pk=user.pk, is_active=True)
                .first()
            ),
        ),
        (
            "by hand: selectors.user_get_for_auth(pk=...)",
            lambda: selectors.user_get_for_auth(pk=user.pk),
        ),
        (
            "ORM reference: token_stores.STORES['orm'].get_valid(...) (token join user)",
            lambda: token_stores.STORES["orm"].get_valid(tokens.digest(secret), timezone.now()),
        ),
        (
            "by hand: token_stores.STORES['sql'].get_valid(...) (token join user)",
            lambda: token_stores.STORES["sql"].get_valid(tokens.digest(secret), timezone.now()),
        ),
        ("Django RedisCache: cache.get(key)", lambda: cache.get("probe")),
        (
            "redis-py, one long-lived client: client.get(key)",
            lambda: client.get("registrar-probe:raw"),
        ),
    ]
    print(f"database: {django.db.connection.vendor}; microseconds per call (median of 7 x 500)")
    for label, func in rows:
        print(f"{per_call_us(func):8.0f}  {label}")


if __name__ == "__main__":
    main()
