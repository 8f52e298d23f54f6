"""The one admin inline, on both owners' admin pages: uploads are checked and re-encoded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import PersonalDetail as UserDetail
from core.personal_detail.admin import PersonalDetailInline
from students.models import PersonalDetail as StudentDetail
from tests.images import SVG, jpeg_with_exif
from tests.invariants import assert_invariants_hold

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
POLYGLOT = jpeg_with_exif() + b"<script>alert(document.cookie)</script>"

OWNERS = {
    "student": (
        "/admin/students/student/add/",
        {"name": "ravi", "age": "23", "mobileno": "89789791"},
        lambda: StudentDetail.objects.get(student__name="ravi"),
    ),
    "user": (
        "/admin/accounts/user/add/",
        {
            "username": "ravi",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "auth_tokens-TOTAL_FORMS": "0",
            "auth_tokens-INITIAL_FORMS": "0",
        },
        lambda: UserDetail.objects.get(user__username="ravi"),
    ),
}


def add_with_picture(admin_client, owner: str, upload: SimpleUploadedFile):
    url, fields, read_detail = OWNERS[owner]
    response = admin_client.post(
        url,
        {
            **fields,
            "personal_detail-TOTAL_FORMS": "1",
            "personal_detail-INITIAL_FORMS": "0",
            "personal_detail-MIN_NUM_FORMS": "1",
            "personal_detail-MAX_NUM_FORMS": "1",
            "personal_detail-0-address": "xyz",
            "personal_detail-0-dob": "",
            "personal_detail-0-pic": upload,
        },
    )
    return response, read_detail


@pytest.mark.parametrize("owner", OWNERS)
def test_an_admin_upload_is_re_encoded_without_exif_or_an_appended_script(admin_client, owner):
    response, read_detail = add_with_picture(
        admin_client, owner, SimpleUploadedFile("me.jpg", POLYGLOT, content_type="image/jpeg")
    )

    assert response.status_code == 302, response.content
    detail = read_detail()
    assert detail.address == "xyz"
    assert detail.pic.name.startswith(f"pictures/{owner}s/") and detail.pic.name.endswith(".jpg")
    stored = Path(settings.MEDIA_ROOT, detail.pic.name).read_bytes()
    assert stored != POLYGLOT
    assert b"<script>" not in stored and b"SecretCameraMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert_invariants_hold()


@pytest.mark.parametrize("owner", OWNERS)
def test_an_admin_upload_of_an_svg_is_refused_on_both_pages(admin_client, owner):
    response, _ = add_with_picture(
        admin_client, owner, SimpleUploadedFile("x.svg", SVG, content_type="image/svg+xml")
    )

    assert response.status_code == 200
    assert "Upload a JPEG, PNG or WebP image." in response.content.decode()


@pytest.mark.parametrize("detail_model", [StudentDetail, UserDetail])
def test_both_admin_pages_use_the_one_inline(detail_model):
    owner_model = detail_model._meta.get_field(detail_model.owner_field).related_model
    inlines = admin.site._registry[owner_model].inlines

    assert [i for i in inlines if i.model is detail_model]
    assert all(issubclass(i, PersonalDetailInline) for i in inlines if i.model is detail_model)
