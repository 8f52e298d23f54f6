"""manage.py import_students FILE.csv: students with their details, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import acting_as, system_actor
from students.bulk import student_bulk_create
from students.csv_import import COLUMNS, CsvFormatError, parse_students_csv

MAX_ERRORS_SHOWN = 50


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO, label: str, total: int, width: int = 30) -> None:
        self.stream, self.label, self.total, self.width = stream, label, max(total, 1), width
        self.enabled = getattr(stream, "isatty", lambda: False)()

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        filled = min(self.width, self.width * done // self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label:<10} [{bar}] {done:>9,}/{self.total:,}")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.update(self.total)
            self.stream.write("\n")
            self.stream.flush()


def _count_lines(path: Path) -> int:
    with path.open("rb") as raw:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b"")), 1)


class Command(BaseCommand):
    help = (
        f"Import students from a CSV file with the columns {', '.join(COLUMNS)}. Every row is "
        "validated first; any bad row (reported by line number) stops the whole import "
        "unless --partial is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.csv", type=Path)
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the valid rows and report the bad ones, instead of importing nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        # The bar writes raw, without OutputWrapper's line endings.
        stderr = cast(TextIO, self.stderr._out)

        bar = ProgressBar(stderr, "checking", _count_lines(path) - 1)
        try:
            with path.open(newline="", encoding="utf-8-sig") as stream:
                parsed = parse_students_csv(stream, on_progress=bar.update)
        except (CsvFormatError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        bar.finish()

        for error in parsed.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"{path}:{error}")
        if len(parsed.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"... and {len(parsed.errors) - MAX_ERRORS_SHOWN} more bad rows")
        if parsed.errors and not options["partial"]:
            raise CommandError(
                f"{len(parsed.errors)} bad row(s); nothing was imported. "
                "Fix them, or use --partial to import the valid rows."
            )

        bar = ProgressBar(stderr, "importing", len(parsed.rows))
        with acting_as(system_actor("import_students")):
            created = student_bulk_create(
                rows=parsed.rows, source=path.name, on_progress=bar.update
            )
        bar.finish()

        elapsed = time.perf_counter() - started
        skipped = f", skipped {len(parsed.errors)} bad row(s)" if parsed.errors else ""
        self.stdout.write(
            self.style.SUCCESS(f"Imported {created} student(s) in {elapsed:.2f}s{skipped}.")
        )
