"""Reading students from CSV: every row checked, bad rows reported by line number.

Validation is plain Python over the same rules as the model (students/validators.py and the
field limits) instead of full_clean() per row, which builds a model instance and runs every
validator through Django's machinery: too slow for 100,000 rows (see docs/benchmarks.md).
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple, TextIO

from django.db import models

from students.models import PersonalDetail, Student
from students.validators import (
    MAX_AGE,
    MIN_AGE,
    canonical_mobileno,
    canonical_name,
    mobileno_validator,
)

COLUMNS = ("name", "age", "mobileno", "address", "dob")


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


_NAME_MAX = _max_length(Student, "name")
_ADDRESS_MAX = _max_length(PersonalDetail, "address")
_MOBILENO_MAX = _max_length(Student, "mobileno")
# The stubs allow a str; RegexValidator compiles it, so at run time it is always a Pattern.
_MOBILENO_RE = re.compile(mobileno_validator.regex.pattern)  # type: ignore[union-attr]
_MOBILENO_MESSAGE = str(mobileno_validator.message)


class CsvFormatError(ValueError):
    """The file as a whole is unusable (no header, missing columns)."""


class StudentRow(NamedTuple):
    """One valid row. A named tuple: 100,000 of them are built per import, cheaply."""

    name: str
    age: int
    mobileno: str
    address: str
    dob: datetime.date | None


@dataclass(slots=True)
class RowError:
    line: int
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"line {self.line}: " + "; ".join(self.messages)


@dataclass(slots=True)
class ParsedCsv:
    rows: list[StudentRow]
    errors: list[RowError]
    lines: int


def _check_row(values: tuple[str, ...] | list[str]) -> tuple[StudentRow | None, list[str]]:
    errors: list[str] = []
    name = canonical_name(values[0])
    if not name:
        errors.append("name: This field is required.")
    elif len(name) > _NAME_MAX:
        errors.append(f"name: At most {_NAME_MAX} characters.")

    age = 0
    try:
        age = int(values[1])
    except ValueError:
        errors.append("age: A whole number is required.")
    else:
        if not MIN_AGE <= age <= MAX_AGE:
            errors.append(f"age: Must be between {MIN_AGE} and {MAX_AGE}.")

    raw_mobileno = values[2].strip()
    mobileno = canonical_mobileno(raw_mobileno)
    if not _MOBILENO_RE.match(raw_mobileno) or len(mobileno) > _MOBILENO_MAX:
        errors.append(f"mobileno: {_MOBILENO_MESSAGE}")

    address = values[3].strip()
    if len(address) > _ADDRESS_MAX:
        errors.append(f"address: At most {_ADDRESS_MAX} characters.")

    dob = None
    raw_dob = values[4].strip()
    if raw_dob:
        try:
            dob = datetime.date.fromisoformat(raw_dob)
        except ValueError:
            errors.append("dob: A date as YYYY-MM-DD is required.")
    if errors:
        return None, errors
    return StudentRow(name, age, mobileno, address, dob), errors


def parse_students_csv(
    stream: TextIO, *, on_progress: Callable[[int], None] | None = None, every: int = 5000
) -> ParsedCsv:
    """Every row of the file, checked. Columns are found by header name, in any order."""
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise CsvFormatError("The file is empty; expected a header row.") from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CsvFormatError(f"Missing column(s): {', '.join(missing)}.")
    pick = itemgetter(*(header.index(c) for c in COLUMNS))
    width = len(header)

    rows: list[StudentRow] = []
    errors: list[RowError] = []
    for count, values in enumerate(reader, start=1):
        if on_progress is not None and count % every == 0:
            on_progress(count)
        if not values:  # a blank line carries nothing to import
            continue
        if len(values) != width:
            errors.append(
                RowError(reader.line_num, [f"Expected {width} fields, found {len(values)}."])
            )
            continue
        row, messages = _check_row(pick(values))
        if row is None:
            errors.append(RowError(reader.line_num, messages))
        else:
            rows.append(row)
    return ParsedCsv(rows=rows, errors=errors, lines=reader.line_num)
