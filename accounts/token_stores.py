"""Where TokenAuthentication finds a token: one interface, a plain ORM reference, two fast paths.

Every store answers one question, get_valid(digest, now): the token with that digest and its
user, if accounts.tokens.token_is_valid() holds, else None. REGISTRAR["TOKEN_STORE"] picks one:

- "orm": the reference, plain ORM. The others must answer exactly as it does.
- "sql": the same lookup as one hand-written query. The ORM spends longer building the query
  than the database spends answering it (benchmarks/probe_auth_lookups.py).
- "redis": valid tokens in a Redis cache shared by every process; "sql" on a miss.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, cast

import redis
from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from redis.backoff import NoBackoff
from redis.retry import Retry

from accounts import tokens
from accounts.models import AuthToken, User

logger = logging.getLogger(__name__)

# The columns the rule needs, in each model's field order (as Model.from_db() wants them).
# Anything else loads on first use, all of it in one query (accounts.models.User).
TOKEN_FIELDS = ("id", "user", "digest", "name", "last_used", "expires", "password_fingerprint")
# mfa_enabled: Basic refuses accounts with two-factor, without a query of its own.
USER_FIELDS = ("id", "password", "is_superuser", "username", "is_staff", "is_active", "mfa_enabled")


def instance(model: type[Model], db: str, attnames: Sequence[str], values: Sequence[Any]) -> Any:
    """What Model.from_db() returns for some columns (the rest deferred), made as unpickling does.

    Unpickling (Model.__reduce__, model_unpickle, __setstate__) fills __dict__ directly and skips
    __init__'s loop over every field, which on the token path cost more than the query. A model
    with init receivers goes through from_db(). tests/accounts/test_token_stores.py fails if
    Django changes either.
    """
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db(db, list(attnames), list(values))
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, db
    return obj


class Query:
    """A hand-written SELECT of some columns of one or more models, built once per database.

    It applies the ORM's converters to the columns that need one. Its parameters are named: with
    SQLite, Django rewrites positional placeholders with a regular expression on every execution,
    which took longer than running the query.
    """

    def __init__(self, alias: str, reads: Any, source: str) -> None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        self.alias = alias
        columns: list[str] = []
        self.models: list[tuple[type[Model], tuple[str, ...], int, int]] = []
        self.converters: list[tuple[int, Any, list[Any]]] = []
        for model, names in reads:
            fields = [model._meta.get_field(name) for name in names]
            attnames = tuple(field.attname for field in fields)
            self.models.append((model, attnames, len(columns), len(columns) + len(fields)))
            for field in fields:
                col = field.get_col(model._meta.db_table)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if found:
                    self.converters.append((len(columns), col, found))
                columns.append(f"{quote(model._meta.db_table)}.{quote(field.column)}")
        self.sql = f"SELECT {', '.join(columns)} {source}"

    def fetch(self, params: dict[str, Any]) -> list[Any] | None:
        """One instance per model, from the first row; None when there is no row."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, col, converters in self.converters:
            for convert in converters:
                values[index] = convert(values[index], col, connection)
        return [instance(m, self.alias, names, values[a:b]) for m, names, a, b in self.models]


@cache
def token_query(alias: str) -> Query:
    quote = connections[alias].ops.quote_name
    table, users = quote(AuthToken._meta.db_table), quote(User._meta.db_table)
    user_id = quote(AuthToken._meta.get_field("user").column)
    return Query(
        alias,
        [(AuthToken, TOKEN_FIELDS), (User, USER_FIELDS)],
        f"FROM {table} INNER JOIN {users} ON {users}.{quote(User._meta.pk.column)} = "
        f"{table}.{user_id} WHERE {table}.{quote('digest')} = %(digest)s",
    )


@cache
def user_query(alias: str) -> Query:
    quote = connections[alias].ops.quote_name
    pk = quote(User._meta.pk.column)
    return Query(
        alias, [(User, USER_FIELDS)], f"FROM {quote(User._meta.db_table)} WHERE {pk} = %(pk)s"
    )


def _joined(token: AuthToken, user: User) -> AuthToken:
    AuthToken.user.field.set_cached_value(token, user)  # as select_related() attaches a join
    return token


class OrmStore:
    """The interface, and its reference implementation: the ORM, nothing clever."""

    # True when copies of a token outlive a change in other processes (the Redis cache):
    # revocations must then reach the store (accounts.services.auth_token_cache_forget).
    shared = False

    def get_valid(self, digest: str, now: datetime) -> AuthToken | None:
        token = self.fetch(digest)
        if token is None or not tokens.token_is_valid(token, digest=digest, now=now):
            return None
        return token

    def fetch(self, digest: str) -> AuthToken | None:
        user_fields = (f"user__{f}" for f in USER_FIELDS)
        found = AuthToken.objects.select_related("user").only(*TOKEN_FIELDS, *user_fields)
        return next(iter(found.filter(digest=digest).order_by()[:1]), None)

    def forget(self, digests: list[str]) -> None:
        """Called after a revocation commits; only a shared store keeps anything to drop."""


class SqlStore(OrmStore):
    """The reference's lookup as one hand-written indexed query."""

    def fetch(self, digest: str) -> AuthToken | None:
        found = token_query(router.db_for_read(AuthToken)).fetch({"digest": digest})
        return None if found is None else _joined(*found)


class RedisStore(SqlStore):
    """Valid tokens in Redis, shared by every process; the database on a miss.

    An entry holds a valid token's columns and a few of its user's, never the secret or the
    password hash. It lives TOKEN_CACHE_SECONDS at most, and never past the token's expiry or
    the moment last_used is due to be written again: use never extends an entry, and a change no
    receiver sees (QuerySet.update, raw SQL) is seen within TOKEN_CACHE_SECONDS. A change that
    receivers see replaces the entry with BYPASS after commit, so the next request reads the
    database; entries are written with SET NX, so a request that read the database just before
    that change cannot put the token back.

    With Redis unreachable the database answers, and nothing is cached. A BYPASS that could not
    be written is written by this process's first request that reaches Redis again.
    """

    shared = True
    BYPASS = b"bypass"
    clients: dict[str, redis.Redis] = {}
    unforgotten: set[str] = set()
    down_until = 0.0

    def get_valid(self, digest: str, now: datetime) -> AuthToken | None:
        client, key = self._client(), settings.REGISTRAR["TOKEN_CACHE_PREFIX"] + digest
        if time.monotonic() < self.down_until:
            return super().get_valid(digest, now)
        try:
            if self.unforgotten:
                self._bypass(client, list(self.unforgotten))
            entry = cast(bytes | None, client.get(key))  # a client without decode_responses
        except redis.RedisError:
            # Skip it for a second: an unreachable host would cost each request a timeout.
            RedisStore.down_until = time.monotonic() + 1
            logger.warning("Token cache unreachable; using the database", exc_info=True)
            return super().get_valid(digest, now)
        if entry is not None and entry != self.BYPASS:
            hit = self._token(entry)
            valid = tokens.token_is_valid(hit, digest=digest, now=now, checked=True)
            return hit if valid else None
        token = super().get_valid(digest, now)
        seconds = 0 if token is None or entry is not None else self._lifetime(token, now)
        if token is not None and seconds >= 1:
            try:
                client.set(key, self._entry(token), ex=seconds, nx=True)
            except redis.RedisError:
                logger.warning("Token cache unreachable; entry not stored", exc_info=True)
        return token

    def forget(self, digests: list[str]) -> None:
        try:
            self._bypass(self._client(), digests)
        except redis.RedisError:
            logger.warning("Token cache unreachable; the revocation is written when it returns")
            self.unforgotten.update(digests)

    def _bypass(self, client: redis.Redis, digests: list[str]) -> None:
        config = settings.REGISTRAR
        with client.pipeline(transaction=False) as pipe:
            for digest in digests:
                pipe.set(
                    config["TOKEN_CACHE_PREFIX"] + digest,
                    self.BYPASS,
                    ex=config["TOKEN_CACHE_SECONDS"],
                )
            pipe.execute()
        self.unforgotten.difference_update(digests)

    def _client(self) -> redis.Redis:
        # One long-lived client per process: Django's RedisCache builds a client object on every
        # call, measured at two to four times the cost of the GET itself.
        url = settings.REGISTRAR["TOKEN_CACHE_URL"]
        if url not in self.clients:
            self.clients[url] = redis.Redis.from_url(
                url, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
            )
        return self.clients[url]

    @staticmethod
    def _lifetime(token: AuthToken, now: datetime) -> int:
        config = settings.REGISTRAR
        touch = token.last_used + timedelta(seconds=config["TOKEN_LAST_USED_RESOLUTION_SECONDS"])
        left = min(token.expires, tokens.idle_expiry(token), touch) - now
        return int(min(config["TOKEN_CACHE_SECONDS"], left.total_seconds()))

    # What an entry holds, in each model's field order; datetimes as timestamps.
    ENTRY_TOKEN = ("id", "user_id", "name", "last_used", "expires")
    ENTRY_USER = ("is_superuser", "username", "is_staff")

    def _entry(self, token: AuthToken) -> str:
        values = [getattr(token, f) for f in self.ENTRY_TOKEN]
        return json.dumps(
            [*values, *(getattr(token.user, f) for f in self.ENTRY_USER)],
            default=datetime.timestamp,
        )

    def _token(self, entry: bytes) -> AuthToken:
        values, db = json.loads(entry), router.db_for_read(AuthToken)
        values[3:5] = (datetime.fromtimestamp(v, tz=UTC) for v in values[3:5])
        token = instance(AuthToken, db, self.ENTRY_TOKEN, values[:5])
        # is_active: a deactivation that receivers see replaces the entry with BYPASS.
        user_values = [values[1], *values[5:], True]
        user = instance(User, db, ("id", *self.ENTRY_USER, "is_active"), user_values)
        return _joined(token, user)


STORES = {
    "orm": OrmStore(),
    "sql": SqlStore(),
    "redis": RedisStore(),
}


def current() -> OrmStore:
    """The store REGISTRAR["TOKEN_STORE"] names."""
    return STORES[settings.REGISTRAR["TOKEN_STORE"]]
