from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditEntry
from integrity import triggers
from students.csv_import import StudentRow
from students.models import PersonalDetail, Student
from tests.invariants import assert_invariants_hold

pytestmark = pytest.mark.django_db

HEADER = "name,age,mobileno,address,dob\n"


def write_csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "students.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def import_students(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_students", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_importing_a_valid_file_creates_students_with_their_details(tmp_path):
    path = write_csv(
        tmp_path,
        " Ravi ,23,+91 98765-43210,12 Main Road,2001-02-03\nAnuj,24,98765432,,\n",
    )

    out, _ = import_students(str(path))

    assert "Imported 2 student(s)" in out
    ravi = Student.objects.get(name="Ravi")
    assert ravi.mobileno == "+919876543210"
    assert ravi.personal_detail.address == "12 Main Road"
    assert str(ravi.personal_detail.dob) == "2001-02-03"
    assert PersonalDetail.objects.get(student__name="Anuj").dob is None
    assert_invariants_hold()


def test_an_import_is_one_audit_entry_not_none(tmp_path):
    path = write_csv(tmp_path, "".join(f"s{i},20,98765432,,\n" for i in range(30)))

    import_students(str(path))

    entry = AuditEntry.objects.get(action=AuditEntry.Action.BULK_CREATE)
    assert (entry.model, entry.row_count) == ("students.student", 30)
    assert entry.actor_label == "system:import_students"
    assert not AuditEntry.objects.exclude(pk=entry.pk).exists()


def test_bad_rows_are_reported_by_line_number_and_nothing_is_imported(tmp_path):
    path = write_csv(
        tmp_path,
        "Good,23,98765432,,\n"
        ",23,98765432,,\n"
        "Old,200,98765432,,\n"
        "Phone,23,call me,,\n"
        "Born,23,98765432,,02/03/2001\n"
        "Short,23\n",
    )

    with pytest.raises(CommandError) as excinfo:
        import_students(str(path))

    assert "5 bad row(s); nothing was imported" in str(excinfo.value)
    assert not Student.objects.exists()


def test_the_error_report_names_each_line_and_field(tmp_path):
    path = write_csv(tmp_path, "Good,23,98765432,,\nOld,200,98765432,,\nBad,x,1,,\n")

    _, err = import_students(str(path), "--partial")

    assert "line 3: age: Must be between 1 and 150." in err
    assert "line 4: age: A whole number is required.; mobileno:" in err


def test_partial_keeps_the_good_rows(tmp_path):
    path = write_csv(tmp_path, "Good,23,98765432,,\nOld,200,98765432,,\nAlso good,30,98765433,,\n")

    out, _ = import_students(str(path), "--partial")

    assert "Imported 2 student(s)" in out
    assert "skipped 1 bad row(s)" in out
    assert sorted(Student.objects.values_list("name", flat=True)) == ["Also good", "Good"]
    assert_invariants_hold()


def test_columns_may_come_in_any_order(tmp_path):
    path = write_csv(tmp_path, "98765432,,Ravi,,23\n", header="mobileno,dob,name,address,age\n")

    import_students(str(path))

    assert Student.objects.get().name == "Ravi"


def test_a_missing_column_is_an_error(tmp_path):
    path = write_csv(tmp_path, "Ravi,23\n", header="name,age\n")

    with pytest.raises(CommandError, match="Missing column"):
        import_students(str(path))


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        import_students(str(tmp_path / "nope.csv"))


def test_the_import_uses_the_same_number_of_queries_for_ten_or_a_hundred_rows(
    tmp_path, django_assert_max_num_queries
):
    path = write_csv(tmp_path, "".join(f"s{i},20,98765432,,\n" for i in range(10)))
    with django_assert_max_num_queries(20) as small:
        import_students(str(path))
    path = write_csv(tmp_path, "".join(f"t{i},20,98765432,,\n" for i in range(100)))
    with django_assert_max_num_queries(20) as large:
        import_students(str(path))

    assert len(small.captured_queries) == len(large.captured_queries)


def test_imported_students_can_be_given_a_detail_later_by_the_usual_paths(tmp_path):
    path = write_csv(tmp_path, "Ravi,23,98765432,,\n")
    import_students(str(path))
    student = Student.objects.get()

    student.personal_detail.address = "later"
    student.personal_detail.save()

    assert PersonalDetail.objects.get(student=student).address == "later"


def test_every_trigger_is_back_in_place_after_an_import(tmp_path):
    path = write_csv(tmp_path, "Ravi,23,98765432,,\n")

    import_students(str(path))

    assert triggers.missing_triggers(connection) == []
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO students_student (name, age, mobileno, created_at, updated_at)"
            " VALUES ('after', 30, '89789791', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
        )
    assert_invariants_hold()


def test_a_failed_bulk_insert_leaves_nothing_behind(monkeypatch):
    from students import bulk

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "_insert", explode)
    rows = [StudentRow("Ravi", 23, "98765432", "", None)]

    with pytest.raises(RuntimeError):
        bulk.student_bulk_create(rows=rows)

    assert not Student.objects.exists()
    assert not AuditEntry.objects.filter(action="bulk_create").exists()
    assert triggers.missing_triggers(connection) == []
