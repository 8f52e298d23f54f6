"""Query-string filters for the students list."""

from __future__ import annotations

import django_filters

from students.models import Student
from students.validators import MAX_AGE, MIN_AGE


class StudentFilter(django_filters.FilterSet):
    age_min = django_filters.NumberFilter(
        field_name="age", lookup_expr="gte", min_value=MIN_AGE, max_value=MAX_AGE
    )
    age_max = django_filters.NumberFilter(
        field_name="age", lookup_expr="lte", min_value=MIN_AGE, max_value=MAX_AGE
    )
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=50)

    class Meta:
        model = Student
        fields = ["age_min", "age_max", "name"]
