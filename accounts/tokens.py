"""Secrets (made once, shown once, stored as a digest) and the one rule for a valid token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.crypto import salted_hmac

PREFIX_LENGTH = 8
API_KEY_MARK = "rk_"


def generate_secret() -> str:
    return secrets.token_urlsafe(settings.REGISTRAR["TOKEN_BYTES"])


def generate_api_key() -> str:
    # A recognisable mark helps secret scanners spot a leaked key in a repository or a log.
    return API_KEY_MARK + secrets.token_urlsafe(settings.REGISTRAR["TOKEN_BYTES"])


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def digests_match(stored: str, presented: str) -> bool:
    """Constant-time comparison of a stored digest with the digest of a presented secret."""
    return hmac.compare_digest(stored.encode(), presented.encode())


@cache
def _fingerprint_key(secret_key: str) -> bytes:
    # What salted_hmac() derives on every call; authentication needs it on every request.
    return hashlib.sha256(b"accounts.password-fingerprint" + secret_key.encode()).digest()


def password_fingerprint(password_hash: str) -> str:
    """A keyed digest of a stored password hash; it changes whenever the password does.

    Equal to salted_hmac("accounts.password-fingerprint", password_hash, algorithm="sha256").
    """
    key = _fingerprint_key(settings.SECRET_KEY)
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()


def fingerprints_match(stored: str, password_hash: str) -> bool:
    return hmac.compare_digest(stored.encode(), password_fingerprint(password_hash).encode())


def basic_credential_key(username: str, password: str) -> str:
    """A cache key for a Basic credential: an HMAC of it, so neither part ever reaches the cache."""
    credential = f"{username}\0{password}"
    return salted_hmac("accounts.basic-credential", credential, algorithm="sha256").hexdigest()


def idle_expiry(token: Any) -> datetime:
    """When the token dies if it is not used before then."""
    return token.last_used + timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])


def expired_filter(now: datetime) -> Q:
    """The clock part of token_is_valid() as a query filter: the tokens it refuses."""
    idle = timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    return Q(expires__lte=now) | Q(last_used__lte=now - idle)


def token_is_valid(token: Any, *, digest: str, now: datetime, checked: bool = False) -> bool:
    """The rule every token store applies, the reference and each fast path alike.

    A token is valid while neither its absolute expiry nor its idle expiry has passed, its
    stored digest matches the presented one (compared in constant time), its user is active,
    and the user's password is the one it was issued under (the fingerprint). `checked` says
    the row's part was found true for this very row already: the Redis cache holds only rows
    that passed, and holds no password hash to check again, so only the clock is read.
    """
    if now >= token.expires or now >= idle_expiry(token):
        return False
    if checked:
        return True
    user = token.user
    return (
        digests_match(token.digest, digest)
        and user.is_active
        and fingerprints_match(token.password_fingerprint, user.password)
    )
