"""The limiter's and the hashing cap's answers for Django's own views, and device cookies."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse

from accounts import limiter
from accounts.devices import device_cookie_set
from accounts.hashing import HashingBusy
from accounts.limiter import PasswordLimited


def _refusal(wait: int, detail: str = PasswordLimited.default_detail) -> JsonResponse:
    response = JsonResponse({"detail": str(detail)}, status=429)
    response["Retry-After"] = str(wait)
    return response


@cache
def _login_paths() -> frozenset[str]:
    paths = set()
    for name in ["api:auth:login", "demotoken:login", "rest_framework:login", "admin:login"]:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:  # a URLconf without that login (a benchmark's, a test's)
            continue
    return frozenset(paths)


def _basic_username(header: str) -> str | None:
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return decoded.partition(":")[0]


class EarlyRefusalMiddleware:
    """Refuse a password check from a client or at an account this process already saw past
    its limit, before any other middleware, view, cache or database work.

    Under a flood, a refusal through the whole stack cost as much as a token request; this one
    costs a dictionary lookup. The limiter (in the authentication backend) still decides every
    request this lets through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:6].lower() == "basic ":
            wait = limiter.refusal_wait("login", request=request, account=_basic_username(header))
            if wait:
                return _refusal(wait)
        elif request.method == "POST" and request.path_info in _login_paths():
            wait = limiter.refusal_wait("login", request=request)
            if wait:
                return _refusal(wait)
        return self.get_response(request)


class PasswordGuardMiddleware:
    """Turns PasswordLimited / HashingBusy from a non-DRF view (the admin login, the browsable
    API's session login, the admin's password change) into a 429 / 503 with Retry-After; DRF's
    exception handler does the same for API views. Writes a device cookie a login asked for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        device_cookie_set(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PasswordLimited | HashingBusy):
            return None
        response = JsonResponse({"detail": str(exception.detail)}, status=exception.status_code)
        response["Retry-After"] = str(int(getattr(exception, "wait", None) or 1))
        return response
