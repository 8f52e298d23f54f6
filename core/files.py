"""Where uploaded files go. Names are the server's: nothing from the client's file name is kept."""

from __future__ import annotations

import os
import uuid
from typing import Any


def _generated_name(folder: str, filename: str) -> str:
    # Only the extension survives, lower-cased, and only when it is a known image type;
    # the upload validation re-encodes the file and fixes the extension to match.
    ext = os.path.splitext(filename)[1].lower()
    if ext not in {".jpg", ".jpeg", ".png", ".webp"}:
        ext = ""
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def student_picture_path(instance: Any, filename: str) -> str:
    return _generated_name("pictures/students", filename)


def user_picture_path(instance: Any, filename: str) -> str:
    return _generated_name("pictures/users", filename)
