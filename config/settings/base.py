"""Settings shared by every environment; environment-specific files import from here."""

from __future__ import annotations

from typing import Any

from csp.constants import NONCE, SELF

from config.env import BASE_DIR, database_config, env_int, env_list, env_str

# Every settings module that serves checks its own: production refuses a missing or weak one.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # django.contrib.admin with a limited login and password change (accounts/admin_site.py).
    "accounts.apps.RegistrarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "core",
    "accounts",
    "students",
    # Signals as triggers: the audit trail and the database-level invariants.
    "audit",
    "integrity",
]

MIDDLEWARE = [
    # First: a client already past its password-check limit is refused before any other work.
    "accounts.middleware.EarlyRefusalMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy below, on every response that has none of its own (django-csp,
    # with the policy built once).
    "core.csp.PrebuiltCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: it must see the session and device cookies the layers below set.
    "core.headers.CredentialHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 429/503 for the limiter and the hashing cap on Django's own login views; device cookies.
    "accounts.middleware.PasswordGuardMiddleware",
    # After authentication: lets a service name the actor of a write (see audit/context.py).
    "audit.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Scripts only from this server (the Redoc page's one inline script carries the nonce); inline
# styles stay allowed because the admin, Swagger UI and Redoc all set style attributes.
# tests/browser drives the admin, Swagger UI and Redoc under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The admin's messages live in the session. The default (a cookie, then the session) builds a
# cookie signer on every request, API requests included: about 4% of the secure page's time
# under gunicorn (docs/benchmarks.md).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_config(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2 first: stronger than the PBKDF2 default and, at Django's parameters, faster here.
# Bounded: each hash takes one of PASSWORD_HASH_CONCURRENCY slots (accounts/hashing.py).
PASSWORD_HASHERS = [
    "accounts.hashing.BoundedArgon2PasswordHasher",
    "accounts.hashing.BoundedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

_redis_url = env_str("REDIS_URL", "")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "registrar"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its keyword is what a 401's WWW-Authenticate names.
        "accounts.authentication.TokenAuthentication",
        "accounts.authentication.ApiKeyAuthentication",
        "accounts.authentication.CachedBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.TrustedProxyRemoteUserAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.permissions.ApiKeyScope",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.negotiation.RememberedContentNegotiation",
}

# --- Authentication and throttling (accounts) ---
AUTHENTICATION_BACKENDS = [
    # ModelBackend behind the limiter, looking names up by their canonical form.
    "accounts.backends.LimitedModelBackend",
    # Acts only when TrustedProxyRemoteUserAuthentication passes it a name, which it does
    # only when REMOTE_USER_HEADER is set.
    "accounts.backends.ExistingRemoteUserBackend",
]
REST_FRAMEWORK |= {
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("THROTTLE_LOGIN_RATE", "10/min"),
        "register": env_str("THROTTLE_REGISTER_RATE", "10/min"),
    },
    # 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored. DRF's default (None)
    # would trust whatever X-Forwarded-For a client sends.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
}
# Deeper JSON bodies get 400 (core/parsers.py).
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 100)
# --- end of authentication and throttling ---

SPECTACULAR_SETTINGS = {
    "TITLE": "Registrar API",
    "DESCRIPTION": "Student records and API authentication.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags, summaries and error answers come from core/schema.py, for every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.postprocess_schema",
    ],
}

# Registrar's own knobs.
REGISTRAR: dict[str, Any] = {
    # Bytes of randomness in a token secret; 32 bytes = 256 bits.
    "TOKEN_BYTES": 32,
    "TOKEN_NAME_MAX_LENGTH": 64,
    "TOKEN_IDLE_TIMEOUT_SECONDS": env_int("TOKEN_IDLE_TIMEOUT_SECONDS", 14 * 24 * 3600),
    "TOKEN_TTL_SECONDS": env_int("TOKEN_TTL_SECONDS", 90 * 24 * 3600),
    "TOKEN_LAST_USED_RESOLUTION_SECONDS": 60,
    "TOKENS_PER_USER": env_int("TOKENS_PER_USER", 10),
    # Where a token is looked up (accounts/token_stores.py): "orm" (the plain reference), "sql"
    # or "redis". By default the fastest measured for the setup (docs/benchmarks.md): with another
    # database than SQLite and Redis, the shared cache; else the one hand-written query (with
    # SQLite, a Redis round trip costs more than the lookup it saves).
    "TOKEN_STORE": env_str("TOKEN_STORE", "")
    or (
        "redis"
        if _redis_url and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
        else "sql"
    ),
    "TOKEN_CACHE_URL": _redis_url or None,
    "TOKEN_CACHE_PREFIX": env_str("CACHE_KEY_PREFIX", "registrar") + ":auth:token:",
    # The longest a cached token outlives a change that no receiver sees (QuerySet.update, raw
    # SQL); changes through the ORM, the API or the admin reach the cache on commit.
    "TOKEN_CACHE_SECONDS": env_int("TOKEN_CACHE_SECONDS", 10),
    # How long a verified Basic credential is remembered (keyed by an HMAC of it).
    "BASIC_AUTH_CACHE_SECONDS": env_int("BASIC_AUTH_CACHE_SECONDS", 300),
    "API_KEY_LAST_USED_RESOLUTION_SECONDS": 60,
    # The header a trusted proxy sets to the authenticated user name, e.g. "X-Remote-User".
    # Unset, remote-user authentication is off and no header is ever trusted.
    "REMOTE_USER_HEADER": env_str("REMOTE_USER_HEADER", "") or None,
    # Usernames are ASCII unless this is on (accounts/usernames.py: look-alikes).
    "USERNAME_ALLOW_UNICODE": env_str("USERNAME_ALLOW_UNICODE", "") == "1",
}

# --- Brute force (accounts/limiter.py, README "Brute force and revocation") ---
# Per scope, the rates for the client address ("ip"), the account ("account": clients without
# the account's device cookie) and a device cookie ("device"). A window opens at a first attempt;
# two can abut, so 50/hour keeps any sliding hour at or under 100 failures (OWASP ASVS).
_login_rate = env_str("THROTTLE_LOGIN_RATE", "10/min")
_account_hourly = env_str("THROTTLE_ACCOUNT_HOURLY_RATE", "50/hour")
_register_rate = env_str("THROTTLE_REGISTER_RATE", "10/min")
REGISTRAR |= {
    "RATE_LIMITS": {
        "login": {
            "ip": [_login_rate],
            "account": [_login_rate, _account_hourly],
            "device": [_login_rate, _account_hourly],
        },
        "register": {"ip": [_register_rate], "account": [_register_rate]},
        "password_change": {"ip": [_login_rate], "account": [_login_rate, _account_hourly]},
        # For password reset requests and one-time codes.
        "password_reset": {"ip": [_login_rate], "account": [_login_rate, _account_hourly]},
        "otp": {"ip": [_login_rate], "account": [_login_rate, _account_hourly]},
    },
    # The shared cache the counters live in; Redis in production (REDIS_URL).
    "RATE_LIMIT_CACHE": "default",
    "DEVICE_COOKIE_NAME": "registrar_device",
    "DEVICE_COOKIE_AGE_SECONDS": env_int("DEVICE_COOKIE_AGE_SECONDS", 180 * 24 * 3600),
    # Password hashes at once per process; past it wait this long, then 503 + Retry-After.
    # One by default: a 100 MiB Argon2 hash takes a whole core, and a small host has two.
    "PASSWORD_HASH_CONCURRENCY": env_int("PASSWORD_HASH_CONCURRENCY", 1),
    "PASSWORD_HASH_WAIT_SECONDS": float(env_str("PASSWORD_HASH_WAIT_SECONDS", "0.5")),
    "PASSWORD_HASH_RETRY_AFTER_SECONDS": 1,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

# Records API: list filters, uploaded pictures.
INSTALLED_APPS += ["django_filters"]
REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"] = [
    "django_filters.rest_framework.DjangoFilterBackend",
    "rest_framework.filters.SearchFilter",
    "rest_framework.filters.OrderingFilter",
]
PICTURE_UPLOAD_MAX_BYTES = env_int("PICTURE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# 25 megapixels: above any phone camera, and a decoded RGBA copy stays near 100 MB.
PICTURE_UPLOAD_MAX_PIXELS = env_int("PICTURE_UPLOAD_MAX_PIXELS", 25_000_000)

# --- Accounts: e-mail, password reset, address verification, two-factor, registration ---
from config.env import email_config, env_bool  # noqa: E402

# EMAIL_URL (smtp://host:port, smtps://…, console:) or the individual EMAIL_* variables;
# the console backend when neither is set.
_email = email_config()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
if "EMAIL_FILE_PATH" in _email:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Registrar <registrar@localhost>")
# Mail leaves after the transaction commits, on a thread of its own, so a request for a reset
# costs the same whether or not a message goes out. The test settings send inline.
EMAIL_SEND_IN_BACKGROUND = env_bool("EMAIL_SEND_IN_BACKGROUND", True)
# Seconds a reset link stays valid (Django's own setting, read by PasswordResetTokenGenerator).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
# The links in the messages: a front end's pages that post uid/token or key to the API.
PASSWORD_RESET_LINK = env_str(
    "PASSWORD_RESET_LINK", "http://127.0.0.1:8000/reset-password?uid={uid}&token={token}"
)
EMAIL_VERIFICATION_LINK = env_str(
    "EMAIL_VERIFICATION_LINK", "http://127.0.0.1:8000/verify-email?key={key}"
)
# none: addresses are never checked; optional: a link is sent, login works regardless;
# mandatory: login is refused until the address is verified.
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional").strip().lower()
if ACCOUNT_EMAIL_VERIFICATION not in {"none", "optional", "mandatory"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ACCOUNT_EMAIL_VERIFICATION must be none, optional or mandatory.")
EMAIL_VERIFICATION_TIMEOUT = env_int("EMAIL_VERIFICATION_TIMEOUT", 3 * 24 * 3600)
# Off: registration answers 403; staff still create users in the admin or with createsuperuser.
REGISTRATION_OPEN = env_bool("REGISTRATION_OPEN", True)
# On: staff must enrol in two-factor before they can use the admin or the staff-only API.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", False)
MFA_ISSUER = env_str("MFA_ISSUER", "Registrar")
# Two-factor lives in its own app; its admin site asks staff for their code at login.
INSTALLED_APPS += ["mfa"]
INSTALLED_APPS[INSTALLED_APPS.index("accounts.apps.RegistrarAdminConfig")] = (
    "mfa.apps.MfaAdminConfig"
)
# --- end of accounts: e-mail … registration ---
