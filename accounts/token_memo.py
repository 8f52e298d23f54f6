"""With SQLite: each connection remembers the token rows it has read, until the database changes.

With SQLite the token lookup runs in-process, and a round trip to a shared cache (Redis) costs
more than the lookup itself (docs/benchmarks.md). What makes a per-connection memory safe is
SQLite's own change counters:

- `data_version` changes once any other connection, in any process, commits a change;
- the connection's `total_changes` counts every row it has written itself, committed or not.

A row is remembered with both counters, and `data_version` is read in the same statement as the
row. While neither counter has moved, the database holds exactly the rows remembered, so a
revocation of any kind (logout, a password change, a deactivation, a raw SQL UPDATE from another
process) is seen by the next request. Any write at all forgets everything: the memory pays off
when reads dominate.

Every lookup is still one query. It reads `data_version` and, only if that differs from the
version the remembered row was read at, the row itself:

    SELECT v.data_version,
           CASE WHEN v.data_version <> %(version)s THEN (SELECT json_array(...) FROM ...) END
    FROM pragma_data_version() AS v

Rows read inside a transaction are not remembered: the transaction may still roll back.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from typing import Any, Protocol

# More tokens in use on one connection than this, and it starts again rather than evict.
MAX_ENTRIES = 1_000

# Sent as the remembered version when there is none: data_version is never negative.
NO_VERSION = -1


class _Query(Protocol):
    columns: str
    source: str

    def convert(self, connection: Any, row: Any) -> list[Any]: ...


class _Memory(threading.local):
    def __init__(self) -> None:
        self.raw: Any = None
        self.version: tuple[int, int] | None = None
        self.rows: dict[str, list[Any]] = {}


_memory = _Memory()


def applies(connection: Any) -> bool:
    return connection.vendor == "sqlite"


@cache
def _sql(columns: str, source: str) -> str:
    # json_array carries the row's values as SQLite holds them (TEXT, INTEGER, NULL), which is
    # what the ORM's converters expect. Columns and source come from model metadata only.
    row = f"(SELECT json_array({columns}) {source})"
    return (
        "SELECT v.data_version, "  # noqa: S608
        f"CASE WHEN v.data_version <> %(version)s THEN {row} END FROM pragma_data_version() AS v"
    )


def _own(connection: Any) -> _Memory:
    """This thread's memory for this connection; a new connection starts with none."""
    memory = _memory
    raw = connection.connection
    if memory.raw is not raw:
        memory.raw, memory.version, memory.rows = raw, None, {}
    elif memory.version is not None and raw.total_changes != memory.version[1]:
        memory.version, memory.rows = None, {}
    return memory


def lookup(connection: Any, query: _Query, digest: str) -> list[Any] | None:
    """The converted row for a token digest (`digest` as the query's parameter), or None."""
    connection.ensure_connection()
    memory = _own(connection)
    remembered = memory.rows.get(digest)
    version = memory.version[0] if remembered is not None and memory.version else NO_VERSION
    with connection.cursor() as cursor:
        cursor.execute(_sql(query.columns, query.source), {"version": version, "digest": digest})
        data_version, payload = cursor.fetchone()
    if payload is None:
        if data_version == version:
            return remembered
        memory.version, memory.rows = None, {}  # the database has changed: the token is gone
        return None
    values = query.convert(connection, json.loads(payload))
    _remember(connection, memory, digest, values, data_version)
    return values


def _remember(
    connection: Any, memory: _Memory, digest: str, values: list[Any], data_version: int
) -> None:
    if connection.in_atomic_block:
        return
    version = (data_version, connection.connection.total_changes)
    if version != memory.version or len(memory.rows) >= MAX_ENTRIES:
        memory.version, memory.rows = version, {}
    memory.rows[digest] = values


def forget_all() -> None:
    """Drop this thread's memory."""
    _memory.raw, _memory.version, _memory.rows = None, None, {}
