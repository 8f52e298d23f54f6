"""Reads for users, tokens and API keys that need care."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, cached_property
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import DEFERRED, Field, Model, Q, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from accounts import token_memo, tokens
from accounts.models import ApiKey, AuthToken, User
from core.db import fetch_row

# The user columns authentication needs, in the model's field order (as _Loader wants them).
# Loading every column of the user on each request costs measurable time; anything else is
# loaded on first use. mfa_enabled: Basic refuses accounts with two-factor.
AUTH_USER_FIELDS = (
    "id",
    "password",
    "is_superuser",
    "username",
    "is_staff",
    "is_active",
    "mfa_enabled",
)


@dataclass(frozen=True)
class _Loader:
    """Builds a model instance from some of its columns, with the others deferred.

    The instance is what Model.from_db() returns, made as Django's unpickling makes one: the
    values go straight into __dict__, without __init__'s loop over every field. On the token
    path that loop cost more than the query. A model with pre_init or post_init receivers
    (an ImageField's dimensions, say) goes through __init__ as usual. core.tracking's record of
    the loaded values is skipped too: it only serves a later save of a fully loaded row, and a
    save of one of these partial rows reads the row anyway.
    """

    model: type[Model]
    attnames: tuple[str, ...]
    template: tuple[Any, ...]
    slots: tuple[int, ...]

    @classmethod
    def of(cls, model: type[Model], fields: list[Field]) -> _Loader:
        concrete = [f.attname for f in model._meta.concrete_fields]
        slots = tuple(concrete.index(f.attname) for f in fields)
        if list(slots) != sorted(slots):
            raise ValueError(f"{model.__name__} fields must be listed in the model's order")
        attnames = tuple(f.attname for f in fields)
        return cls(model, attnames, (DEFERRED,) * len(concrete), slots)

    def build(self, db: str, values: list[Any]) -> Any:
        model = self.model
        if pre_init.has_listeners(model) or post_init.has_listeners(model):
            args = list(self.template)
            for slot, value in zip(self.slots, values, strict=True):
                args[slot] = value
            instance = model(*args)
        else:
            instance = model.__new__(model)
            instance.__dict__.update(zip(self.attnames, values, strict=True))
            instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = db
        return instance


@dataclass(frozen=True)
class _Query:
    """A hand-written query, built once per database, reading some columns of one or more models.

    Keeps the ORM's converters for the columns that need one, and a loader per model. Its
    parameters are named (`%(name)s`): with SQLite, Django rewrites positional placeholders
    with a regular expression on every execution, which took longer than running this query.
    """

    columns: str
    source: str
    conversions: tuple[tuple[int, Any, tuple[Callable[..., Any], ...]], ...]
    loaders: tuple[_Loader, ...]

    @cached_property
    def sql(self) -> str:
        return f"SELECT {self.columns} {self.source}"

    def fetch_one(self, connection: Any, params: dict[str, Any]) -> list[Any] | None:
        """One instance per model, from the first row; None when there is no row."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = fetch_row(connection, cursor)
        return None if row is None else self.build(connection, self.convert(connection, row))

    def convert(self, connection: Any, row: Any) -> list[Any]:
        """A row's values as the ORM would have them."""
        values = list(row)
        for index, col, converters in self.conversions:
            value = values[index]
            for convert in converters:
                value = convert(value, col, connection)
            values[index] = value
        return values

    def build(self, connection: Any, values: list[Any]) -> list[Any]:
        """One new instance per model from converted values."""
        instances, start = [], 0
        for loader in self.loaders:
            end = start + len(loader.slots)
            instances.append(loader.build(connection.alias, values[start:end]))
            start = end
        return instances


def _query(reads: list[tuple[type[Model], list[Field]]], source: str) -> _Query:
    connection = connections[router.db_for_read(User)]
    quote = connection.ops.quote_name
    fields = [field for _model, model_fields in reads for field in model_fields]
    columns = ", ".join(f"{quote(f.model._meta.db_table)}.{quote(f.column)}" for f in fields)
    conversions = []
    for index, field in enumerate(fields):
        col = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            conversions.append((index, col, tuple(converters)))
    return _Query(
        columns,
        source,
        tuple(conversions),
        tuple(_Loader.of(model, model_fields) for model, model_fields in reads),
    )


# In the model's field order, as _Loader wants them.
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
        [(AuthToken, token_fields), (User, user_fields)],
        f"FROM {token_table} INNER JOIN {user_table} "
        f"ON {user_table}.{quote(User._meta.pk.column)} = {token_table}.{user_fk} "
        f"WHERE {token_table}.{digest} = %(digest)s",
    )


@cache
def _user_query(vendor: str) -> _Query:
    quote = connections[router.db_for_read(User)].ops.quote_name
    fields = [User._meta.get_field(f) for f in AUTH_USER_FIELDS]
    table, pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    return _query([(User, fields)], f"FROM {table} WHERE {pk} = %(pk)s")


def auth_token_get_valid(*, secret: str, now: datetime | None = None) -> AuthToken | None:
    """The live token for a secret, with its user, in one indexed query; None if unusable.

    Usable: the stored digest matches (compared in constant time), the password has not changed
    since the token was issued (its fingerprint), the user is active, and neither expiry has
    passed. Written by hand and filtered in Python: this runs on every request, and the ORM
    spends longer building such a query than the database spends answering it
    (benchmarks/probe_auth_lookups.py, docs/benchmarks.md). With SQLite, accounts.token_memo
    lets the one query skip the row when this connection has read it and nothing has changed.
    """
    connection = connections[router.db_for_read(AuthToken)]
    query = _token_query(connection.vendor)
    digest = tokens.digest(secret)
    row = None
    if token_memo.applies(connection):
        row = token_memo.lookup(connection, query, digest)
        found = None if row is None else query.build(connection, row.values)
    else:
        found = query.fetch_one(connection, {"digest": digest})
    if found is None:
        return None
    token, user = found
    AuthToken.user.field.set_cached_value(token, user)  # as select_related() attaches a join
    now = now or timezone.now()
    idle = timedelta(seconds=settings.REGISTRAR["TOKEN_IDLE_TIMEOUT_SECONDS"])
    if token.expires <= now or token.last_used <= now - idle:
        return None
    if row is not None and row.remembered:
        return token  # found valid when it was read, and nothing has been written since
    if not (
        user.is_active
        and tokens.digests_match(token.digest, digest)
        and tokens.fingerprints_match(token.password_fingerprint, user.password)
    ):
        return None
    if row is not None:
        token_memo.remember(connection, digest, row)
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
    found = query.fetch_one(connection, {"pk": pk})
    if found is None:
        return None
    (user,) = found
    return user if user.is_active else None


def user_get(*, pk: int) -> User:
    return User.objects.get(pk=pk)


def api_key_list(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user).order_by("-created")
