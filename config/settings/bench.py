"""The authentication benchmark: production-like, plus stock DRF's token endpoint to compare with.

rest_framework.authtoken and its endpoint exist only here, never in the served application.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, INSTALLED_APPS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework.authtoken"]
ROOT_URLCONF = "benchmarks.auth_urls"

# Per-request database bookkeeping, measured: a health-check query before the first query of
# every request, and (without CONN_MAX_AGE) a new connection, with SQLite's PRAGMAs, per request.
# Persistent connections without the health check remove both; every row of the table gets them.
DATABASES["default"]["CONN_MAX_AGE"] = None
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
