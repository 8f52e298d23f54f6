"""The test suite: a fast hasher, a file-backed SQLite so threads share one database."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="registrar-media-"))
# Many tests log in from one address; the throttling tests set their own low rates.
os.environ.setdefault("THROTTLE_LOGIN_RATE", "10000/min")
os.environ.setdefault("THROTTLE_REGISTER_RATE", "10000/min")
os.environ.setdefault("THROTTLE_ACCOUNT_HOURLY_RATE", "10000/hour")

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES, REGISTRAR

# Hashing speed is not under test; the Argon2 default is covered by its own test.
PASSWORD_HASHERS = [
    "accounts.hashing.BoundedMD5PasswordHasher",
    "accounts.hashing.BoundedArgon2PasswordHasher",
]

# Messages go out inline, so a test reads them as soon as the transaction commits.
EMAIL_SEND_IN_BACKGROUND = False

_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory database is private to one connection; the concurrency tests run
    # many threads, each with its own connection, so the test database is a file.
    _db["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

# Most tests run inside a transaction that is rolled back, never committed, so the Redis token
# store's on-commit invalidation would never run in them; with REDIS_URL set they would see
# revoked tokens still cached. The tests of that store turn it on themselves (token_store).
if REGISTRAR["TOKEN_STORE"] == "redis" and not os.environ.get("TOKEN_STORE"):  # noqa: S105
    REGISTRAR["TOKEN_STORE"] = "sql"  # noqa: S105 (a store's name, not a secret)
