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

Only rows found valid are remembered (the digest, the password fingerprint, an active user),
so a remembered row needs only its expiry checked again. Rows read inside a transaction are not
remembered: the transaction may still roll back.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from core.db import fetch_row

# More tokens in use on one connection than this, and it starts again rather than evict.
MAX_ENTRIES = 1_000

# Sent as the remembered version when there is none: data_version is never negative.
NO_VERSION = -1


class _Query(Protocol):
    @property
    def columns(self) -> str: ...
    @property
    def source(self) -> str: ...

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


@dataclass(frozen=True)
class Row:
    """A token row's converted values; data_version is None when they came from memory."""

    values: list[Any]
    data_version: int | None

    @property
    def remembered(self) -> bool:
        return self.data_version is None


def lookup(connection: Any, query: _Query, digest: str) -> Row | None:
    """The row for a token digest (`digest` as the query's parameter) in one query, or None."""
    with connection.cursor() as cursor:  # connects first, if need be
        memory = _own(connection)
        remembered = memory.rows.get(digest)
        version = memory.version[0] if remembered is not None and memory.version else NO_VERSION
        cursor.execute(_sql(query.columns, query.source), {"version": version, "digest": digest})
        data_version, payload = fetch_row(connection, cursor)
    if remembered is not None and payload is None and data_version == version:
        return Row(remembered, None)
    if memory.version is not None and data_version != memory.version[0]:
        memory.version, memory.rows = None, {}  # the database has changed since they were read
    if payload is None:
        return None
    return Row(query.convert(connection, json.loads(payload)), data_version)


def remember(connection: Any, digest: str, row: Row) -> None:
    """Keep a row just read from the database, once the caller has found it valid."""
    if row.data_version is None or connection.in_atomic_block:
        return
    memory = _own(connection)
    version = (row.data_version, connection.connection.total_changes)
    if version != memory.version or len(memory.rows) >= MAX_ENTRIES:
        memory.version, memory.rows = version, {}
    memory.rows[digest] = row.values


def forget_all() -> None:
    """Drop this thread's memory."""
    _memory.raw, _memory.version, _memory.rows = None, None, {}
