"""A cookie-keeping HTTP client that fills in and submits HTML forms, as a browser would."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from tests.stack import Answer


class FormFields(HTMLParser):
    """The values a browser would submit from the page's form with the given action (or first)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class Browser:
    """Cookies are per host, not per port: one jar serves every instance on 127.0.0.1."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, url: str, data: list[tuple[str, str]] | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)
        try:
            with self.opener.open(req, timeout=30) as response:
                return Answer(
                    response.status,
                    {k.lower(): v for k, v in response.headers.items()},
                    response.read(),
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
            )

    def submit(self, url: str, changes: dict[str, str | None]) -> Answer:
        """GET the form at url, apply changes (None unticks or removes a field), POST it back."""
        page = self.open(url)
        assert page.status == 200, page.status
        fields = [(k, v) for k, v in form_fields(page.body.decode()) if k not in changes]
        fields += [(k, v) for k, v in changes.items() if v is not None]
        return self.open(url, fields)
