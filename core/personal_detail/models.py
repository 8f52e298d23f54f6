"""The abstract PersonalDetail: each owner's concrete model adds only its one-to-one link."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from audit.querysets import AuditedQuerySet
from core.files import personal_detail_picture_path
from core.images import ReencodedImageField
from core.tracking import TracksLoadedValues


class PersonalDetail(TracksLoadedValues, models.Model):
    """Exactly one per owner. A subclass adds the owner's OneToOneField and names it."""

    # The name of the subclass's OneToOneField to its owner, and the folder its pictures go to.
    owner_field: ClassVar[str]
    picture_folder: ClassVar[str]

    address = models.CharField(max_length=255, blank=True, default="")
    dob = models.DateField("date of birth", null=True, blank=True)
    pic = ReencodedImageField(upload_to=personal_detail_picture_path, blank=True)

    # Bulk writes send no signals; this queryset audits each one (audit/querysets.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True
        verbose_name = "personal detail"

    def __str__(self) -> str:
        return f"Personal detail of {self.owner}"

    @property
    def owner(self) -> Any:
        return getattr(self, self.owner_field)
