"""Reads for users, tokens and API keys that need care."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Field, Model, Q, QuerySet
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiKey, AuthToken, User

# The user columns authentication needs, in the model's field order (as from_db() wants them).
# Loading every column of the user on each request costs measurable time; anything else is
# loaded on first use.
AUTH_USER_FIELDS = ("id", "password", "is_superuser", "username", "is_staff", "is_active")


@dataclass(frozen=True)
class _Query:
    """A hand-written query, built once per database, with the ORM's converters for each column."""

    sql: str
    fields: list[Field]
    columns: list[Any]
    converters: list[list[Callable[..., Any]]]

    def fetch_one(self, connection: Any, params: list[Any]) -> list[Any] | None:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for col, converters, value in zip(self.columns, self.converters, row, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        return values


def _query(fields: list[Field], sql_from_where: str) -> _Query:
    connection = connections[router.db_for_read(User)]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(f.model._meta.db_table)}.{quote(f.column)}" for f in fields)
    cols = [field.get_col(field.model._meta.db_table) for field in fields]
    converters = [
        connection.ops.get_db_converters(col) + col.get_db_converters(connection) for col in cols
    ]
    return _Query(f"SELECT {columns} {sql_from_where}", fields, cols, converters)


def _instance(model: type[Model], fields: list[Field], values: list[Any]) -> Any:
    # The fields are listed in model order; the others stay deferred (loaded on first use).
    return model.from_db("default", [f.attname for f in fields], values)


# In the model's field order, as from_db() wants them.
TOKEN_AUTH_FIELDS = ("id", "user", "digest", "name", "last_used", "expires", "password_fingerprint")


@cache
def _token_query(vendor: str) -> _Query:
    quote = connections[router.db_for_read(User)].ops.quote_name
    token_fields = [AuthToken._meta.get_field(f) for f in TOKEN_AUTH_FIELDS]
    user_fields = [User._meta.get_field(f) for f in AUTH_USER_FIELDS]
    token_table, user_table = quote(AuthToken._meta.db_table), quote(User._meta.db_table)
    user_fk = quote(AuthToken._meta.get_field("user").column)
    digest = quote(AuthToken._meta.get_field("digest").column)
    return _query(
        token_fields + user_fields,
        f"FROM {token_table} INNER JOIN {user_table} "
        f"ON {user_table}.{quote(User._meta.pk.column)} = {token_table}.{user_fk} "
        f"WHERE {token_table}.{digest} = %s",
    )


@cache
def _user_query(vendor: str) -> _Query:
    quote = connections[router.db_for_read(User)].ops.quote_name
    fields = [User._meta.get_field(f) for f in AUTH_USER_FIELDS]
    return _query(
        fields, f"FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s"
    )


def auth_token_get_valid(*, secret: str) -> AuthToken | None:
    """The live token for a secret, with its user, in one indexed query; None if unusable.

    Written by hand and filtered in Python: this runs on every uncached request, and the ORM
    spends longer building such a query than the database spends answering it
    (benchmarks/probe_auth_lookups.py, docs/benchmarks.md).
    """
    connection = connections[router.db_for_read(AuthToken)]
    query = _token_query(connection.vendor)
    row = query.fetch_one(connection, [tokens.digest(secret)])
    if row is None:
        return None
    split = len(TOKEN_AUTH_FIELDS)
    token = _instance(AuthToken, query.fields[:split], row[:split])
    token.user = _instance(User, query.fields[split:], row[split:])
    now = timezone.now()
    idle = timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    if token.expires <= now or token.last_used <= now - idle or not token.user.is_active:
        return None
    return token


def auth_token_list(*, user: User) -> QuerySet[AuthToken]:
    return AuthToken.objects.filter(user=user).order_by("-created")


def api_key_get_valid(*, key: str) -> ApiKey | None:
    """The live API key for a presented key, with its user, in one indexed query."""
    return (
        ApiKey.objects.select_related("user")
        .only(
            "id",
            "user_id",
            "digest",
            "scope",
            "last_used",
            "expires",
            *(f"user__{f}" for f in AUTH_USER_FIELDS),
        )
        .filter(digest=tokens.digest(key), user__is_active=True)
        .filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
        .order_by()
        .first()
    )


def user_get_for_auth(*, pk: int) -> User | None:
    """An active user with just the columns authentication needs, in one query.

    Written by hand: Basic runs it on every request, and the same lookup through the ORM took
    two to five times as long (benchmarks/probe_auth_lookups.py, docs/benchmarks.md).
    """
    connection = connections[router.db_for_read(User)]
    query = _user_query(connection.vendor)
    row = query.fetch_one(connection, [pk])
    if row is None:
        return None
    user = _instance(User, query.fields, row)
    return user if user.is_active else None


def user_get(*, pk: int) -> User:
    return User.objects.get(pk=pk)
