"""The invariants, asserted straight from the tables: no ORM path can hide a missing row."""

from __future__ import annotations

from django.db import connection

from integrity import services


def assert_invariants_hold() -> None:
    report = services.invariants_check(connection=connection)
    assert report.ok, report.lines()


def details_of_student(student_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM students_personaldetail WHERE student_id = %s", [student_id]
        )
        return cursor.fetchone()[0]


def details_of_user(user_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_personaldetail WHERE user_id = %s", [user_id])
        return cursor.fetchone()[0]
