"""Picture uploads on both endpoints: only re-encoded JPEG, PNG or WebP, under generated names."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from accounts.models import PersonalDetail as UserPersonalDetail
from students.models import PersonalDetail as StudentPersonalDetail
from tests.factories import StudentFactory
from tests.images import (
    HTML,
    SVG,
    image_bytes,
    jpeg_with_exif,
    mpo_with_exif,
    multipart,
    noisy_png,
    png_claiming_size,
)

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"^pictures/(students|users)/[0-9a-f]{32}\.(png|jpg|webp)$")


@pytest.fixture(params=["student", "me"])
def endpoint(request, user):
    """The upload URL and a way to read back the stored detail, for each of the two endpoints."""
    if request.param == "student":
        student = StudentFactory(owner=user)
        return (
            f"/api/students/{student.pk}/personal-detail/",
            lambda: StudentPersonalDetail.objects.get(student=student),
        )
    return "/api/auth/me/personal-detail/", lambda: UserPersonalDetail.objects.get(user=user)


def upload(client, url, filename, content, content_type="image/png"):
    body, header = multipart("pic", filename, content, content_type)
    return client.generic("PATCH", url, body, content_type=header)


def stored_bytes(detail) -> bytes:
    return Path(settings.MEDIA_ROOT, detail.pic.name).read_bytes()


def assert_refused(response, read_detail):
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"pic"}
    assert not read_detail().pic


def test_an_svg_is_refused(auth_client, endpoint):
    url, read_detail = endpoint

    assert_refused(upload(auth_client, url, "x.svg", SVG, "image/svg+xml"), read_detail)


def test_an_html_file_renamed_png_is_refused(auth_client, endpoint):
    url, read_detail = endpoint

    assert_refused(upload(auth_client, url, "x.png", HTML, "image/png"), read_detail)


def test_a_gif_is_refused_though_pillow_reads_it(auth_client, endpoint):
    url, read_detail = endpoint

    assert_refused(upload(auth_client, url, "x.gif", image_bytes("GIF")), read_detail)


def test_a_png_with_html_appended_is_stored_re_encoded_without_it(auth_client, endpoint):
    url, read_detail = endpoint

    response = upload(auth_client, url, "x.png", image_bytes("PNG") + HTML)

    assert response.status_code == 200, response.content
    detail = read_detail()
    assert GENERATED.match(detail.pic.name)
    data = stored_bytes(detail)
    assert b"<script>" not in data and b"html" not in data
    assert data.endswith(b"IEND\xaeB`\x82")
    assert Image.open(io.BytesIO(data)).size == (4, 4)


def test_the_size_cap_defaults_to_five_megabytes():
    assert settings.PICTURE_UPLOAD_MAX_BYTES == 5 * 1024 * 1024


def test_an_image_over_the_size_cap_is_refused(auth_client, endpoint, settings):
    url, read_detail = endpoint
    content = noisy_png((64, 64))
    settings.PICTURE_UPLOAD_MAX_BYTES = len(content) - 1

    response = upload(auth_client, url, "x.png", content)

    assert_refused(response, read_detail)
    assert "larger than" in response.json()["pic"][0]


def test_an_image_over_the_pixel_cap_is_refused(auth_client, endpoint, settings):
    url, read_detail = endpoint
    settings.PICTURE_UPLOAD_MAX_PIXELS = 100

    response = upload(auth_client, url, "x.png", image_bytes("PNG", (11, 10)))

    assert_refused(response, read_detail)
    assert "pixels" in response.json()["pic"][0]


@pytest.mark.parametrize("side", [6_000, 100_000])
def test_a_pixel_flood_is_refused_before_it_is_decoded(auth_client, endpoint, side):
    url, read_detail = endpoint

    assert_refused(upload(auth_client, url, "x.png", png_claiming_size(side, side)), read_detail)


@pytest.mark.parametrize("filename", ["../../x.png", "..\\..\\x.png", "/etc/passwd.png"])
def test_a_client_file_name_or_path_is_never_used(auth_client, endpoint, filename):
    url, read_detail = endpoint

    response = upload(auth_client, url, filename, image_bytes("PNG"))

    assert response.status_code == 200, response.content
    detail = read_detail()
    assert GENERATED.match(detail.pic.name)
    assert Path(settings.MEDIA_ROOT, detail.pic.name).is_file()
    assert response.json()["pic"].endswith(detail.pic.name)


def test_the_stored_extension_follows_the_content_not_the_name(auth_client, endpoint):
    url, read_detail = endpoint

    response = upload(auth_client, url, "photo.png", image_bytes("JPEG"), "image/png")

    assert response.status_code == 200, response.content
    assert read_detail().pic.name.endswith(".jpg")


def test_metadata_is_stripped(auth_client, endpoint):
    url, read_detail = endpoint

    response = upload(auth_client, url, "me.jpg", jpeg_with_exif(), "image/jpeg")

    assert response.status_code == 200, response.content
    data = stored_bytes(read_detail())
    assert b"SecretCameraMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_webp_is_accepted(auth_client, endpoint):
    url, read_detail = endpoint

    response = upload(auth_client, url, "a.webp", image_bytes("WEBP"), "image/webp")

    assert response.status_code == 200, response.content
    assert read_detail().pic.name.endswith(".webp")


def test_a_picture_named_in_json_is_refused_not_ignored(auth_client, endpoint):
    url, read_detail = endpoint

    response = auth_client.patch(url, {"address": "here", "pic": "x.png"}, format="json")

    assert response.status_code == 400
    assert "multipart" in response.json()["pic"][0]
    assert read_detail().address == ""


@pytest.mark.parametrize("removal", [None, ""])
def test_pic_null_in_json_removes_the_picture_and_its_file_after_commit(
    auth_client, endpoint, removal, django_capture_on_commit_callbacks
):
    url, read_detail = endpoint
    upload(auth_client, url, "x.png", image_bytes("PNG"))
    stored = Path(settings.MEDIA_ROOT, read_detail().pic.name)
    assert stored.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.patch(url, {"pic": removal}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["pic"] is None
    assert not read_detail().pic
    assert not stored.exists()


def test_a_put_in_json_without_pic_keeps_the_picture(auth_client, endpoint):
    url, read_detail = endpoint
    upload(auth_client, url, "x.png", image_bytes("PNG"))

    response = auth_client.put(url, {"address": "here", "dob": None}, format="json")

    assert response.status_code == 200, response.content
    assert read_detail().pic


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_a_plain_jpeg(auth_client, endpoint):
    url, read_detail = endpoint

    response = upload(auth_client, url, "IMG_0001.JPG", mpo_with_exif(), "image/jpeg")

    assert response.status_code == 200, response.content
    detail = read_detail()
    assert detail.pic.name.endswith(".jpg")
    stored = Image.open(io.BytesIO(stored_bytes(detail)))
    assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)
    assert stored.getpixel((4, 4))[1] < 100  # the first (red) frame, not the second (green)
    assert b"SecretCameraMaker" not in stored_bytes(detail)


def test_a_stored_picture_is_served_with_its_content_type_and_nosniff(auth_client, endpoint):
    url, read_detail = endpoint
    upload(auth_client, url, "x.png", image_bytes("PNG") + HTML)

    response = auth_client.get(f"/media/{read_detail().pic.name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("owner", ["student", "user"])
def test_a_picture_saved_through_the_orm_is_re_encoded_too(owner, user):
    detail = (
        StudentFactory().personal_detail
        if owner == "student"
        else UserPersonalDetail.objects.get(user=user)
    )

    detail.pic = SimpleUploadedFile("../me.jpg", jpeg_with_exif() + HTML)
    detail.save()

    assert GENERATED.match(detail.pic.name)
    data = stored_bytes(detail)
    assert b"SecretCameraMaker" not in data and b"<script>" not in data


def test_a_non_image_saved_through_the_orm_is_refused_and_not_stored():
    detail = StudentFactory().personal_detail

    detail.pic = SimpleUploadedFile("x.png", HTML)
    with pytest.raises(ValidationError), transaction.atomic():
        detail.save()

    assert not StudentPersonalDetail.objects.get(pk=detail.pk).pic


def test_an_empty_pic_in_multipart_removes_the_picture_too(auth_client, endpoint):
    url, read_detail = endpoint
    upload(auth_client, url, "x.png", image_bytes("PNG"))

    response = auth_client.patch(url, {"pic": ""}, format="multipart")

    assert response.status_code == 200, response.content
    assert not read_detail().pic


def test_pic_null_nested_in_a_student_update_removes_the_picture(auth_client, user):
    student = StudentFactory(owner=user)
    url = f"/api/students/{student.pk}/"
    upload(auth_client, f"{url}personal-detail/", "x.png", image_bytes("PNG"))
    assert StudentPersonalDetail.objects.get(student=student).pic

    response = auth_client.patch(url, {"personal_detail": {"pic": None}}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["personal_detail"]["pic"] is None
    assert not StudentPersonalDetail.objects.get(student=student).pic
