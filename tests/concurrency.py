"""Many clients at once, over real HTTP, so each request has its own thread and connection."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any


def post_json_concurrently(url: str, payload: dict[str, Any], *, clients: int) -> list[int]:
    """POST the same JSON from `clients` threads released together; the status codes."""
    statuses: list[int] = []
    barrier = threading.Barrier(clients)

    def post() -> None:
        request = urllib.request.Request(
            url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=post) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
