"""A real Chromium logs in to the admin as staff with two-factor: the code is asked for."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_admin_and_docs import CHROMIUM, TIMEOUT_MS, chromium, shot
from tests.factories import PASSWORD, UserFactory
from tests.mfa.helpers import enrol

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def test_the_admin_login_asks_staff_with_two_factor_for_their_code(live_server):
    staff = UserFactory(username="dean", is_staff=True, is_superuser=True)
    enrolled = enrol(staff)

    with chromium() as browser:
        refused, admitted = _log_in(browser, live_server.url, code=enrolled.totp.now)

    assert "enter the code from your app" in refused
    assert "Site administration" in admitted


def _log_in(browser: Any, url: str, code: Any) -> tuple[str, str]:
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/admin/login/?next=/admin/")
    page.fill("#id_username", "dean")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("p.errornote")
    refused = page.content()
    shot(page, "10-admin-login-asks-for-the-code")

    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp", code())
    page.click("input[type=submit]")
    page.wait_for_selector("text=Site administration")
    shot(page, "11-admin-logged-in-with-the-code")
    return refused, page.content()
