"""A JSON parser that answers 400 for bodies nested too deep, instead of a RecursionError's 500."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

TOO_DEEP = "JSON nested deeper than {limit} levels."


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True if containers nest more than `limit` deep; iterative, so no recursion to overflow."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit (settings.JSON_MAX_DEPTH, 100 by default).

    Python's decoder recurses once per level: about a thousand levels raise RecursionError,
    which DRF does not catch. That becomes a 400, and so does anything past the limit, so
    serializers and renderers never walk a deep body either.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.JSON_MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP.format(limit=limit)) from None
        if _depth_exceeds(data, limit):
            raise ParseError(TOO_DEEP.format(limit=limit))
        return data
