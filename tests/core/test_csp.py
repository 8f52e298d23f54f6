"""The prebuilt Content-Security-Policy is the one django-csp would send, answer by answer."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from core.csp import PrebuiltCSPMiddleware


def both_answers(view, *, path="/anything/"):
    """What django-csp's middleware and ours send for the same request, as header pairs."""
    answers = []
    for middleware in (CSPMiddleware(view), PrebuiltCSPMiddleware(view)):
        request = RequestFactory().get(path)
        response = middleware(request)
        answers.append((response.get(HEADER), response.get(HEADER_REPORT_ONLY)))
    return answers


def test_a_plain_answer_gets_the_header_django_csp_would_send():
    ours, theirs = both_answers(lambda request: HttpResponse("ok"))

    assert ours == theirs
    assert "script-src 'self'" in ours[0]


def test_an_answer_that_drew_a_nonce_carries_that_nonce():
    def view(request):
        return HttpResponse(str(request.csp_nonce))

    request = RequestFactory().get("/")
    response = PrebuiltCSPMiddleware(view)(request)

    assert f"'nonce-{response.content.decode()}'" in response[HEADER]


def test_a_decorated_view_keeps_its_own_change_to_the_policy():
    view = csp_update({"img-src": "images.example.org"})(lambda request: HttpResponse("ok"))

    ours, theirs = both_answers(view)

    assert ours == theirs
    assert "images.example.org" in ours[0]


@pytest.mark.parametrize("report_only", [False, True])
def test_changed_settings_reach_the_header(settings, report_only):
    name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    setattr(settings, name, {"DIRECTIVES": {"default-src": ["'none'"]}})

    ours, theirs = both_answers(lambda request: HttpResponse("ok"))

    assert ours == theirs
    assert ours[1 if report_only else 0] == "default-src 'none'"


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request = RequestFactory().get("/")
    PrebuiltCSPMiddleware(lambda request: HttpResponse("ok"))(request)

    with pytest.raises(Exception, match="after the CSP header has been written"):
        str(request.csp_nonce)
