"""Production: every secret comes from the environment and has no default.

The entry points production uses (config/wsgi.py, config/asgi.py, gunicorn.conf.py, the container)
load this module. It refuses to start, naming the variable, rather than serve with a weak secret,
any Host header, or per-process throttle counters. Under the environment the README's Deploy
section documents, `manage.py check --deploy --fail-level WARNING` passes (tests/deploy).
"""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, STORAGES

DEBUG = False

# Django's own deploy check (security.W009) asks for 50 characters and 5 distinct ones.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is missing or empty. Set it to at least "
        f"{SECRET_KEY_MIN_LENGTH} random characters, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too short or too plain ({len(SECRET_KEY)} characters): use at "
        f"least {SECRET_KEY_MIN_LENGTH} random characters."
    )

# No default: a laptop's 127.0.0.1,localhost would answer for any name a proxy forwards.
if not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is unset: set it to the comma-separated host names this site answers "
        "to, e.g. ALLOWED_HOSTS=registrar.example.org."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Throttle counters and revocations must be seen by every process at once; a per-process
# cache lets each worker count on its own (3 workers at 5/min let 15 failed logins through).
# gunicorn.conf.py exports the worker count it starts as WEB_CONCURRENCY.
SERVING_PROCESSES = env_int("WEB_CONCURRENCY", 1)
if SERVING_PROCESSES > 1 and not env_str("REDIS_URL", "").strip():
    raise ImproperlyConfigured(
        f"REDIS_URL is unset while WEB_CONCURRENCY={SERVING_PROCESSES} processes serve: "
        "throttles and revocations need one shared cache. Set REDIS_URL, e.g. "
        "redis://127.0.0.1:6379/0, or serve with WEB_CONCURRENCY=1."
    )
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down must not mean the site down: errors fall back to a per-process cache
    # (core/cache.py), and /readyz reports the outage.
    _cache: dict[str, Any] = {
        **CACHES["default"],
        "BACKEND": "core.cache.FallbackRedisCache",
        # A stopped Redis refuses at once; a hung one must not hold a request for long.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES["default"] = _cache

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS everywhere. SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false are for a plain-http
# run on the loopback only (README, "Serving over plain http on one machine").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# /healthz and /readyz answer the load balancer's plain-http probes without a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a commitment to the browsers' lists that is hard to undo; it stays opt-in, and
# the check that recommends it (W021) is silenced only while it is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True

# X-Forwarded-Proto is believed only from a proxy we run: from anyone else it would let a
# plain-http request pass for https (and skip the redirect).
if env_int("TRUSTED_PROXY_COUNT", 0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_COOKIES = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # __Host-: the browser accepts the cookie only when Secure, for path /, and without a
    # Domain, so a sibling subdomain can neither set nor shadow it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


# Hashed, compressed static files, collected by `make serve` and at image build: the admin and
# the API docs are styled without a separate static server.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Uploaded pictures must reach every instance: MEDIA_ROOT on one shared disk, or an S3 bucket.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    _s3: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Unset means AWS itself; set for an S3-compatible server (MinIO, moto, ...).
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "").strip() or None,
            # Pictures are private: each URL is signed and expires.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
            "file_overwrite": False,
        },
    }
    STORAGES["default"] = _s3
