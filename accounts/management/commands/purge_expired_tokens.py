"""Delete expired tokens. Authentication only rejects them; this removes them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts import services


class Command(BaseCommand):
    help = "Delete tokens past their absolute or idle expiry (run it from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.auth_token_purge_expired()
        self.stdout.write(f"Deleted {deleted} expired token(s).")
