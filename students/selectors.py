"""Reads for students: one place that knows what to join."""

from __future__ import annotations

from django.db.models import QuerySet

from students.models import Student


def student_list() -> QuerySet[Student]:
    return Student.objects.select_related("personal_detail").order_by("id")
