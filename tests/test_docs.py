"""The OpenAPI schema and its two viewers, served from this server alone."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_lists_the_records_operations(client):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/students/{id}/personal-detail/" in schema["paths"]
    assert "/api/auth/me/personal-detail/" in schema["paths"]
    assert not [path for path in schema["paths"] if "docs" in path or "redoc" in path]
    params = {p["name"] for p in schema["paths"]["/api/students/"]["get"]["parameters"]}
    assert {"age_min", "age_max", "name", "search", "ordering", "page", "page_size"} <= params


def test_a_picture_is_multipart_only_in_the_schema(client):
    operation = client.get("/api/schema/?format=json").json()["paths"][
        "/api/students/{id}/personal-detail/"
    ]["patch"]
    content = operation["requestBody"]["content"]

    assert set(content) == {"application/json", "multipart/form-data"}
    json_schema = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "InputRequest" in json_schema


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_load_nothing_from_another_host(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)


def test_redoc_refuses_images_from_other_hosts(client):
    policy = client.get("/api/redoc/")["Content-Security-Policy"]

    assert "img-src 'self' data: blob:" in policy
    assert "script-src 'self'" in policy
