"""nginx holds password-bearing requests to 10 a second per address, so a flood waits in nginx
instead of taking the instances' CPU; token requests pass untouched
(deploy/nginx/password_checks.conf).

Each flood comes from an address of its own on the loopback (127.0.0.2, 127.0.0.3), so neither
nginx's allowance nor the app's per-address login counters of 127.0.0.1, which the rest of the
suite uses, are spent here.
"""

from __future__ import annotations

import base64
import http.client
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.stack import Answer, register, request

pytestmark = pytest.mark.cluster

PASSWORD = "edge horse battery staple"
EDGE_REFUSAL = "Too many password attempts from this address; retry later."
BURST = 20  # limit_req ... burst=20 in the server blocks


def request_from(
    address: str, method: str, url: str, *, headers: dict[str, str], json_body: Any = None
) -> Answer:
    """One request whose connection starts from `address`: nginx sees it as that client."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(address, 0)
    )
    body = None if json_body is None else json.dumps(json_body)
    if body is not None:
        headers = headers | {"Content-Type": "application/json"}
    try:
        connection.request(method, parts.path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


def basic(username: str, password: str) -> dict[str, str]:
    credential = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {credential}"}


def refused_at_the_edge(answer: Answer) -> bool:
    return answer.status == 429 and answer.is_json() and answer.json()["detail"] == EDGE_REFUSAL


def wait_until_the_edge_lets_basic_through(address: str, url: str) -> None:
    # The address's allowance refills at 10 a second; a later run of the test needs it whole.
    deadline = time.monotonic() + 10
    while refused_at_the_edge(request_from(address, "GET", url, headers=basic("x", "y"))):
        assert time.monotonic() < deadline, "the edge limit never let a request through again"
        time.sleep(0.5)


def test_a_basic_flood_through_nginx_is_refused_at_the_edge_past_its_burst(cluster):
    username = f"flooded-{uuid.uuid4().hex[:8]}"
    token = register(cluster.instances[0], username, PASSWORD)
    url = f"{cluster.url}/api/secure/"
    wrong = basic(username, "not the password")

    with ThreadPoolExecutor(max_workers=60) as pool:
        answers = list(
            pool.map(lambda _: request_from("127.0.0.2", "GET", url, headers=wrong), range(60))
        )
    wait_until_the_edge_lets_basic_through("127.0.0.2", url)

    at_the_edge = [a for a in answers if refused_at_the_edge(a)]
    reached_the_app = [a for a in answers if not refused_at_the_edge(a)]
    # One at once, BURST more queued in nginx, a few more as the allowance refills meanwhile.
    assert len(at_the_edge) >= 60 - BURST - 15, [a.status for a in answers]
    assert len(reached_the_app) >= BURST
    assert {a.status for a in reached_the_app} <= {401, 429}
    assert {a.headers.get("retry-after") for a in at_the_edge} == {"1"}
    assert {a.headers.get("cache-control") for a in at_the_edge} == {"no-store"}
    # Another address was never held: the token's owner, from 127.0.0.1.
    assert request("GET", url, headers={"Authorization": f"Token {token}"}).status == 200


def test_token_requests_are_never_held_at_the_edge(cluster):
    token = register(cluster.instances[0], f"edge-token-{uuid.uuid4().hex[:8]}", PASSWORD)
    url = f"{cluster.url}/api/secure/"
    headers = {"Authorization": f"Token {token}"}

    with ThreadPoolExecutor(max_workers=60) as pool:
        statuses = list(pool.map(lambda _: request("GET", url, headers=headers).status, range(60)))

    assert statuses == [200] * 60


def test_a_login_flood_through_nginx_is_refused_at_the_edge_and_a_get_of_the_form_is_not(
    cluster,
):
    url = f"{cluster.url}/api/auth/login/"
    body = {"username": f"nobody-{uuid.uuid4().hex[:8]}", "password": "wrong"}

    def post(_: int) -> Answer:
        return request_from("127.0.0.3", "POST", url, headers={}, json_body=body)

    def get(_: int) -> Answer:
        return request_from("127.0.0.3", "GET", url, headers={})

    with ThreadPoolExecutor(max_workers=60) as pool:
        posts = list(pool.map(post, range(60)))
        gets = list(pool.map(get, range(30)))
    wait_until_the_edge_lets_basic_through("127.0.0.3", f"{cluster.url}/api/secure/")

    assert len([a for a in posts if refused_at_the_edge(a)]) >= 60 - BURST - 15
    assert not [a for a in gets if refused_at_the_edge(a)]
