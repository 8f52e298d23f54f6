"""A developer's laptop: DEBUG on, a throwaway secret, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-a-secret")

from config.settings.base import *  # noqa: F403

DEBUG = True
