"""DRF authentication classes. Each returns None when the header is not its own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts import selectors
from accounts.models import AuthToken


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <secret>` (or `Bearer <secret>`), checked against stored digests."""

    keyword = "Token"
    aliases: tuple[str, ...] = ("Bearer",)

    def authenticate(self, request: Request) -> tuple[Any, AuthToken] | None:
        parts = authentication.get_authorization_header(request).split()
        keywords = {k.lower().encode() for k in (self.keyword, *self.aliases)}
        if not parts or parts[0].lower() not in keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        return self.authenticate_credentials(secret)

    def authenticate_credentials(self, secret: str) -> tuple[Any, AuthToken]:
        token = selectors.auth_token_get_valid(secret=secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        self._touch(token)
        return token.user, token

    def _touch(self, token: AuthToken) -> None:
        # last_used drives the idle expiry; a minute's resolution is plenty, and writing it
        # on every request would turn each read into a write.
        now = timezone.now()
        resolution = timedelta(seconds=settings.REGISTRAR["TOKEN_LAST_USED_RESOLUTION_SECONDS"])
        if now - token.last_used >= resolution:
            AuthToken.objects.filter(pk=token.pk, last_used__lt=now - resolution).update(
                last_used=now
            )
            token.last_used = now

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
