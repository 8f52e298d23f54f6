"""Uploaded pictures: accepted only as JPEG, PNG or WebP, and always re-encoded by Pillow.

Re-encoding from decoded pixels is what makes an upload safe to serve: metadata (EXIF with GPS,
comments), anything appended after the image data (an HTML or script polyglot) and any odd chunk
the browser might sniff are all left behind. The stored name is the server's own.
"""

from __future__ import annotations

import io
import warnings
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework import serializers

# Pillow format name -> (extension, Content-Type). The allow-list: nothing else is stored.
ALLOWED_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "WEBP": (".webp", "image/webp"),
}
CONTENT_TYPES: dict[str, str] = {ext: ctype for ext, ctype in ALLOWED_FORMATS.values()}
CONTENT_TYPES[".jpeg"] = "image/jpeg"
# Formats Pillow reports for a file it opened as one of the above, and what they are stored as.
# A multi-picture JPEG (MPO, as many phones write) is a JPEG with more frames after the first;
# the first is the photograph, and it is all that is kept.
STORED_AS: dict[str, str] = {"MPO": "JPEG"}

NOT_AN_IMAGE = "Upload a JPEG, PNG or WebP image."
JPEG_QUALITY = 90


def max_upload_bytes() -> int:
    return int(settings.PICTURE_UPLOAD_MAX_BYTES)


def max_upload_pixels() -> int:
    return int(settings.PICTURE_UPLOAD_MAX_PIXELS)


def _open(data: IO[bytes]) -> Image.Image:
    data.seek(0)
    # Pillow's own bomb guard is a warning up to twice its limit; make it an error so a huge
    # image is refused before anything is decoded.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(data, formats=list(ALLOWED_FORMATS))


class ReencodedPicture(SimpleUploadedFile):
    """A picture that reencode_image() produced: the only kind of upload that is stored as is."""


def reencode_image(upload: Any) -> ReencodedPicture:
    """Check an uploaded file and return a fresh, metadata-free copy under a neutral name.

    Raises ValidationError for anything that is not a JPEG, PNG or WebP within the size and
    pixel caps. The format is read from the content; the client's name and Content-Type are
    ignored.
    """
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"The file is larger than {limit} bytes.", code="file_too_large")
    try:
        with _open(upload) as probe:
            image_format = STORED_AS.get(probe.format or "", probe.format)
            width, height = probe.size
            # The header alone gives the size: refuse a pixel flood before decoding it.
            if width * height > max_upload_pixels():
                raise ValidationError(
                    f"The image has more than {max_upload_pixels()} pixels.",
                    code="too_many_pixels",
                )
            probe.verify()
        with _open(upload) as image:
            image.load()
            clean = _normalised(ImageOps.exif_transpose(image) or image, str(image_format))
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        # Truncated or corrupt data surfaces from Pillow's decoders as these.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image")

    extension, content_type = ALLOWED_FORMATS[image_format]
    buffer = io.BytesIO()
    options: dict[str, Any] = {"quality": JPEG_QUALITY} if image_format == "JPEG" else {}
    clean.save(buffer, format=image_format, **options)
    # The upload_to function replaces the stem with a random one; only the extension counts.
    return ReencodedPicture(f"picture{extension}", buffer.getvalue(), content_type=content_type)


def _normalised(image: Image.Image, image_format: str) -> Image.Image:
    """A copy in a mode the format can store, carrying no metadata but palette transparency."""
    if image_format == "JPEG":
        wanted = image.mode if image.mode in {"RGB", "L"} else "RGB"
    elif image_format == "WEBP":
        has_alpha = image.has_transparency_data
        wanted = "RGBA" if has_alpha else "RGB"
    else:
        wanted = image.mode if image.mode in {"1", "L", "LA", "P", "RGB", "RGBA"} else "RGBA"
    clean = image.convert(wanted) if image.mode != wanted else image.copy()
    transparency = clean.info.get("transparency")
    # Savers copy icc_profile, exif, comments and text chunks from info; start from nothing.
    clean.info = {} if transparency is None else {"transparency": transparency}
    return clean


class SafeImageFormField(forms.ImageField):
    """A form field whose cleaned value is the re-encoded picture, for the admin and DRF alike."""

    def to_python(self, data: Any) -> ReencodedPicture | None:
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return reencode_image(upload)


class PictureField(serializers.ImageField):
    """The API's picture upload: the same checks and re-encoding as the admin's form field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("_DjangoImageField", SafeImageFormField)
        super().__init__(**kwargs)


class ReencodedImageField(models.ImageField):
    """A model's picture: every form gets SafeImageFormField, and no upload is stored unencoded.

    Forms and serializers re-encode while validating, so a bad file is a field error there.
    pre_save is the net under every other path (the shell, a hand-written form, a script): a
    file that did not come from reencode_image() is re-encoded before storage sees it.
    """

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]  # all passed through
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not isinstance(file.file, ReencodedPicture):
            setattr(model_instance, self.attname, reencode_image(file.file))
        return super().pre_save(model_instance, add)
