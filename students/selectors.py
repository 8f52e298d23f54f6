"""Reads for students: one place that knows what to join and who may see what."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from students.models import Student


def student_list(*, actor: Any = None) -> QuerySet[Student]:
    """The students `actor` may see: staff see all; anyone else only the records they created.

    A record without an owner (made through the ORM or an import) is therefore staff-only.
    Without an actor the query is unrestricted, for trusted callers such as commands.
    """
    queryset = Student.objects.select_related("personal_detail").order_by("id")
    if actor is None or actor.is_staff:
        return queryset
    if not actor.is_authenticated:
        return queryset.none()
    return queryset.filter(owner=actor)
