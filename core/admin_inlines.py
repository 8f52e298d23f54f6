"""Admin inline support for one-to-one details that a receiver has already created."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.forms.models import BaseInlineFormSet


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
