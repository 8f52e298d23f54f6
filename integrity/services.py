"""Checking and repairing the invariants and the registered triggers.

Set-based: one statement per invariant, no row loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from audit import services as audit_services
from audit.context import acting_as, system_actor
from audit.models import AuditEntry
from integrity import triggers


@dataclass(frozen=True)
class InvariantReport:
    missing_details: dict[str, int]
    missing_triggers: list[str]
    expected_triggers: list[str]

    @property
    def violation_count(self) -> int:
        return sum(self.missing_details.values()) + len(self.missing_triggers)

    @property
    def ok(self) -> bool:
        return self.violation_count == 0

    def lines(self) -> list[str]:
        lines = [
            f"{'ok' if count == 0 else 'VIOLATED'}: {name}: {count} without a detail"
            for name, count in self.missing_details.items()
        ]
        lines += [f"VIOLATED: trigger {name} is missing" for name in self.missing_triggers]
        present = len(self.expected_triggers) - len(self.missing_triggers)
        lines.append(f"{present} of {len(self.expected_triggers)} registered triggers in place")
        return lines


def invariants_check(*, connection: BaseDatabaseWrapper) -> InvariantReport:
    return InvariantReport(
        missing_details=triggers.count_violations(connection),
        missing_triggers=triggers.missing_triggers(connection),
        expected_triggers=[
            name
            for trigger_set in triggers.expected_sets(connection)
            for name in trigger_set.trigger_names
        ],
    )


def invariants_repair(*, connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Re-create missing triggers and insert every missing detail; one audit entry per table."""
    triggers.install_triggers(connection, sets=triggers.missing_sets(connection))
    repaired = triggers.repair_violations(connection)
    with acting_as(system_actor("check_invariants")):
        for invariant in triggers.INVARIANTS:
            count = repaired[invariant.name]
            if count:
                audit_services.audit_entry_create(
                    action=AuditEntry.Action.REPAIR,
                    model=invariant.detail_label,
                    object_repr=f"{count} missing detail(s) inserted",
                    row_count=count,
                    using=connection.alias,
                )
    return repaired


def triggers_reinstall_missing(*, using: str) -> list[str]:
    """Re-create the registered triggers a table rebuild dropped; the names put back.

    Only sets whose installing migration is applied count (triggers.expected_sets), so
    unapplying that migration keeps its meaning.
    """
    connection = connections[using]
    if connection.vendor not in triggers.SUPPORTED_VENDORS:
        return []
    missing = triggers.missing_triggers(connection)
    triggers.install_triggers(connection, sets=triggers.missing_sets(connection))
    return missing
