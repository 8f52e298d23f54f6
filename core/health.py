"""Load-balancer probes. Plain Django views: no authentication, no throttling, no schema."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


# csrf_exempt: the probes take safe methods only, so any other method is their 405, not CSRF's 403.
@csrf_exempt
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It touches nothing else, so a database outage does not
    make the load balancer restart healthy workers."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("readyz: database unreachable")
        return False


def _cache_ok() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        # The Redis cache hides an outage behind its per-process fallback (core/cache.py);
        # the probe asks Redis itself.
        ping = getattr(cache, "ping", None)
        if ping is not None:
            return bool(ping())
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("readyz: cache unreachable")
        return False


@csrf_exempt
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and the cache both answer, else 503 naming the failure."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "failed" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )
