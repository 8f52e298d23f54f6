"""The production entrypoint, as `make serve` runs it, with only the four required variables:
a real Chromium sees a styled admin and a rendered /api/docs/. Screenshots: artifacts/browser/.

Port: SERVE_TEST_PORT (8490). The database is a SQLite file of the test's own; Redis is
TEST_REDIS_URL (the suite's).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

from tests.browser.test_admin_and_docs import TIMEOUT_MS, chromium, shot
from tests.stack import App, manage, port, serve_path

pytestmark = pytest.mark.browser

PASSWORD = "served admin horse battery"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[App]:
    directory = tmp_path_factory.mktemp("served")
    keep = {key: os.environ[key] for key in ("HOME", "LANG") if key in os.environ}
    # Only the four variables the README requires; everything else is a default.
    env = keep | {
        "PATH": serve_path(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{directory / 'served.sqlite3'}",
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1"),
    }
    app = App(port=port("SERVE_TEST_PORT", 8490), env=env, log=directory / "serve.log")
    app.start()
    try:
        manage(
            env | {"DJANGO_SETTINGS_MODULE": "config.settings.production",
                   "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org",
        )  # fmt: skip
        yield app
    finally:
        app.stop()


def test_make_serves_entrypoint_serves_a_styled_admin_and_rendered_api_docs(served):
    with chromium() as browser:
        page = browser.new_context().new_page()
        page.set_default_timeout(TIMEOUT_MS)

        page.goto(f"{served.url}/")
        page.click("text=Admin")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("text=Site administration")
        # Styled: the admin's hashed stylesheet (WhiteNoise, manifest storage) has applied.
        header = page.eval_on_selector("#header", "e => getComputedStyle(e).backgroundColor")
        sheets = page.evaluate("[...document.styleSheets].map(s => s.href || '')")
        shot(page, "05-served-admin-styled")

        page.goto(f"{served.url}/api/docs/")
        title = page.locator(".swagger-ui .info .title").inner_text()
        shot(page, "06-served-api-docs")

    assert header not in {"rgba(0, 0, 0, 0)", "transparent"}
    assert any("/static/admin/css/base." in href for href in sheets), sheets
    assert "Registrar API" in title
