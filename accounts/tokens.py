"""Token secrets: made once, shown once, stored only as a digest."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings

PREFIX_LENGTH = 8


def generate_secret() -> str:
    return secrets.token_urlsafe(settings.REGISTRAR["TOKEN_BYTES"])


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
