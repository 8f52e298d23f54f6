"""Caching headers for answers that depend on, or carry, a credential."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

_MARK = "carries_credential"
_Response = TypeVar("_Response", bound=HttpResponseBase)


def carries_credential(response: _Response) -> _Response:
    """Mark an answer whose body holds a secret (a new token, an API key): never stored."""
    setattr(response, _MARK, True)
    return response


class CredentialHeadersMiddleware:
    """Vary: Authorization, Cookie on every answer; Cache-Control: no-store where a credential is.

    Every answer varies on both, because which user asks decides the answer and a shared cache
    must never hand one user's answer to another. No-store goes on answers to a request that
    presented a credential, answers that set a session or device cookie, and answers a view
    marked with carries_credential() (login, registration).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if (
            getattr(response, _MARK, False)
            or "HTTP_AUTHORIZATION" in request.META
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or settings.SESSION_COOKIE_NAME in response.cookies
            or settings.REGISTRAR["DEVICE_COOKIE_NAME"] in response.cookies
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
