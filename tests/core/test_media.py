from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.images import HTML, image_bytes


@pytest.fixture
def media_file():
    made: list[Path] = []

    def put(name: str, content: bytes) -> str:
        path = Path(settings.MEDIA_ROOT, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        made.append(path)
        return name

    yield put
    for path in made:
        path.unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("a.png", "image/png"), ("a.jpg", "image/jpeg"), ("a.webp", "image/webp")],
)
def test_pictures_are_served_with_their_content_type_and_nosniff(
    client, media_file, name, content_type
):
    fmt = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[name.rsplit(".", 1)[1]]
    media_file(f"pictures/students/{name}", image_bytes(fmt))

    response = client.get(f"/media/pictures/students/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["page.html", "image.svg", "noext", "script.js"])
def test_files_that_are_not_stored_picture_types_are_never_served(client, media_file, name):
    media_file(f"pictures/students/{name}", HTML)

    response = client.get(f"/media/pictures/students/{name}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path", ["/media/../manage.png", "/media/%2e%2e/%2e%2e/etc/x.png", "/media/missing.png"]
)
def test_paths_outside_the_media_folder_or_missing_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_media_is_read_only(client, media_file):
    media_file("pictures/students/a.png", image_bytes())

    assert client.post("/media/pictures/students/a.png").status_code == 405
