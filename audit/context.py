"""Who is acting: the authenticated user, an API key, or the system.

A middleware keeps the current Django request in a context variable. DRF's Request copies the
user and auth it authenticates onto that underlying HttpRequest, so reading them here, lazily,
at write time, sees the API caller as well as the admin's session user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    type: str  # one of AuditEntry.ActorType
    user_id: int | None
    label: str


SYSTEM = Actor("system", None, "system")
ANONYMOUS = Actor("anonymous", None, "anonymous")

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_override: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def system_actor(label: str) -> Actor:
    return Actor("system", None, f"system:{label}")


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute every write inside the block to `actor` (commands, jobs, tests)."""
    token = _override.set(actor)
    try:
        yield actor
    finally:
        _override.reset(token)


@contextmanager
def request_in_context(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def user_actor(user: Any) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Actor("user", user.pk, user.get_username())


def current_request() -> HttpRequest | None:
    """The request being served in this context, if any (for code with no request at hand)."""
    return _request.get()


def actor_from_request(request: HttpRequest) -> Actor:
    user = getattr(request, "user", None)
    auth = getattr(request, "auth", None)
    # Any credential object other than a login token is a key acting on a user's behalf;
    # matching on "is a stored model" keeps this independent of the key model's name.
    if isinstance(auth, Model) and auth._meta.label_lower != "accounts.authtoken":
        on_behalf = user_actor(user)
        return Actor("api_key", on_behalf.user_id, f"{auth._meta.label_lower}:{auth.pk}")
    return user_actor(user)


def current_actor() -> Actor:
    override = _override.get()
    if override is not None:
        return override
    request = _request.get()
    return SYSTEM if request is None else actor_from_request(request)
