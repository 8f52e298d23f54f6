"""The OpenAPI schema's conventions, applied to every operation from one place.

Each operation gets a tag (from the URL, else from the app that owns the view), a summary (from
`extend_schema`, else the first line of the method's or the view's docstring), and the error
answers it can give, each with the body the API really sends (core/exceptions.py):

- 400 `{"field": ["message"]}` on writes that carry a body and on lists that validate filters;
- 401 `{"detail": "..."}` where authentication is required;
- 403 `{"detail": "..."}` where a permission can deny (an API key's scope, staff only, CSRF);
- 404 `{"detail": "..."}` on routes that name one object, and on pages past the end;
- 429 `{"detail": "..."}` with `Retry-After` where a throttle applies, or the handler carries the
  mark of accounts.limiter's decorators (`limits_attempts`), or the view checks passwords;
- 503 `{"detail": "..."}` with `Retry-After` where the view checks passwords
  (`checks_passwords = True`): the hashing cap (accounts/hashing.py) may be full.

An endpoint added later gets all of this without a line of its own. A view's `extend_schema`
names an answer only to say something this cannot know ("Registration is closed"); its
description then wins, and the body is still the one the exception handler sends.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.utils.encoding import force_str
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

# The tags a client sees, in the order Swagger UI lists them.
TAGS = [
    {"name": "auth", "description": "Accounts, tokens, API keys and who the caller is."},
    {"name": "students", "description": "Student records and their personal details."},
    {"name": "audit", "description": "The audit trail: staff only, read only."},
    {"name": "health", "description": "Load-balancer probes; no authentication."},
    {"name": "seed", "description": "The seed's original /demotoken/ URLs, kept as they were."},
]
ALLOWED_TAGS = frozenset(tag["name"] for tag in TAGS)

# A URL prefix settles the tag first: the seed's URLs reuse the auth views.
TAG_BY_PATH_PREFIX = [
    ("/demotoken/", "seed"),
    ("/api/secure/", "auth"),
    ("/api/auth/", "auth"),
    ("/api/students/", "students"),
    ("/api/audit/", "audit"),
]
# Otherwise the app that owns the view does, so a new route needs no entry here.
TAG_BY_APP = {"accounts": "auth", "students": "students", "audit": "audit", "core": "health"}

_VERB_BY_ACTION = {
    "list": "List {plural}",
    "create": "Create a {name}",
    "retrieve": "Read a {name}",
    "update": "Replace a {name}",
    "partial_update": "Change part of a {name}",
    "destroy": "Delete a {name}",
}
_VERB_BY_METHOD = {
    "GET": "Read",
    "POST": "Submit",
    "PUT": "Replace",
    "PATCH": "Change",
    "DELETE": "Delete",
}

DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A serializer's errors: a list of messages per field (nested serializers nest the same shape),
# `non_field_errors` for the whole object, or `detail` when the request could not be parsed.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
    "example": {"field": ["This field is required."]},
}
_ERROR_DESCRIPTIONS = {
    "400": "Bad input: the fields at fault, each with its messages",
    "401": "No valid credentials",
    "403": "Authenticated, but not allowed to do this",
    "404": "No such object, or not one the caller may see",
    "429": "Too many requests; retry after Retry-After seconds",
    "503": "Too many password checks at once; retry after Retry-After seconds",
}
_ERROR_HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "The scheme to authenticate with",
        }
    },
}
_ERROR_HEADERS["429"] = _ERROR_HEADERS["503"] = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds until the next request is accepted",
    }
}
_WRITES = {"POST", "PUT", "PATCH"}
_FILTER_BOUNDS = {"minimum": "min_value", "maximum": "max_value", "maxLength": "max_length"}


def _first_line(doc: str | None) -> str:
    """The docstring's first sentence, up to any colon, semicolon or parenthesis."""
    text = inspect.cleandoc(doc or "").split("\n\n")[0].replace("\n", " ")
    for stop in (": ", "; ", " ("):
        text = text.split(stop)[0]
    return text.strip().rstrip(".")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with the project's tags, summaries and error answers."""

    def get_tags(self) -> list[str]:
        for prefix, tag in TAG_BY_PATH_PREFIX:
            if self.path.startswith(prefix):
                return [tag]
        app = type(self.view).__module__.split(".")[0]
        return [TAG_BY_APP.get(app, app)]

    def get_summary(self) -> str | None:
        action = getattr(self.view, "action", None) or self.method.lower()
        handler = getattr(self.view, action, None)
        # A docstring written on the handler itself, not one inherited from DRF's mixins.
        module = getattr(handler, "__module__", None) or "rest_framework"
        own = not module.startswith(("rest_framework", "drf_spectacular", "django"))
        if own and _first_line(handler.__doc__):
            return _first_line(handler.__doc__)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None and getattr(self.view, "action", None):
            try:
                # A viewset is a GenericAPIView, which the stubs of APIView do not know.
                model = self.view.get_queryset().model  # type: ignore[attr-defined]
            except Exception:  # a queryset that needs a real request
                model = None
        if model is not None and action in _VERB_BY_ACTION:
            name = force_str(model._meta.verbose_name)
            return (
                _VERB_BY_ACTION[action]
                .format(name=name, plural=force_str(model._meta.verbose_name_plural))
                .replace(" a ", " an " if name[:1] in "aeiou" else " a ")
            )
        if model is not None and getattr(self.view, "detail", None) is not None:
            # A custom @action: "Change a student's personal detail".
            thing = action.replace("_", " ")
            owner = force_str(model._meta.verbose_name)
            return f"{_VERB_BY_METHOD[self.method]} a {owner}'s {thing}"
        view_line = _first_line(type(self.view).__doc__)
        methods = [m for m in self.view.allowed_methods if m in _VERB_BY_METHOD]
        if len(methods) > 1:
            return f"{_VERB_BY_METHOD[self.method]}: {view_line[:1].lower()}{view_line[1:]}"
        return view_line or None

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        # django-filter's bounds (min_value=...) reach the validation but not the schema.
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is None:
            return parameters
        for parameter in parameters:
            field = filterset.base_filters.get(parameter["name"])
            if parameter.get("in") != "query" or field is None:
                continue
            for keyword, argument in _FILTER_BOUNDS.items():
                if field.extra.get(argument) is not None:
                    parameter["schema"] = {**parameter["schema"], keyword: field.extra[argument]}
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = {"description": self._error_description(code)}
            # The body is the one the exception handler sends, whatever a view declared.
            responses[code]["content"] = {"application/json": {"schema": self._error_schema(code)}}
            if code in _ERROR_HEADERS:
                responses[code].setdefault("headers", {}).update(_ERROR_HEADERS[code])
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        codes = [code for code in _ERROR_DESCRIPTIONS if code in self._documented_codes()]
        permissions = [p for p in self.view.get_permissions() if not isinstance(p, AllowAny)]
        if self.method in _WRITES and self._get_request_body():
            codes.append("400")
        if self.method == "GET" and self._validates_query():
            codes.append("400")
        if permissions:
            codes += ["401", "403"]
        if self._is_detail_route() or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        checks_passwords = getattr(self.view, "checks_passwords", False)
        handler = getattr(self.view, getattr(self.view, "action", None) or self.method.lower())
        if self.view.get_throttles() or getattr(handler, "limits_attempts", False):
            codes.append("429")
        if checks_passwords:
            codes += ["429", "503"]
        return sorted(set(codes))

    def _error_description(self, code: str) -> str:
        # A 403 adds what the view's own permissions refuse, in their own words; a permission
        # that never refuses a read says so with `refuses_reads = False`.
        reads = self.method in {"GET", "HEAD", "OPTIONS"}
        messages = [
            str(message)
            for permission in self.view.get_permissions()
            if code == "403"
            and (message := getattr(permission, "message", None))
            and not (reads and getattr(permission, "refuses_reads", True) is False)
        ]
        generic = _ERROR_DESCRIPTIONS[code]
        return f"{generic}: {' '.join(messages)}" if messages else generic

    def _documented_codes(self) -> set[str]:
        overrides = self.get_response_serializers()
        return {str(code) for code in overrides} if isinstance(overrides, dict) else set()

    def _is_detail_route(self) -> bool:
        return "{" in self.path

    def _validates_query(self) -> bool:
        """A list whose filters are validated answers 400 to a bad value."""
        return any(
            parameter.get("in") == "query" and parameter["name"] not in {"page", "ordering"}
            for parameter in self._get_parameters()
        )

    def _error_schema(self, code: str) -> dict[str, Any]:
        name, schema = (
            ("ValidationError", VALIDATION_ERROR_SCHEMA)
            if code == "400"
            else ("ErrorDetail", DETAIL_SCHEMA)
        )
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref


def postprocess_schema(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the tags' descriptions, and the probes, which are plain Django
    views that no generator sees."""
    result["tags"] = TAGS
    status_schema = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "checks": {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": ["ok", "failed"]},
            },
        },
        "required": ["status"],
    }

    def probe(operation_id: str, summary: str, codes: dict[str, str]) -> dict[str, Any]:
        return {
            "get": {
                "operationId": operation_id,
                "summary": summary,
                "tags": ["health"],
                "security": [],
                "responses": {
                    code: {
                        "description": description,
                        "content": {"application/json": {"schema": status_schema}},
                    }
                    for code, description in codes.items()
                },
            }
        }

    result.setdefault("paths", {}).update(
        {
            "/healthz": probe("healthz", "Liveness: the process answers", {"200": "Alive"}),
            "/readyz": probe(
                "readyz",
                "Readiness: the database and the cache answer",
                {"200": "Ready", "503": "The database or the cache does not answer"},
            ),
        }
    )
    return result
