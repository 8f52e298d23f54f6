"""The one admin inline for a PersonalDetail, whichever owner's admin page shows it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from core.personal_detail.models import PersonalDetail


class ProvisionedDetailFormSet(BaseInlineFormSet):
    """Fill in the detail row the post_save receiver made, instead of inserting a second one.

    On the admin's add page the parent is saved first, which fires the receiver; the inline's
    "new" form then describes that same row.
    """

    def save_new(self, form: Any, commit: bool = True) -> Model:
        obj = form.save(commit=False)
        setattr(obj, self.fk.name, self.instance)
        existing = type(obj)._default_manager.filter(**{self.fk.name: self.instance}).first()
        if existing is not None:
            obj.pk = existing.pk
            obj._state.adding = False
        if commit:
            obj.save()
        return obj


class PersonalDetailInline(admin.StackedInline):
    """Set `model` in a subclass. The picture's form field (SafeImageFormField) comes from the
    model field itself, so an upload here is checked and re-encoded as the API's are."""

    formset = ProvisionedDetailFormSet
    fields = ["address", "dob", "pic", "picture_preview"]
    readonly_fields = ["picture_preview"]
    can_delete = False
    max_num = 1
    min_num = 1
    extra = 0

    @admin.display(description="Preview")
    def picture_preview(self, obj: PersonalDetail | None) -> str:
        if not obj or not obj.pic:
            return "No picture"
        return format_html(
            '<img src="{}" alt="Picture of {}" style="max-height: 160px; max-width: 160px;">',
            obj.pic.url,
            obj.owner,
        )
