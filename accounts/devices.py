"""Device cookies (OWASP): a browser that has logged into an account keeps a way in.

A successful password login gets a signed cookie naming the account (by digest) and a random
device id. Later attempts at that account from a request carrying it are counted against the
device, not the account, so an attacker who uses up the account's allowance from elsewhere does
not lock the owner out. A stolen or guessed-at device has its own limit.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpResponse

_SALT = "accounts.devices"
_PENDING = "_registrar_device_cookie"


def _account_digest(account_key: str) -> str:
    return hashlib.sha256(account_key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _http_request(request: Any) -> Any:
    # DRF's Request wraps Django's; the cookie is written by middleware, which sees Django's.
    return getattr(request, "_request", request)


def trusted_device(request: Any, account_key: str) -> str | None:
    """The device id of a valid device cookie for this account on the request, else None."""
    config = settings.REGISTRAR
    value = getattr(request, "COOKIES", {}).get(config["DEVICE_COOKIE_NAME"])
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SALT, max_age=config["DEVICE_COOKIE_AGE_SECONDS"])
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != _account_digest(account_key):
        return None
    device = data.get("d")
    return device if isinstance(device, str) else None


def device_remember(*, request: Any, account_key: str) -> None:
    """After a correct password: mark the response to carry a device cookie for this account."""
    if request is None or trusted_device(request, account_key) is not None:
        return
    value = signing.dumps(
        {"a": _account_digest(account_key), "d": secrets.token_urlsafe(16)}, salt=_SALT
    )
    setattr(_http_request(request), _PENDING, value)


def device_cookie_set(request: Any, response: HttpResponse) -> None:
    """Write a cookie marked by device_remember() on the response (called by the middleware)."""
    value = getattr(request, _PENDING, None)
    if value is None:
        return
    config = settings.REGISTRAR
    response.set_cookie(
        config["DEVICE_COOKIE_NAME"],
        value,
        max_age=config["DEVICE_COOKIE_AGE_SECONDS"],
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
