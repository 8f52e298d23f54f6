"""A real Chromium (Debian's, never a downloaded one) drives the admin and the API docs.

Run with `make browser`; skipped where /usr/bin/chromium is missing. Screenshots land in
artifacts/browser/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from accounts import services as account_services
from students.models import PersonalDetail, Student
from tests.factories import PASSWORD, UserFactory
from tests.images import image_bytes

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "browser"
TIMEOUT_MS = 20_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright.

    Tests make and check rows outside this block: while Playwright's event loop runs, the ORM
    would open a second, context-bound connection that outlives the test.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def shot(page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def test_an_admin_adds_a_student_and_sees_its_personal_detail_inline(live_server, tmp_path):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    picture = tmp_path / "portrait.png"
    picture.write_bytes(image_bytes("PNG", (64, 64)))

    with chromium() as browser:
        preview_width = _add_a_student_in_the_admin(browser, live_server.url, admin, picture)

    assert preview_width == 64
    student = Student.objects.get(name="Ravi")
    detail = PersonalDetail.objects.get(student=student)
    assert detail.address == "12 Park Street"
    assert detail.pic.name.startswith("pictures/students/")


def _add_a_student_in_the_admin(browser: Any, url: str, admin: Any, picture: Path) -> int:
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{url}/admin/login/?next=/admin/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=Site administration")
    shot(page, "01-admin-logged-in")

    page.goto(f"{url}/admin/students/student/add/")
    page.fill("#id_name", "Ravi")
    page.fill("#id_age", "23")
    page.fill("#id_mobileno", "89789791")
    page.fill("#id_personal_detail-0-address", "12 Park Street")
    page.set_input_files("#id_personal_detail-0-pic", str(picture))
    page.click("input[name=_continue]")
    page.wait_for_selector("ul.messagelist li.success")

    inline = page.locator("#personal_detail-group")
    assert "Personal detail" in inline.locator("h2").text_content()
    assert inline.locator("#id_personal_detail-0-address").input_value() == "12 Park Street"
    preview = inline.locator("img[alt='Picture of Ravi']")
    preview.wait_for()
    page.wait_for_function("img => img.complete", arg=preview.element_handle())
    shot(page, "02-admin-student-with-personal-detail")
    return preview.evaluate("img => img.naturalWidth")


def test_the_swagger_ui_authorizes_with_a_token_and_calls_the_secure_endpoint(live_server):
    token = account_services.auth_token_login(user=UserFactory(), name="swagger")

    with chromium() as browser:
        status, curl, body = _call_the_secure_endpoint_from_swagger(browser, live_server.url, token)

    assert status == "200"
    assert "Authorization: Token" in curl
    assert "Secure Page" in body


def _call_the_secure_endpoint_from_swagger(
    browser: Any, url: str, token: str
) -> tuple[str, str, str]:
    # A fresh context: no session cookie, so only the token can make the call succeed.
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.click(".swagger-ui button.authorize")
    # One box per scheme; the session cookie has its own, and only the token's is filled.
    scheme = page.locator(".auth-container", has_text="tokenAuth")
    scheme.locator("input").fill(f"Token {token}")
    scheme.locator("button.authorize").click()
    page.click(".dialog-ux button.close-modal")

    operation = page.locator(".opblock-get", has=page.locator("[data-path='/api/secure/']"))
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status")
    status.first.wait_for()
    shot(page, "03-docs-secure-endpoint-200")
    return (
        status.first.inner_text().strip().splitlines()[0],
        operation.locator(".curl-command").inner_text(),
        operation.locator(".live-responses-table").inner_text(),
    )


def test_the_api_docs_render_with_no_internet(live_server):
    with chromium() as browser:
        outside = _open_the_docs_offline(browser, live_server.url)

    # Scripts, styles and fonts all come from this server; the only outside address left is
    # the logo image hard-coded in Redoc's bundle, which the page's CSP forbids and Redoc hides.
    assert [url for kind, url in outside if kind != "image"] == []


def _open_the_docs_offline(browser: Any, url: str) -> list[tuple[str, str]]:
    context = browser.new_context()
    outside: list[tuple[str, str]] = []

    def offline(route):
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append((route.request.resource_type, route.request.url))
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{url}/api/docs/")
    assert "Registrar API" in page.locator(".swagger-ui .info .title").inner_text()
    page.goto(f"{url}/api/redoc/")
    assert "Registrar API" in page.locator("h1").first.inner_text()
    page.locator("text=/api/secure/").first.wait_for()
    shot(page, "04-redoc-offline", full_page=False)
    return outside


def test_no_browser_was_downloaded():
    cache = Path.home() / ".cache" / "ms-playwright"
    assert not cache.exists() or not any(cache.glob("chromium*")), shutil.which("chromium")
