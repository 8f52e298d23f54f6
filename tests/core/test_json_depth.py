"""JSON nested too deep is a 400 on every endpoint, never a RecursionError's 500."""

from __future__ import annotations

import pytest
import requests
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import parsers

from accounts import services
from core.parsers import JSONParser
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_object(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


@pytest.fixture
def token():
    return services.auth_token_login(user=UserFactory(), name="tests")


@pytest.mark.parametrize(
    ("method", "path", "authenticated"),
    [
        ("post", "/api/auth/login/", False),
        ("post", "/api/auth/register/", False),
        ("post", "/demotoken/login/", False),
        ("patch", "/api/auth/me/", True),
        ("post", "/api/students/", True),
        ("post", "/api/auth/logout-all/", True),
        ("post", "/api/auth/password/", True),
    ],
)
@pytest.mark.parametrize("body", [nested(1000), nested_object(1000), nested(101)])
def test_json_nested_too_deep_gets_400(live_server, token, method, path, authenticated, body):
    headers = {"Content-Type": "application/json"}
    if authenticated:
        headers["Authorization"] = f"Token {token}"

    answer = requests.request(
        method, live_server.url + path, data=body, headers=headers, timeout=30
    )

    assert answer.status_code == 400, answer.text[:300]
    assert "nested deeper than 100" in answer.json()["detail"]


def test_json_at_the_limit_is_parsed(live_server):
    body = '{"username": "x", "password": "y", "name": "z", "extra": ' + nested(99) + "}"

    answer = requests.post(
        f"{live_server.url}/api/auth/login/",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )

    assert answer.status_code == 400
    assert "nested" not in answer.text  # refused for its credentials, not for its depth


def _views(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_no_view_parses_json_without_the_depth_limit():
    unguarded = []
    for callback in _views(get_resolver()):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        # A viewset's @action(parser_classes=...) arrives as an initkwarg of its route.
        initkwargs = getattr(callback, "initkwargs", {})
        for parser in initkwargs.get("parser_classes") or getattr(view, "parser_classes", []):
            if issubclass(parser, parsers.JSONParser) and not issubclass(parser, JSONParser):
                unguarded.append(view)

    assert unguarded == []
