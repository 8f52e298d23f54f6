from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _forget_throttle_counters():
    cache.clear()
    yield
    cache.clear()
