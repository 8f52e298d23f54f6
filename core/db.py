"""Small database helpers for hot paths that run on every request."""

from __future__ import annotations

from typing import Any


def fetch_row(connection: Any, cursor: Any) -> Any:
    """cursor.fetchone() with the same translation of database errors into django.db's.

    Django's CursorWrapper wraps fetchone in a new functools.wraps() closure on every call; on
    the token path that cost more than reading the row (docs/benchmarks.md).
    """
    with connection.wrap_database_errors:
        return cursor.cursor.fetchone()
