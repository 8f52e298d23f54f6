"""Small helpers shared by the accounts tests."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.test import override_settings


def registrar(**changes: Any) -> override_settings:
    return override_settings(REGISTRAR={**settings.REGISTRAR, **changes})


def rest_framework(**changes: Any) -> override_settings:
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **changes})


def throttle_rates(
    login: str = "1000/min", register: str = "1000/min", hourly: str = "100000/hour"
) -> override_settings:
    """The limiter's rates (accounts/limiter.py): `login` for every password-check scope."""
    checks = {"ip": [login], "account": [login, hourly], "device": [login, hourly]}
    return registrar(
        RATE_LIMITS={
            "login": checks,
            "password_change": checks,
            "password_reset": checks,
            "otp": checks,
            "register": {"ip": [register], "account": [register]},
        }
    )


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
