"""django-csp's middleware, with the policy built once instead of on every response."""

from __future__ import annotations

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# What a view or decorator can set to change the policy of one response (csp.decorators).
_PER_RESPONSE = tuple(
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@cache
def _policies() -> tuple[str, str, bool]:
    """The enforced and report-only headers, and whether settings exclude some URLs."""
    excludes = any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )
    return build_policy(), build_policy(report_only=True), excludes


def forget_policies(*, setting: str, **kwargs: object) -> None:
    """setting_changed receiver (core/apps.py): a test's override_settings reaches the header."""
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _policies.cache_clear()


class PrebuiltCSPMiddleware(CSPMiddleware):
    """The same headers as django-csp's CSPMiddleware, from a policy built once per process.

    django-csp rebuilds the policy from settings on every response, twice (enforced and
    report-only): a fifth of the time of an API answer that needs no database (docs/auth.md).
    The policy only differs between responses when a nonce was drawn (the docs pages), a
    decorator changed it, or settings exclude some URLs; those go to django-csp unchanged.
    tests/core/test_csp.py holds the two to the same headers.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        enforced, report_only, excludes = _policies()
        if (
            excludes
            or settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
        ):
            return super().process_response(request, response)
        if enforced and HEADER not in response:
            response[HEADER] = enforced
        if report_only and HEADER_REPORT_ONLY not in response:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
