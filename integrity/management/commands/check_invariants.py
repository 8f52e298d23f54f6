"""manage.py check_invariants [--fix]: one PersonalDetail per owner, every registered trigger."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from integrity import services


class Command(BaseCommand):
    help = (
        "Report owners (students, users) without their PersonalDetail, and any missing trigger "
        "of the registry (the invariants, the audit trail's append-only rule); exit 1 if any. "
        "With --fix, repair both with set-based SQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Repair what is found.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        report = services.invariants_check(connection=connection)
        for line in report.lines():
            self.stdout.write(line)
        if report.ok:
            self.stdout.write(self.style.SUCCESS("All invariants hold."))
            return
        if not options["fix"]:
            raise CommandError(
                f"{report.violation_count} violation(s); run with --fix to repair.", returncode=1
            )
        with transaction.atomic(using=connection.alias):
            repaired = services.invariants_repair(connection=connection)
        for name, count in repaired.items():
            self.stdout.write(f"repaired: {name}: {count}")
        after = services.invariants_check(connection=connection)
        if not after.ok:
            raise CommandError("Violations remain after --fix.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Repaired; all invariants hold."))
