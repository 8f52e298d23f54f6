"""The client's address, believed from X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

import ipaddress
from typing import Any

from rest_framework.settings import api_settings


def client_ip(request: Any) -> str | None:
    """The address of the client, as DRF's throttles see it; None when it is not an address.

    With TRUSTED_PROXY_COUNT = n > 0, the n-th address from the right of X-Forwarded-For is the
    client (each trusted proxy appends the address it received from). With 0 only REMOTE_ADDR
    counts, so a header a client sends itself is never believed.
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or ""
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    proxies = api_settings.NUM_PROXIES or 0
    address = remote
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
