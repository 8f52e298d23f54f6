"""The picture's file lifecycle: removed from storage after commit, never on rollback."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image

from accounts.models import PersonalDetail as UserDetail
from students import services
from students.models import PersonalDetail
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def png(name: str = "pic.png") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def detail_with_picture() -> PersonalDetail:
    detail = StudentFactory().personal_detail
    detail.pic = png()
    detail.save()
    assert default_storage.exists(detail.pic.name)
    return detail


def test_a_replaced_picture_is_removed_after_commit(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    old = detail.pic.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.personal_detail_update(detail=detail, pic=png("new.png"))

    assert len(callbacks) == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(detail.pic.name)


def test_a_replaced_picture_stays_until_the_commit(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    old = detail.pic.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.personal_detail_update(detail=detail, pic=png("new.png"))
        assert default_storage.exists(old)

    assert len(callbacks) == 1


def test_a_rolled_back_replacement_keeps_the_old_file(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    old = detail.pic.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.personal_detail_update(detail=detail, pic=png("new.png"))
        raise RuntimeError("the request failed after the save")

    assert callbacks == []
    assert default_storage.exists(old)
    assert PersonalDetail.objects.get(pk=detail.pk).pic.name == old


def test_deleting_a_student_removes_its_picture_after_commit(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    name = detail.pic.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.student_delete(student=detail.student)

    assert len(callbacks) == 1
    assert not default_storage.exists(name)


def test_a_rolled_back_delete_keeps_the_picture(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    name = detail.pic.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.student_delete(student=detail.student)
        raise RuntimeError("rolled back")

    assert callbacks == []
    assert default_storage.exists(name)


def test_a_file_another_row_still_names_is_kept(django_capture_on_commit_callbacks):
    detail = detail_with_picture()
    other = StudentFactory().personal_detail
    PersonalDetail.objects.filter(pk=other.pk).update(pic=detail.pic.name)

    with django_capture_on_commit_callbacks(execute=True):
        detail.student.delete()

    assert default_storage.exists(detail.pic.name)


def test_saving_without_touching_the_picture_keeps_it(django_capture_on_commit_callbacks):
    detail = detail_with_picture()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.personal_detail_update(detail=detail, address="moved")

    assert callbacks == []
    assert default_storage.exists(detail.pic.name)


def test_a_users_replaced_picture_is_removed_after_commit(django_capture_on_commit_callbacks):
    detail = UserDetail.objects.get(user=UserFactory())
    detail.pic = png()
    detail.save()
    old = detail.pic.name

    with django_capture_on_commit_callbacks(execute=True):
        detail.pic = png("new.png")
        detail.save()

    assert not default_storage.exists(old)
