"""One registry holds every trigger: reinstalled after each migrate, checked by check_invariants."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, migrations, models, transaction
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEntry
from integrity import triggers
from tests.factories import StudentFactory

APPEND_ONLY = "audit_auditentry_append_only"


def check() -> str:
    out = io.StringIO()
    call_command("check_invariants", stdout=out)
    return out.getvalue()


def assert_an_entry_cannot_be_updated() -> None:
    StudentFactory()
    entry = AuditEntry.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")


def drop_append_only_trigger() -> None:
    triggers.drop_triggers(connection, sets=[triggers.AUDIT_APPEND_ONLY])


def test_the_registry_holds_the_invariants_and_the_append_only_rule():
    names = {name for s in triggers.REGISTRY for name in s.trigger_names}

    assert APPEND_ONLY in names
    assert {name for inv in triggers.INVARIANTS for name in inv.trigger_names} < names


@pytest.mark.django_db
def test_every_registered_trigger_is_installed_after_migrate():
    installed = {name for _, name, _ in triggers.installed_triggers(connection)}

    assert {name for s in triggers.REGISTRY for name in s.trigger_names} <= installed


@pytest.mark.django_db
def test_a_missing_append_only_trigger_is_reported_and_fix_puts_it_back():
    drop_append_only_trigger()

    with pytest.raises(CommandError):
        check()
    out = io.StringIO()
    call_command("check_invariants", "--fix", stdout=out)

    assert f"VIOLATED: trigger {APPEND_ONLY} is missing" in out.getvalue()
    assert triggers.missing_triggers(connection) == []
    assert_an_entry_cannot_be_updated()


def alter_audit_object_repr(max_length: int) -> None:
    """Run one AlterField on AuditEntry through the schema editor, as a migration would."""
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes("audit")[0]
    before = executor.loader.project_state(leaf)
    after = before.clone()
    operation = migrations.AlterField(
        "auditentry", "object_repr", models.CharField(max_length=max_length, blank=True)
    )
    operation.state_forwards("audit", after)
    with connection.schema_editor() as editor:
        operation.database_forwards("audit", editor, before, after)


# Schema changes on SQLite cannot run inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_after_an_alter_field_on_the_audit_table_the_append_only_trigger_is_back():
    try:
        alter_audit_object_repr(250)
        if connection.vendor == "sqlite":
            # The table rebuild dropped it, and check_invariants says so.
            assert triggers.missing_triggers(connection) == [APPEND_ONLY]
            with pytest.raises(CommandError):
                check()

        call_command("migrate", verbosity=0)  # nothing to apply; post_migrate still runs

        assert triggers.missing_triggers(connection) == []
        assert "All invariants hold." in check()
        assert_an_entry_cannot_be_updated()
    finally:
        alter_audit_object_repr(200)
        triggers.install_triggers(connection)


@pytest.mark.django_db(transaction=True)
def test_migrating_the_audit_app_back_and_forth_keeps_the_append_only_trigger():
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0][1]
    try:
        # Unapplying the timestamp default is an AlterField: a table rebuild on SQLite.
        call_command("migrate", "audit", "0002", verbosity=0)
        assert triggers.missing_triggers(connection) == []
        call_command("migrate", "audit", leaf, verbosity=0)

        assert triggers.missing_triggers(connection) == []
        assert_an_entry_cannot_be_updated()
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_unapplying_the_append_only_migration_leaves_nothing_to_reinstall():
    try:
        call_command("migrate", "audit", "0001", verbosity=0)

        assert APPEND_ONLY not in {n for _, n, _ in triggers.installed_triggers(connection)}
        assert triggers.missing_triggers(connection) == []
    finally:
        call_command("migrate", verbosity=0)

    assert triggers.missing_triggers(connection) == []
