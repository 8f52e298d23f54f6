from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from audit.querysets import AuditedQuerySet
from core.atomic import SavesAtomically
from core.files import student_picture_path
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class PersonalDetail(TracksLoadedValues, models.Model):
    """A student's personal details: exactly one per student."""

    student = models.OneToOneField(
        Student, on_delete=models.CASCADE, related_name="personal_detail"
    )
    address = models.CharField(max_length=255, blank=True, default="")
    dob = models.DateField("date of birth", null=True, blank=True)
    pic = models.ImageField(upload_to=student_picture_path, blank=True)

    # Bulk writes send no signals; this queryset audits each one (audit/querysets.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "personal detail"

    def __str__(self) -> str:
        return f"Personal detail of {self.student}"
