"""Content negotiation picks what DRF's own picks, remembering each Accept header's answer."""

from __future__ import annotations

import pytest
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.negotiation import RememberedContentNegotiation

ACCEPT_HEADERS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "text/html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/*",
    "text/*, application/json;q=0.1",
]


def choose(negotiation, accept: str | None, query: str = "") -> tuple[type, str]:
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    request = Request(APIRequestFactory().get("/api/secure/" + query, **headers))
    renderers = [JSONRenderer(), BrowsableAPIRenderer()]
    renderer, media_type = negotiation.select_renderer(request, renderers)
    assert renderer in renderers
    return type(renderer), media_type


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
def test_the_choice_is_drfs_the_first_time_and_every_time_after(accept):
    expected = choose(DefaultContentNegotiation(), accept)

    assert choose(RememberedContentNegotiation(), accept) == expected
    assert choose(RememberedContentNegotiation(), accept) == expected


def test_a_format_override_takes_drfs_path():
    assert choose(RememberedContentNegotiation(), "*/*", "?format=api")[0] is BrowsableAPIRenderer
    assert choose(RememberedContentNegotiation(), "*/*")[0] is JSONRenderer


def test_an_unacceptable_header_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(NotAcceptable):
            choose(RememberedContentNegotiation(), "image/png")


def test_the_memory_is_bounded():
    for i in range(RememberedContentNegotiation.max_remembered + 50):
        choose(RememberedContentNegotiation(), f"application/json; v={i}")

    assert len(RememberedContentNegotiation._choices) <= RememberedContentNegotiation.max_remembered


@pytest.mark.django_db
def test_an_unacceptable_header_gets_406_json_over_http(auth_client):
    response = auth_client.get("/api/secure/", HTTP_ACCEPT="image/png")

    assert response.status_code == 406
    assert response["Content-Type"].startswith("application/json")
