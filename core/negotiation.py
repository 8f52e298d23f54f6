"""DRF's content negotiation, remembered per Accept header."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class RememberedContentNegotiation(DefaultContentNegotiation):
    """Picks what DefaultContentNegotiation picks, parsing each distinct Accept header once.

    DRF parses the Accept header and every renderer's media type on every request: 15% of the
    ceiling page's time under cProfile (docs/benchmarks.md). Clients send a handful of
    distinct headers, so the choice is remembered per (Accept, renderer classes).
    The memory is bounded, so varied headers only cost the parse they would have cost anyway.
    A `?format=` or format suffix, and a header DRF refuses (406), take DRF's path unchanged.
    """

    max_remembered = 256
    _choices: OrderedDict[tuple[str, tuple[type, ...]], tuple[int, str]] = OrderedDict()
    _lock = Lock()

    def select_renderer(
        self,
        request: Request,
        renderers: list[BaseRenderer],  # type: ignore[override]  # DRF passes a list
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        if format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE):
            return super().select_renderer(request, renderers, format_suffix)
        key = (request.META.get("HTTP_ACCEPT", "*/*"), tuple(type(r) for r in renderers))
        choice = self._choices.get(key)
        if choice is None:
            renderer, media_type = super().select_renderer(request, renderers, format_suffix)
            choice = (renderers.index(renderer), media_type)
            self._remember(key, choice)
        index, media_type = choice
        return renderers[index], media_type

    @classmethod
    def _remember(cls, key: Any, choice: tuple[int, str]) -> None:
        with cls._lock:
            cls._choices[key] = choice
            while len(cls._choices) > cls.max_remembered:
                cls._choices.popitem(last=False)
