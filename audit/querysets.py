"""A QuerySet whose bulk writes, which send no per-row signals, each leave one audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, router, transaction

_in_bulk_update: ContextVar[bool] = ContextVar("audit_in_bulk_update", default=False)


@contextmanager
def _bulk_update_running() -> Iterator[None]:
    token = _in_bulk_update.set(True)
    try:
        yield
    finally:
        _in_bulk_update.reset(token)


class AuditedQuerySet(models.QuerySet):
    """bulk_create, update and bulk_update write one entry each, in the same transaction.

    delete() needs nothing here: with receivers connected, Django's collector sends pre_delete
    and post_delete for every row it deletes.
    """

    def _write_db(self) -> str:
        # As QuerySet.update() picks it: an explicit .using(), else the router's write database.
        # _db and _hints are QuerySet's own private state, absent from the stubs.
        return self._db or router.db_for_write(self.model, **self._hints)  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list:
        from audit import services

        using = self._write_db()
        with transaction.atomic(using=using, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            if created:
                services.audit_bulk_record(
                    action="bulk_create", model=self.model, row_count=len(created), using=using
                )
        return created

    def update(self, **kwargs: Any) -> int:
        from audit import services

        using = self._write_db()
        with transaction.atomic(using=using, savepoint=False):
            rows = super().update(**kwargs)
            if rows and not _in_bulk_update.get():
                services.audit_bulk_record(
                    action="bulk_update",
                    model=self.model,
                    row_count=rows,
                    summary=services.audit_assignments(model=self.model, values=kwargs),
                    using=using,
                )
        return rows

    def bulk_update(self, objs: Iterable[Any], fields: Any, *args: Any, **kwargs: Any) -> int:
        from audit import services

        using = self._write_db()
        with transaction.atomic(using=using, savepoint=False):
            # Django's bulk_update runs one update() per batch; those stay silent, and this
            # one entry covers them all, written before the transaction ends.
            with _bulk_update_running():
                rows = super().bulk_update(objs, fields, *args, **kwargs)
            if rows:
                services.audit_bulk_record(
                    action="bulk_update",
                    model=self.model,
                    row_count=rows,
                    summary={name: [None, "(per row)"] for name in fields},
                    using=using,
                )
        return rows
