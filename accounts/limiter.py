"""One limiter for every password check (and for other guessable secrets: reset and OTP codes).

Public API, stable for other modules:

- `attempt(scope, request=..., account=...)` counts one attempt against the client address and
  against the account (or, for a browser that has logged into that account before, against its
  device cookie), and raises `PasswordLimited` (a 429 with Retry-After) past any limit. Call it
  *before* the slow check. Call `.succeeded()` on what it returns after a correct secret: the
  attempt is given back, so only failures use up an allowance.
- `limited(scope, account_field=...)` does the same around a DRF view method, without the refund.
- `refusal_wait(scope, request=..., account=...)` says, from process memory alone, whether this
  client or account was refused moments ago (accounts.middleware.EarlyRefusalMiddleware).

The check and the count are one operation: `cache.add(key, 0)` then `cache.incr(key)`, and the
value incr returns decides. On Redis incr is atomic across processes, so 40 simultaneous
attempts against a limit of 10 let exactly 10 through. A window opens at its first attempt and
lasts the rate's period; the Retry-After is the time left in it. Two windows can follow each
other, so a sliding period can see up to twice a limit: 50/hour keeps any hour within 100.

When the shared cache fails (Redis down), counting falls back to a per-process memory: the
limiter fails open to local counting, never to an error page and never to no limit at all. It
then leaves the shared cache alone for SHARED_CACHE_RETRY_SECONDS, so that a flood during an
outage does not wait on a dead server once per request.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from rest_framework import exceptions

from accounts import devices
from accounts.usernames import username_account_key
from core.net import client_ip

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$")

# Used only while the shared cache is failing; one per process, so limits then hold per process.
_local = LocMemCache(
    "accounts-limiter-fallback", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 100_000}}
)
SHARED_CACHE_RETRY_SECONDS = 5.0
_shared_failed_at: float | None = None


# Who this process has seen past a limit, and until when, so that the rest of a flood is refused
# before any work (refusal_wait, accounts.middleware.EarlyRefusalMiddleware). Only a shortcut:
# the shared counters decide, and an entry lasts no longer than the window that refused.
_refused: dict[str, float] = {}
_REFUSED_MAX = 10_000


class PasswordLimited(exceptions.Throttled):
    """Too many attempts from this client or at this account; a 429 with Retry-After."""

    default_detail = "Too many attempts. Try again later."


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/min" -> (10, 60); "100/2h" -> (100, 7200)."""
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(f"Not a rate: {rate!r} (expected e.g. '10/min', '50/hour')")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _PERIODS[unit]


def _scope_rates(scope: str) -> dict[str, list[str]]:
    try:
        return settings.REGISTRAR["RATE_LIMITS"][scope]
    except KeyError:
        raise ImproperlyConfigured(f"No RATE_LIMITS entry for scope {scope!r}") from None


def _shared() -> BaseCache:
    return caches[settings.REGISTRAR["RATE_LIMIT_CACHE"]]


def _digest(text: str) -> str:
    # Any string may arrive here; cache keys must stay short and plain.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _count(cache: BaseCache, key: str, period: int, now: float) -> int:
    """Add one to the window at `key`, which opens at its first attempt and lasts `period`.

    The count is incr's answer, never a read followed by a write. The time the window opened
    is kept beside it, for the Retry-After.
    """
    cache.add(f"{key}:opened", now, timeout=period)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window closed between add and incr: open the next one.
        cache.add(key, 0, timeout=period)
        count = cache.incr(key)
    return count


def _opened(cache: BaseCache, key: str) -> float | None:
    try:
        return cache.get(f"{key}:opened")
    except Exception:  # the shared cache failed just now: the whole period is a safe answer
        return None


def _count_somewhere(key: str, period: int, now: float) -> tuple[BaseCache, int]:
    """Count in the shared cache; in this process's memory while the shared cache fails."""
    global _shared_failed_at
    failed_at = _shared_failed_at
    if failed_at is None or time.monotonic() - failed_at > SHARED_CACHE_RETRY_SECONDS:
        cache = _shared()
        try:
            return cache, _count(cache, key, period, now)
        except Exception:  # any failure of the shared cache: count locally
            logger.warning("Rate-limit cache unavailable; counting in this process only")
            _shared_failed_at = time.monotonic()
    return _local, _count(_local, key, period, now)


@dataclass
class Attempt:
    """One counted attempt; `succeeded()` gives it back to every allowance it used."""

    counted: list[tuple[BaseCache, str]] = field(default_factory=list)

    def succeeded(self) -> None:
        for cache, key in self.counted:
            try:
                cache.decr(key)
            except Exception:  # noqa: S112 (an expired window or a failing cache: nothing to return)
                continue
        self.counted.clear()

    def _hit(self, ident: str, rates: list[str], now: float) -> float | None:
        """Count against each window of `ident`; the seconds to wait if one is past its limit."""
        for rate in rates:
            limit, period = parse_rate(rate)
            key = f"rl:{ident}:{period}"
            cache, count = _count_somewhere(key, period, now)
            self.counted.append((cache, key))
            if count > limit:
                return (_opened(cache, key) or now) + period - now
        return None


def attempt(scope: str, *, request: Any, account: str | None = None) -> Attempt:
    """Count one attempt of `scope`; raise PasswordLimited if the client or account is past a limit.

    `account` is what is being guessed at (a username, an e-mail address); it is canonicalised
    and stripped, so "Alice", "alice " and "ALICE" share one allowance. A request carrying the
    account's device cookie is counted against that device instead of the account, so an
    attacker elsewhere cannot lock the owner out.
    """
    rates = _scope_rates(scope)
    now = time.time()
    counted = Attempt()
    refused = _ip_key(scope, request)
    wait = counted._hit(refused, rates.get("ip", []), now)
    if wait is None and account:
        key = username_account_key(account)
        device = devices.trusted_device(request, key) if rates.get("device") else None
        if device is not None:
            refused = ""  # a device's own limit is not worth a shortcut
            wait = counted._hit(f"{scope}:device:{_digest(device)}", rates["device"], now)
        else:
            refused = _account_key(scope, key)
            wait = counted._hit(refused, rates.get("account", []), now)
    if wait is not None:
        if refused:
            _refusal_remember(refused, now + wait)
        raise PasswordLimited(wait=max(1, math.ceil(wait)))
    return counted


def _ip_key(scope: str, request: Any) -> str:
    return f"{scope}:ip:{_digest(client_ip(request) or 'unknown')}"


def _account_key(scope: str, account_key: str) -> str:
    return f"{scope}:account:{_digest(account_key)}"


def _refusal_remember(key: str, until: float) -> None:
    if len(_refused) >= _REFUSED_MAX:
        _refused.clear()
    _refused[key] = until


def refusal_wait(scope: str, *, request: Any, account: str | None = None) -> int | None:
    """Seconds this process knows the client or account must still wait; None if not known.

    Reads only process memory: no cache, no database, no hash. A request carrying a valid
    device cookie for `account` is never refused on the account's behalf.
    """
    if not _refused:
        return None
    now = time.time()
    keys = [_ip_key(scope, request)]
    if account:
        key = username_account_key(account)
        if devices.trusted_device(request, key) is None:
            keys.append(_account_key(scope, key))
    until = max((_refused.get(key, 0.0) for key in keys), default=0.0)
    return math.ceil(until - now) if until > now else None


def refusals_forget() -> None:
    """Forget what this process remembered (tests; a changed configuration)."""
    global _shared_failed_at
    _refused.clear()
    _local.clear()
    _shared_failed_at = None


def limited(scope: str, *, account_field: str | None = None) -> Callable[..., Any]:
    """Decorate a DRF view method: one attempt per call, against request.data[account_field]."""

    def decorator(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            account = None
            if account_field is not None:
                data = request.data
                value = data.get(account_field) if hasattr(data, "get") else None
                account = value if isinstance(value, str) else None
            attempt(scope, request=request, account=account)
            return method(view, request, *args, **kwargs)

        wrapper.limits_attempts = True  # type: ignore[attr-defined]  # its 429: core/schema.py
        return wrapper

    return decorator
