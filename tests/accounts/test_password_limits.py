"""Every password check shares one limit, over real HTTP: Basic, both login forms, the API.

Past the limit the answer is 429 with Retry-After (never 401 with Retry-After), on every path.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys

import pytest
import requests
from django.db import connection

from accounts.limiter import parse_rate
from tests.accounts.helpers import registrar, rest_framework
from tests.accounts.live import admin_login, api_login, basic_get, session_login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRONG = "not the password"


def limits(ip: str = "10/min", account: str = "10/min", device: str = "10/min"):
    """Login limits for these tests; the other scopes keep the suite's generous ones."""
    from django.conf import settings

    rates = dict(settings.REGISTRAR["RATE_LIMITS"])
    rates["login"] = {"ip": [ip], "account": [account], "device": [device]}
    return registrar(RATE_LIMITS=rates)


def from_address(address: str) -> dict[str, str]:
    """Headers of a client at `address`, believed because the tests trust one proxy."""
    return {"X-Forwarded-For": address}


@pytest.fixture(autouse=True)
def _close_connection():
    yield
    connection.close()


def test_fifty_wrong_basic_passwords_get_429_from_the_eleventh_on(live_server):
    user = UserFactory()

    with limits():
        statuses = [basic_get(live_server.url, user.username, WRONG) for _ in range(50)]
        right = basic_get(live_server.url, user.username, PASSWORD)

    assert [r.status_code for r in statuses] == [401] * 10 + [429] * 40
    assert all(int(r.headers["Retry-After"]) > 0 for r in statuses[10:])
    assert right.status_code == 429


@pytest.mark.parametrize("form_login", [session_login, admin_login], ids=["session", "admin"])
def test_fifty_wrong_form_logins_get_429_from_the_eleventh_on(live_server, form_login):
    user = UserFactory(is_staff=True)

    with limits():
        statuses = [
            form_login(live_server.url, user.username, WRONG).status_code for _ in range(50)
        ]
        right = form_login(live_server.url, user.username, PASSWORD)

    assert statuses == [200] * 10 + [429] * 40
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) > 0


def test_guessing_the_current_password_in_the_admin_is_limited(live_server):
    from django.conf import settings

    admin = UserFactory(is_staff=True)
    browser = requests.Session()
    assert admin_login(live_server.url, admin.username, PASSWORD, browser).status_code == 302
    url = f"{live_server.url}/admin/password_change/"
    rates = dict(settings.REGISTRAR["RATE_LIMITS"])
    rates["password_change"] = {"ip": ["1000/min"], "account": ["3/min"]}

    def guess(old: str) -> int:
        page = browser.get(url, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return browser.post(
            url,
            data={
                "csrfmiddlewaretoken": token,
                "old_password": old,
                "new_password1": "an entirely new passphrase 42",
                "new_password2": "an entirely new passphrase 42",
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        ).status_code

    with registrar(RATE_LIMITS=rates):
        statuses = [guess(WRONG) for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_form_login_with_the_right_password_logs_in(live_server):
    user = UserFactory(is_staff=True)

    assert session_login(live_server.url, user.username, PASSWORD).status_code == 302
    assert admin_login(live_server.url, user.username, PASSWORD).status_code == 302


def test_once_the_api_login_answers_429_no_other_path_accepts_the_password(live_server):
    user = UserFactory(is_staff=True)

    with limits(ip="1000/min"), rest_framework(NUM_PROXIES=1):
        for i in range(11):
            api_login(live_server.url, user.username, WRONG, **from_address(f"203.0.113.{i}"))
        elsewhere = from_address("198.51.100.9")
        answers = [
            api_login(live_server.url, user.username, PASSWORD, **elsewhere),
            basic_get(live_server.url, user.username, PASSWORD, **elsewhere),
            session_login(live_server.url, user.username, PASSWORD, **elsewhere),
            admin_login(live_server.url, user.username, PASSWORD, **elsewhere),
        ]

    assert [a.status_code for a in answers] == [429] * 4


@pytest.mark.parametrize("padded", [" {}", "{} ", "{}\t", "\t{}", "{}\n", "\n{}"])
def test_a_padded_username_never_logs_in(live_server, padded):
    user = UserFactory(is_staff=True)
    name = padded.format(user.username)

    api = api_login(live_server.url, name, PASSWORD)
    basic = basic_get(live_server.url, name, PASSWORD)
    session = session_login(live_server.url, name, PASSWORD)
    admin = admin_login(live_server.url, name, PASSWORD)

    assert api.status_code == 400 and "token" not in api.json()
    assert basic.status_code == 401
    assert session.status_code == 200  # the form again, not a redirect into the site
    assert admin.status_code == 200


def test_padded_usernames_share_the_real_accounts_allowance(live_server):
    user = UserFactory()
    paddings = [" {}", "{} ", "{}\t", "\t{}", "{}\n", "\n{}", " {} ", "{}  ", "\t{}\t", "{}\r\n"]

    with limits(ip="1000/min"):
        padded = [
            api_login(live_server.url, p.format(user.username), WRONG).status_code for p in paddings
        ]
        plain = api_login(live_server.url, user.username, PASSWORD)
        other_case = api_login(live_server.url, user.username.upper(), PASSWORD)

    assert padded == [400] * 10
    assert plain.status_code == 429
    assert other_case.status_code == 429


def test_the_owner_logs_in_after_an_attacker_used_up_the_accounts_allowance(live_server):
    user = UserFactory()
    owner = requests.Session()

    with limits(ip="1000/min"), rest_framework(NUM_PROXIES=1):
        home = from_address("198.51.100.7")
        # Earlier, the owner logged in from this browser: it holds the account's device cookie.
        assert (
            session_login(live_server.url, user.username, PASSWORD, owner, **home).status_code
            == 302
        )
        assert "registrar_device" in owner.cookies
        attacker = [
            api_login(live_server.url, user.username, WRONG, **from_address(f"203.0.113.{i}"))
            for i in range(20)
        ]
        new_client = api_login(live_server.url, user.username, PASSWORD, **home)
        owner_form = session_login(live_server.url, user.username, PASSWORD, owner, **home)
        owner_api = api_login(live_server.url, user.username, PASSWORD, owner, **home)

    assert [a.status_code for a in attacker] == [400] * 10 + [429] * 10
    assert new_client.status_code == 429
    assert owner_form.status_code == 302
    assert owner_api.status_code == 200 and owner_api.json()["token"]


def test_a_device_cookie_has_a_limit_of_its_own(live_server):
    user = UserFactory()
    device = requests.Session()
    assert api_login(live_server.url, user.username, PASSWORD, device).status_code == 200

    with limits(ip="1000/min", account="1000/min", device="3/min"):
        statuses = [
            api_login(live_server.url, user.username, WRONG, device).status_code for _ in range(4)
        ]

    assert statuses == [400, 400, 400, 429]


def test_a_device_cookie_of_another_account_buys_nothing(live_server):
    victim, attacker = UserFactory(), UserFactory()
    device = requests.Session()
    assert api_login(live_server.url, attacker.username, PASSWORD, device).status_code == 200

    with limits(ip="1000/min", account="3/min"):
        statuses = [
            api_login(live_server.url, victim.username, WRONG, device).status_code for _ in range(4)
        ]

    assert statuses == [400, 400, 400, 429]


def test_by_default_no_sliding_hour_allows_an_unknown_client_100_failures_per_account():
    env = {k: v for k, v in os.environ.items() if not k.startswith("THROTTLE_")}
    env["DJANGO_SECRET_KEY"] = "defaults-only"
    program = (
        "import json; from config.settings.base import REGISTRAR; "
        "print(json.dumps(REGISTRAR['RATE_LIMITS']['login']['account']))"
    )
    found = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    rates = json.loads(found.stdout)

    def worst_sliding_hour(rate: str) -> int:
        # Clock-aligned windows: a sliding hour overlaps at most ceil(3600/period) + 1 of them.
        limit, period = parse_rate(rate)
        return limit * (math.ceil(3600 / period) + 1)

    assert "10/min" in rates  # the burst limit
    assert min(worst_sliding_hour(rate) for rate in rates) <= 100
