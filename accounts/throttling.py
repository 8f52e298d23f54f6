"""Brute-force protection for login and registration: per client IP and per username."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    # DRF copies DEFAULT_THROTTLE_RATES into a class attribute at import time, so later
    # setting changes (override_settings, a reloaded config) would never be seen.
    def get_rate(self) -> str | None:
        # The stubs type the rates as numbers; DRF's rates are strings such as "10/min".
        return cast(str | None, api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or ""))


class _IPThrottle(_SettingsRateThrottle):
    """Counts by client address; X-Forwarded-For is believed only with TRUSTED_PROXY_COUNT."""

    cache_format = "throttle_%(scope)s_ip_%(ident)s"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _UsernameThrottle(_SettingsRateThrottle):
    """Counts by the username being tried, whichever address the attempts come from."""

    cache_format = "throttle_%(scope)s_user_%(ident)s"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        username = self.username(request)
        if not username:
            return None
        # Hashed: any string may arrive here, and cache keys must stay short and plain.
        ident = hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def username(self, request: Request) -> str:
        data = request.data
        value = data.get("username") if hasattr(data, "get") else None
        return value if isinstance(value, str) else ""


class LoginIPThrottle(_IPThrottle):
    scope = "login"


class LoginUsernameThrottle(_UsernameThrottle):
    scope = "login"


class RegisterIPThrottle(_IPThrottle):
    scope = "register"


class RegisterUsernameThrottle(_UsernameThrottle):
    scope = "register"


class PasswordChangeThrottle(_UsernameThrottle):
    """Guessing the current password with a stolen token is no faster than guessing at login."""

    scope = "login"

    def username(self, request: Request) -> str:
        return request.user.get_username() if request.user.is_authenticated else ""


LOGIN_THROTTLES = [LoginIPThrottle, LoginUsernameThrottle]
REGISTER_THROTTLES = [RegisterIPThrottle, RegisterUsernameThrottle]
