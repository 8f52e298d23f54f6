from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.context import request_in_context


class ActorMiddleware:
    """Make the request visible to services, so an audit entry can name who acted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_in_context(request):
            return self.get_response(request)
