"""The CSV parser on its own: each fault is named with its line, the good rows are kept."""

from __future__ import annotations

import io

import pytest

from students.csv_import import CsvFormatError, parse_students_csv

HEADER = "name,age,mobileno,address,dob\n"


def parse(text: str, **kwargs):
    return parse_students_csv(io.StringIO(text), **kwargs)


def test_an_empty_file_is_refused():
    with pytest.raises(CsvFormatError, match="empty"):
        parse("")


def test_each_bad_field_is_named_with_its_line():
    parsed = parse(
        HEADER
        + "Ada,20,9876543210,,\n"
        + f"{'N' * 200},20,9876543210,,\n"
        + f"Bob,20,9876543210,{'x' * 5000},\n"
        + "Cy,20,9876543210,,yesterday\n"
        + "Di,20\n"
    )

    assert [row.name for row in parsed.rows] == ["Ada"]
    assert [(error.line, error.messages[0].split(":")[0]) for error in parsed.errors] == [
        (3, "name"),
        (4, "address"),
        (5, "dob"),
        (6, "Expected 5 fields, found 2."),
    ]


def test_blank_lines_are_skipped_and_progress_is_reported():
    seen: list[int] = []

    parsed = parse(
        HEADER + "Ada,20,9876543210,,\n\nBob,21,9876543211,,2001-02-03\n",
        on_progress=seen.append,
        every=2,
    )

    assert [row.name for row in parsed.rows] == ["Ada", "Bob"]
    assert str(parsed.rows[1].dob) == "2001-02-03"
    assert seen == [2]
