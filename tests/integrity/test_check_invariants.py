from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from integrity import triggers
from tests.factories import StudentFactory
from tests.invariants import assert_invariants_hold

pytestmark = pytest.mark.django_db


def remove_details(count: int) -> None:
    """Break the invariant the way raw SQL would: no signal, no audit."""
    students = StudentFactory.create_batch(count)
    with connection.cursor() as cursor:
        for student in students:
            cursor.execute(
                "DELETE FROM students_personaldetail WHERE student_id = %s", [student.pk]
            )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("check_invariants", *args, stdout=out)
    return out.getvalue()


def test_a_clean_database_passes():
    StudentFactory.create_batch(2)

    assert "All invariants hold." in run()


def test_a_student_without_a_detail_is_reported_and_exits_1():
    remove_details(2)

    with pytest.raises(CommandError) as excinfo:
        run()

    assert excinfo.value.returncode == 1
    assert "2 violation(s)" in str(excinfo.value)


def test_fix_repairs_the_violations_and_records_one_audit_entry():
    remove_details(3)

    output = run("--fix")

    assert "repaired: student has one personal detail: 3" in output
    assert_invariants_hold()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REPAIR)
    assert (entry.row_count, entry.actor_label) == (3, "system:check_invariants")


def test_fix_is_set_based_the_same_queries_for_two_or_twenty_violations():
    def queries_to_fix(count: int) -> int:
        remove_details(count)
        with CaptureQueriesContext(connection) as captured:
            run("--fix")
        return len(captured)

    assert queries_to_fix(2) == queries_to_fix(20)


def test_a_missing_trigger_is_reported_and_fix_reinstalls_it():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER integrity_students_student_detail ON students_student")
        else:
            cursor.execute("DROP TRIGGER integrity_students_student_detail")

    with pytest.raises(CommandError):
        run()
    run("--fix")

    assert triggers.missing_triggers(connection) == []


def test_a_migration_that_rebuilds_a_table_gets_its_triggers_back():
    # On SQLite, AlterField rebuilds the table, and the old table's triggers go with it.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER integrity_students_personaldetail_placeholder"
                " ON students_personaldetail"
            )
        else:
            cursor.execute("DROP TRIGGER integrity_students_personaldetail_placeholder")

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert triggers.missing_triggers(connection) == []
