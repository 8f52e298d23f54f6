"""Password checks over real HTTP, as a browser or an API client makes them."""

from __future__ import annotations

import re

import requests

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30


def _form_login(
    session: requests.Session, url: str, username: str, password: str, **headers: str
) -> requests.Response:
    page = session.get(url, headers=headers, timeout=TIMEOUT)
    token = _CSRF.search(page.text)
    assert token, page.text[:500]
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        headers={"Referer": url, **headers},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def session_login(
    base: str, username: str, password: str, session: requests.Session | None = None, **headers: str
) -> requests.Response:
    """The browsable API's login form; 302 when logged in, 200 (the form again) when not."""
    session = session or requests.Session()
    return _form_login(session, f"{base}/api-auth/login/?next=/api/", username, password, **headers)


def admin_login(
    base: str, username: str, password: str, session: requests.Session | None = None, **headers: str
) -> requests.Response:
    """The admin's login form; 302 when logged in, 200 (the form again) when not."""
    session = session or requests.Session()
    return _form_login(session, f"{base}/admin/login/?next=/admin/", username, password, **headers)


def basic_get(base: str, username: str, password: str, **headers: str) -> requests.Response:
    return requests.get(
        f"{base}/api/auth/me/", auth=(username, password), headers=headers, timeout=TIMEOUT
    )


def api_login(
    base: str, username: str, password: str, session: requests.Session | None = None, **headers: str
) -> requests.Response:
    return (session or requests.Session()).post(
        f"{base}/api/auth/login/",
        json={"username": username, "password": password},
        headers=headers,
        timeout=TIMEOUT,
    )
