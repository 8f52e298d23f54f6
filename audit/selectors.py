"""Reads of the audit trail."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from audit.models import AuditEntry


def audit_entry_list(
    *,
    action: str | None = None,
    model: str | None = None,
    object_id: str | None = None,
    actor_type: str | None = None,
    actor_user_id: int | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed by whichever filters are given."""
    entries = AuditEntry.objects.order_by("-at", "-id")
    lookups = {
        "action": action,
        "model": model.lower() if model else None,
        "object_id": object_id,
        "actor_type": actor_type,
        "actor_user_id": actor_user_id,
        "at__gte": since,
        "at__lt": until,
    }
    return entries.filter(**{k: v for k, v in lookups.items() if v is not None})
