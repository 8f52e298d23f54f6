"""The secure page without HTTP: the WSGI handler called directly (not run by `make bench`).

Separates what authentication costs from what the server and the load generator add to every
request in `bench_auth.py`. Prints microseconds per request (best of 15 interleaved runs of
1,000) for the ceiling, our Token and stock DRF's Token, and the ratios; then each scheme's
`authenticate_credentials` alone.

    .venv/bin/python benchmarks/probe_inprocess.py            # a scratch SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registrar_auth \\
        .venv/bin/python benchmarks/probe_inprocess.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/probe.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
os.environ.pop("REDIS_URL", None)  # the uncached path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from rest_framework.authentication import TokenAuthentication as StockAuthentication  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts import services  # noqa: E402
from accounts.authentication import TokenAuthentication  # noqa: E402
from accounts.models import User  # noqa: E402


def best_of(fn: Callable[[], object], calls: int = 3000, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls * 1e6)
    return best


def best_interleaved(
    fns: list[Callable[[], object]], calls: int = 1000, runs: int = 15
) -> list[float]:
    """Each function's best run, the runs taking turns so that a noisy second hurts all alike."""
    best = [float("inf")] * len(fns)
    for fn in fns:
        fn()  # warm up
    for _ in range(runs):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            best[i] = min(best[i], (time.perf_counter() - start) / calls * 1e6)
    return best


def main() -> None:
    call_command("migrate", verbosity=0)
    User.objects.filter(username="probe").delete()
    user = User.objects.create_user(username="probe", password="probe-only")
    ours = services.auth_token_login(user=user, name="probe")
    stock = Token.objects.create(user=user).key
    app = get_wsgi_application()

    def get(path: str, authorization: str | None) -> Callable[[], object]:
        def request() -> None:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "HTTP_HOST": "127.0.0.1",
                "wsgi.input": io.BytesIO(b""),
                "wsgi.url_scheme": "http",
            }
            if authorization:
                environ["HTTP_AUTHORIZATION"] = authorization

            def start_response(status: str, headers: list) -> None:
                assert status.startswith("200"), status

            response = app(environ, start_response)
            b"".join(response)
            response.close()

        return request

    ceiling, token, drf = best_interleaved(
        [
            get("/bench/ceiling/", None),
            get("/api/secure/", f"Token {ours}"),
            get("/bench/stock-drf/secure/", f"Token {stock}"),
        ]
    )
    print(
        f"per request: ceiling {ceiling:.0f} us, our Token {token:.0f} us, stock DRF {drf:.0f} us"
    )
    print(f"our Token / stock DRF {drf / token:.2f}, our Token / ceiling {ceiling / token:.2f}")
    ours_auth, stock_auth = TokenAuthentication(), StockAuthentication()
    ours_us = best_of(lambda: ours_auth.authenticate_credentials(ours))
    stock_us = best_of(lambda: stock_auth.authenticate_credentials(stock))
    print(f"authenticate_credentials: ours {ours_us:.0f} us, stock DRF {stock_us:.0f} us")


if __name__ == "__main__":
    main()
