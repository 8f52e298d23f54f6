"""A real Chromium (Debian's, never a downloaded one) drives the admin and the API docs.

Run with `make browser`; skipped where /usr/bin/chromium is missing. Screenshots land in
artifacts/browser/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_admin_adds_a_student_and_sees_its_personal_detail_inline(
    live_server, browser, tmp_path
):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    picture = tmp_path / "portrait.png"
    picture.write_bytes(image_bytes("PNG", (64, 64)))
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=Site administration")
    shot(page, "01-admin-logged-in")

    page.goto(f"{live_server.url}/admin/students/student/add/")
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
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 64
    shot(page, "02-admin-student-with-personal-detail")

    student = Student.objects.get(name="Ravi")
    assert PersonalDetail.objects.get(student=student).address == "12 Park Street"


def test_the_swagger_ui_authorizes_with_a_token_and_calls_the_secure_endpoint(live_server, browser):
    token = account_services.auth_token_login(user=UserFactory(), name="swagger")
    # A fresh context: no session cookie, so only the token can make the call succeed.
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{live_server.url}/api/docs/")
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

    assert status.first.inner_text().strip() == "200"
    assert "Authorization: Token" in operation.locator(".curl-command").inner_text()
    assert "Secure Page" in operation.locator(".live-responses-table").inner_text()


def test_the_api_docs_render_with_no_internet(live_server, browser):
    context = browser.new_context()
    outside: list[tuple[str, str]] = []

    def offline(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append((route.request.resource_type, route.request.url))
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    page.goto(f"{live_server.url}/api/docs/")
    assert "Registrar API" in page.locator(".swagger-ui .info .title").inner_text()
    page.goto(f"{live_server.url}/api/redoc/")
    assert "Registrar API" in page.locator("h1").first.inner_text()
    page.locator("text=/api/secure/").first.wait_for()
    shot(page, "04-redoc-offline")

    # Scripts, styles and fonts all come from this server; the only outside address left is
    # the logo image hard-coded in Redoc's bundle, which the page's CSP forbids and Redoc hides.
    assert [url for kind, url in outside if kind != "image"] == []


def test_no_browser_was_downloaded():
    cache = Path.home() / ".cache" / "ms-playwright"
    assert not cache.exists() or not any(cache.glob("chromium*")), shutil.which("chromium")
