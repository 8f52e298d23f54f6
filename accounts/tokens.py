"""Secrets: made once, shown once, stored only as a digest."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from django.conf import settings
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
