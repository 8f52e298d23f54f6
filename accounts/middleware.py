"""The limiter's and the hashing cap's answers for Django's own views, and device cookies."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from accounts.devices import device_cookie_set
from accounts.hashing import HashingBusy
from accounts.limiter import PasswordLimited


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
        response["Retry-After"] = str(int(exception.wait or 1))
        return response
