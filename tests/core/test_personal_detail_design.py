"""Both owners' PersonalDetail stacks are one design, so they cannot drift apart."""

from __future__ import annotations

import pytest

from accounts.api.personal_detail import UserPersonalDetailView
from accounts.models import PersonalDetail as UserDetail
from core.images import ReencodedImageField, SafeImageFormField
from core.personal_detail import api, models
from students.api.views import StudentViewSet
from students.models import PersonalDetail as StudentDetail


def shape(model) -> dict[str, str]:
    """Every field but the owner link: name -> field class and its options."""
    return {
        f.name: f"{f.deconstruct()[1]} {sorted(f.deconstruct()[3].items(), key=str)}"
        for f in model._meta.concrete_fields
        if f.name not in {"id", model.owner_field}
    }


def test_both_details_have_the_same_fields_but_their_owner():
    assert shape(StudentDetail) == shape(UserDetail)
    assert issubclass(StudentDetail, models.PersonalDetail)
    assert issubclass(UserDetail, models.PersonalDetail)


@pytest.mark.parametrize("detail_model", [StudentDetail, UserDetail])
def test_every_form_for_a_detail_gets_the_re_encoding_picture_field(detail_model):
    field = detail_model._meta.get_field("pic")

    assert isinstance(field, ReencodedImageField)
    assert isinstance(field.formfield(), SafeImageFormField)


@pytest.mark.parametrize("view", [StudentViewSet, UserPersonalDetailView])
def test_both_endpoints_use_the_one_view_mixin_and_serializer_bases(view):
    assert issubclass(view, api.PersonalDetailViewMixin)
    assert issubclass(view.detail_serializer_class, api.PersonalDetailSerializer)
    assert issubclass(view.detail_json_serializer_class, api.PersonalDetailJSONSerializer)
