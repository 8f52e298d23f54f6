"""Issue an API key for a machine client; the key is printed once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts import services
from accounts.models import ApiKey


class Command(BaseCommand):
    help = "Create an API key acting for a user. The key is shown once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The account the key acts for.")
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument(
            "--scope", choices=ApiKey.Scope.values, default=ApiKey.Scope.READ, help="Default: read."
        )
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Default: never expires."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: options["username"]})
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        days = options["expires_in_days"]
        if days is not None and days <= 0:
            raise CommandError("--expires-in-days must be positive.")
        expires = timezone.now() + timedelta(days=days) if days else None
        key, secret = services.api_key_create(
            user=user, name=options["name"], scope=options["scope"], expires=expires
        )
        self.stderr.write(f"API key {key.prefix}… ({key.scope}) for {user}; copy it now:")
        self.stdout.write(secret)
