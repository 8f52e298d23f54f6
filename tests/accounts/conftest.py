from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Throttle counters and cached credentials live in the cache; each test starts afresh.
    cache.clear()
    yield
    cache.clear()
