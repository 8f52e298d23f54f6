from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now

from audit.querysets import AuditedQuerySet
from core.atomic import SavesAtomically
from core.personal_detail.models import PersonalDetail as BasePersonalDetail
from core.tracking import TracksLoadedValues
from students.validators import MAX_AGE, MIN_AGE, mobileno_validator


class Student(SavesAtomically, TracksLoadedValues, models.Model):
    """A student record. Inserting one inserts its PersonalDetail (see students/receivers.py)."""

    name = models.CharField(max_length=50)
    age = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    mobileno = models.CharField("mobile number", max_length=20, validators=[mobileno_validator])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="students",
        help_text="The user who created the record; records without one are staff-only.",
    )
    # The ORM sets both; the database defaults serve writes that name only the seed's columns
    # (raw SQL, a fixture without timestamps), which would otherwise fail NOT NULL.
    created_at = models.DateTimeField(auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    # Bulk writes send no signals; this queryset audits each one (audit/querysets.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__gte=MIN_AGE) & models.Q(age__lte=MAX_AGE),
                name="student_age_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonalDetail(BasePersonalDetail):
    """A student's personal details: exactly one per student (core/personal_detail/)."""

    owner_field = "student"
    picture_folder = "pictures/students"

    student = models.OneToOneField(
        Student, on_delete=models.CASCADE, related_name="personal_detail"
    )

    class Meta(BasePersonalDetail.Meta):
        pass
