"""DRF authentication classes, one per scheme.

Each keeps DRF's contract: None when the request does not use its scheme, AuthenticationFailed
when it does and the credential is wrong.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import HTTP_HEADER_ENCODING, authentication, exceptions
from rest_framework.request import Request

from accounts import selectors, services, token_stores, tokens
from accounts.models import ApiKey, AuthToken
from mfa.selectors import user_has_mfa

INVALID_TOKEN = _("Invalid or expired token.")
MFA_NOT_OVER_BASIC = _(
    "This account uses two-factor authentication, which HTTP Basic cannot carry: "
    "log in at /api/auth/login/ with the code and use the token."
)


@cache
def _keywords(keywords: tuple[str, ...]) -> frozenset[bytes]:
    return frozenset(k.lower().encode() for k in keywords)


def _authorization_header(request: Request) -> bytes:
    # What DRF's get_authorization_header() returns, read from META: it goes through
    # request.headers, which parses every header of the request to answer for one.
    value = request.META.get("HTTP_AUTHORIZATION", b"")
    return value.encode(HTTP_HEADER_ENCODING) if isinstance(value, str) else value


def credential_from_header(request: Request, keywords: tuple[str, ...]) -> str | None:
    """The credential after one of `keywords` in the Authorization header, or None."""
    parts = _authorization_header(request).split()
    if not parts or parts[0].lower() not in _keywords(keywords):
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(_("Invalid authorization header."))
    try:
        return parts[1].decode("ascii")
    except UnicodeError as exc:
        raise exceptions.AuthenticationFailed(_("Invalid authorization header.")) from exc


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <secret>` (or `Bearer <secret>`), checked against stored digests.

    The whole flow (docs/auth.md): the secret's digest goes to the token store the settings
    choose (accounts/token_stores.py: the ORM reference, or a fast path behind the same
    interface), which returns the token only if accounts.tokens.token_is_valid() holds. Then
    last_used moves, at most once a minute: the only write, and rarely.
    """

    keyword = "Token"
    aliases: tuple[str, ...] = ("Bearer",)

    def authenticate(self, request: Request) -> tuple[Any, AuthToken] | None:
        secret = credential_from_header(request, (self.keyword, *self.aliases))
        if secret is None:
            return None
        return self.authenticate_credentials(secret)

    def authenticate_credentials(self, secret: str) -> tuple[Any, AuthToken]:
        now = timezone.now()
        token = token_stores.current().get_valid(tokens.digest(secret), now)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        services.auth_token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>` for machine clients; the key acts for its user."""

    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        key = credential_from_header(request, (self.keyword,))
        if key is None:
            return None
        api_key = selectors.api_key_get_valid(key=key)
        if api_key is None or not tokens.digests_match(api_key.digest, tokens.digest(key)):
            raise exceptions.AuthenticationFailed(_("Invalid or expired API key."))
        services.api_key_touch(key=api_key, now=timezone.now())
        return api_key.user, api_key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class CachedBasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic, remembering a verified credential briefly, as mod_authn_socache does.

    The password hasher is slow on purpose (tens of milliseconds), and Basic sends the password
    on every request. A verified credential is remembered under an HMAC of it, with the user's
    id and a fingerprint of the stored password hash. Each use re-reads the user (one query),
    so a changed password or a deactivated user fails at once. Because the database is asked
    every time, the memory can be per process: nothing derived from a password leaves it.
    """

    remembered = LocMemCache(
        "accounts-basic-credentials", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 10_000}}
    )

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        # PostgreSQL rejects NUL in text; such a name cannot exist, so fail as a wrong one would.
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        key = tokens.basic_credential_key(userid, password)
        remembered = self.remembered.get(key)
        if remembered is not None:
            user_id, fingerprint = remembered
            user = selectors.user_get_for_auth(pk=user_id)
            if user is not None and tokens.fingerprints_match(fingerprint, user.password):
                return self._without_second_factor(user), None
            self.remembered.delete(key)
        user, _none = super().authenticate_credentials(userid, password, request)
        self._without_second_factor(user)
        self.remembered.set(
            key,
            (user.pk, tokens.password_fingerprint(user.password)),
            timeout=settings.REGISTRAR["BASIC_AUTH_CACHE_SECONDS"],
        )
        return user, None

    @staticmethod
    def _without_second_factor(user: Any) -> Any:
        # Basic cannot carry a code, so it would let a password alone into a two-factor
        # account. Asked on every request (one indexed query): two-factor may be turned on
        # after a credential was remembered.
        if user_has_mfa(user=user):
            raise exceptions.AuthenticationFailed(MFA_NOT_OVER_BASIC)
        return user


class TrustedProxyRemoteUserAuthentication(authentication.RemoteUserAuthentication):
    """The user name a trusted proxy puts in REMOTE_USER_HEADER; off unless that is set.

    With the setting unset nothing is read, so a client's own Remote-User header (or a
    REMOTE_USER variable) is never believed. The proxy must strip the header from client
    requests; gunicorn drops header names containing underscores, so `X_Remote_User` cannot
    stand in for `X-Remote-User`.
    """

    @property
    def header(self) -> str | None:  # type: ignore[override]
        name = settings.REGISTRAR["REMOTE_USER_HEADER"]
        return "HTTP_" + name.upper().replace("-", "_") if name else None

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        header = self.header
        if header is None:
            return None
        name = request.META.get(header, "")
        if not name or "\x00" in name:
            return None
        user = authenticate(request=request, remote_user=name)
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("Unknown or inactive remote user."))
        return user, None
