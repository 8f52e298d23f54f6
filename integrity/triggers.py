"""Every database trigger the project relies on, in one registry, and the SQL around them.

REGISTRY lists each set of triggers with the migration that first installs it. The post_migrate
receiver (integrity/receivers.py) reinstalls any that are missing once their migration is
applied, since a SQLite table rebuild (most AlterField, RemoveField) silently drops a table's
triggers; `manage.py check_invariants` reports any that are missing.

Two kinds are registered: the one-detail-per-owner invariants, and the audit trail's
append-only rule.

Every owner row (a Student, a User) has exactly one PersonalDetail. The one-to-one unique index
already forbids a second detail; these triggers forbid none:

* AFTER INSERT on the owner table inserts a blank detail unless one is already there. On
  PostgreSQL it is a statement-level trigger over the transition table, so a bulk insert costs
  one set-based INSERT ... SELECT, not one trigger call per row.
* BEFORE INSERT on the detail table removes a still-blank detail of the same owner. That is
  what lets loaddata (owner first, then the fixture's own detail with an explicit pk) and raw
  SQL that inserts an owner and then its detail work: the real detail replaces the placeholder
  instead of violating the one-to-one index. A blank detail carries no information.

Both are immediate on purpose: PostgreSQL's deferred constraint triggers would also solve the
loaddata ordering, but SQLite has no deferred triggers, and a trigger that only fires at commit
would leave the invariant unobservable inside the transaction (and inside every test).
"""

# SQL is built from the table names in INVARIANTS below, never from input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder


@dataclass(frozen=True)
class DetailInvariant:
    """Each row of `owner_table` has exactly one row in `detail_table` pointing at it."""

    name: str
    owner_table: str
    detail_table: str
    fk_column: str
    detail_label: str
    migration: tuple[str, str] = ("integrity", "0001_invariant_triggers")

    @property
    def insert_trigger(self) -> str:
        return f"integrity_{self.owner_table}_detail"

    @property
    def placeholder_trigger(self) -> str:
        return f"integrity_{self.detail_table}_placeholder"

    @property
    def trigger_names(self) -> tuple[str, ...]:
        return (self.insert_trigger, self.placeholder_trigger)

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the triggers' SQL names."""
        return (self.owner_table, self.detail_table)

    # The blank detail the trigger inserts; the columns' defaults as the models declare them.
    @property
    def blank_predicate(self) -> str:
        return "address = '' AND dob IS NULL AND pic = ''"

    def install_sql(self, vendor: str) -> list[str]:
        return {"sqlite": _sqlite_install, "postgresql": _postgresql_install}[vendor](self)

    def drop_sql(self, vendor: str) -> list[str]:
        return {"sqlite": _sqlite_drop, "postgresql": _postgresql_drop}[vendor](self)


@dataclass(frozen=True)
class AppendOnly:
    """Rows of `table` are never updated. Deleting stays possible (retention, test flushes)."""

    name: str
    table: str
    migration: tuple[str, str]

    @property
    def trigger(self) -> str:
        return f"{self.table}_append_only"

    @property
    def trigger_names(self) -> tuple[str, ...]:
        return (self.trigger,)

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table,)

    def install_sql(self, vendor: str) -> list[str]:
        message = self.name  # built from the registry below, never from input
        if vendor == "sqlite":
            return [
                f"""
                CREATE TRIGGER IF NOT EXISTS {self.trigger}
                BEFORE UPDATE ON {self.table} FOR EACH ROW
                BEGIN
                    SELECT RAISE(ABORT, '{message}');
                END
                """
            ]
        return [
            f"""
            CREATE OR REPLACE FUNCTION {self.trigger}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{message}';
            END
            $$
            """,
            f"DROP TRIGGER IF EXISTS {self.trigger} ON {self.table}",
            f"""
            CREATE TRIGGER {self.trigger}
            BEFORE UPDATE ON {self.table}
            FOR EACH ROW EXECUTE FUNCTION {self.trigger}()
            """,
        ]

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.trigger}"]
        return [
            f"DROP TRIGGER IF EXISTS {self.trigger} ON {self.table}",
            f"DROP FUNCTION IF EXISTS {self.trigger}()",
        ]


TriggerSet = DetailInvariant | AppendOnly

INVARIANTS: tuple[DetailInvariant, ...] = (
    DetailInvariant(
        "student has one personal detail",
        "students_student",
        "students_personaldetail",
        "student_id",
        "students.personaldetail",
    ),
    DetailInvariant(
        "user has one personal detail",
        "accounts_user",
        "accounts_personaldetail",
        "user_id",
        "accounts.personaldetail",
    ),
)
AUDIT_APPEND_ONLY = AppendOnly(
    "audit entries are append-only", "audit_auditentry", ("audit", "0002_append_only")
)

# Every trigger the project installs. A new one is added here, and its migration calls
# install_triggers(connection, sets=[...]) so that it is reinstalled and checked like the rest.
REGISTRY: tuple[TriggerSet, ...] = (*INVARIANTS, AUDIT_APPEND_ONLY)


def _sqlite_install(inv: DetailInvariant) -> list[str]:
    return [
        f"""
        CREATE TRIGGER IF NOT EXISTS {inv.insert_trigger}
        AFTER INSERT ON {inv.owner_table} FOR EACH ROW
        BEGIN
            INSERT INTO {inv.detail_table} ({inv.fk_column}, address, dob, pic)
            SELECT NEW.id, '', NULL, ''
            WHERE NOT EXISTS (
                SELECT 1 FROM {inv.detail_table} WHERE {inv.fk_column} = NEW.id
            );
        END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {inv.placeholder_trigger}
        BEFORE INSERT ON {inv.detail_table} FOR EACH ROW
        BEGIN
            DELETE FROM {inv.detail_table}
            WHERE {inv.fk_column} = NEW.{inv.fk_column} AND {inv.blank_predicate};
        END
        """,
    ]


def _postgresql_install(inv: DetailInvariant) -> list[str]:
    return [
        f"""
        CREATE OR REPLACE FUNCTION {inv.insert_trigger}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- EXECUTE plans afresh for each statement, knowing the transition table's size:
            -- one inserted row probes the index; a bulk insert gets a hash anti-join. A
            -- cached plan, made once for whichever came first, is 1,000x slower for the other.
            -- The anti-join spares the id sequence; ON CONFLICT covers a concurrent insert.
            EXECUTE $q$INSERT INTO {inv.detail_table} ({inv.fk_column}, address, dob, pic)
                SELECT n.id, '', NULL, '' FROM integrity_new_rows n
                WHERE NOT EXISTS (
                    SELECT 1 FROM {inv.detail_table} d WHERE d.{inv.fk_column} = n.id
                )
                ON CONFLICT ({inv.fk_column}) DO NOTHING$q$;
            RETURN NULL;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {inv.insert_trigger} ON {inv.owner_table}",
        f"""
        CREATE TRIGGER {inv.insert_trigger}
        AFTER INSERT ON {inv.owner_table}
        REFERENCING NEW TABLE AS integrity_new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {inv.insert_trigger}()
        """,
        f"""
        CREATE OR REPLACE FUNCTION {inv.placeholder_trigger}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {inv.detail_table}
            WHERE {inv.fk_column} = NEW.{inv.fk_column} AND {inv.blank_predicate};
            RETURN NEW;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {inv.placeholder_trigger} ON {inv.detail_table}",
        # The WHEN clause is checked without calling the function, so a bulk load that
        # suspends the trigger (see placeholders_suspended) pays almost nothing per row.
        f"""
        CREATE TRIGGER {inv.placeholder_trigger}
        BEFORE INSERT ON {inv.detail_table}
        FOR EACH ROW
        WHEN (current_setting('{SUSPEND_SETTING}', true) IS DISTINCT FROM 'on')
        EXECUTE FUNCTION {inv.placeholder_trigger}()
        """,
    ]


def _sqlite_drop(inv: DetailInvariant) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in inv.trigger_names]


def _postgresql_drop(inv: DetailInvariant) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {inv.insert_trigger} ON {inv.owner_table}",
        f"DROP TRIGGER IF EXISTS {inv.placeholder_trigger} ON {inv.detail_table}",
        f"DROP FUNCTION IF EXISTS {inv.insert_trigger}()",
        f"DROP FUNCTION IF EXISTS {inv.placeholder_trigger}()",
    ]


SUSPEND_SETTING = "integrity.placeholders_suspended"


class UnsupportedDatabase(Exception):
    pass


SUPPORTED_VENDORS = ("sqlite", "postgresql")


def _statements(
    connection: BaseDatabaseWrapper, sets: Iterable[TriggerSet] | None, *, install: bool
) -> list[str]:
    if connection.vendor not in SUPPORTED_VENDORS:
        raise UnsupportedDatabase(f"No triggers for {connection.vendor}.")
    chosen = REGISTRY if sets is None else tuple(sets)
    return [
        sql
        for trigger_set in chosen
        for sql in (
            trigger_set.install_sql(connection.vendor)
            if install
            else trigger_set.drop_sql(connection.vendor)
        )
    ]


def install_triggers(
    connection: BaseDatabaseWrapper, sets: Iterable[TriggerSet] | None = None
) -> None:
    """Create (or re-create) the given sets' triggers, every registered one by default.

    Idempotent."""
    with connection.cursor() as cursor:
        for sql in _statements(connection, sets, install=True):
            cursor.execute(sql)


def drop_triggers(
    connection: BaseDatabaseWrapper, sets: Iterable[TriggerSet] | None = None
) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, sets, install=False):
            cursor.execute(sql)


def expected_sets(connection: BaseDatabaseWrapper) -> tuple[TriggerSet, ...]:
    """The registered sets whose installing migration is applied: those that should exist.

    Before that migration, or after it is unapplied (`migrate audit zero`), a set's table may
    not exist, and its triggers are rightly absent.
    """
    applied = MigrationRecorder(connection).applied_migrations()
    return tuple(trigger_set for trigger_set in REGISTRY if trigger_set.migration in applied)


def installed_triggers(connection: BaseDatabaseWrapper) -> list[tuple[str, str, str]]:
    """Every user-defined trigger in the database: (table, trigger name, timing and event)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' "
                "ORDER BY tbl_name, name"
            )
            rows = []
            for table, name, sql in cursor.fetchall():
                words = " ".join(sql.split()).upper()
                timing = next((t for t in ("BEFORE", "AFTER", "INSTEAD OF") if t in words), "")
                event = next((e for e in ("INSERT", "UPDATE", "DELETE") if e in words), "")
                rows.append((table, name, f"{timing} {event} FOR EACH ROW"))
            return rows
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT event_object_table, trigger_name,
                       action_timing || ' ' || string_agg(event_manipulation, ' OR ')
                       || ' FOR EACH ' || action_orientation
                FROM information_schema.triggers
                WHERE trigger_schema = current_schema()
                GROUP BY event_object_table, trigger_name, action_timing, action_orientation
                ORDER BY event_object_table, trigger_name
                """
            )
            return [tuple(row) for row in cursor.fetchall()]
    return []


def missing_sets(connection: BaseDatabaseWrapper) -> tuple[TriggerSet, ...]:
    """The sets that should exist (expected_sets) with at least one trigger gone."""
    present = {name for _, name, _ in installed_triggers(connection)}
    return tuple(
        trigger_set
        for trigger_set in expected_sets(connection)
        if not set(trigger_set.trigger_names) <= present
    )


def missing_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """The names of the triggers that should exist and do not."""
    present = {name for _, name, _ in installed_triggers(connection)}
    return [
        name
        for trigger_set in expected_sets(connection)
        for name in trigger_set.trigger_names
        if name not in present
    ]


def _owners_without_detail(inv: DetailInvariant) -> str:
    """FROM ... WHERE for the owner rows (aliased `o`) that have no detail: one anti-join."""
    return (
        f"FROM {inv.owner_table} o WHERE NOT EXISTS "
        f"(SELECT 1 FROM {inv.detail_table} d WHERE d.{inv.fk_column} = o.id)"
    )


def count_violations(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Owners without a detail, per invariant, in one anti-join each.

    A second detail per owner cannot exist: the one-to-one unique index forbids it.
    """
    counts = {}
    with connection.cursor() as cursor:
        for inv in INVARIANTS:
            cursor.execute(f"SELECT COUNT(*) {_owners_without_detail(inv)}")
            counts[inv.name] = cursor.fetchone()[0]
    return counts


def repair_violations(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Insert the missing blank details, one INSERT ... SELECT per invariant."""
    repaired = {}
    with connection.cursor() as cursor:
        for inv in INVARIANTS:
            cursor.execute(
                f"INSERT INTO {inv.detail_table} ({inv.fk_column}, address, dob, pic) "
                f"SELECT o.id, '', NULL, '' {_owners_without_detail(inv)}"
            )
            repaired[inv.name] = cursor.rowcount
    return repaired


@contextmanager
def placeholders_suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Skip the placeholder triggers for a bulk load that inserts details before their owners.

    Only the placeholder trigger is skipped, never the one that inserts missing details: the
    placeholder trigger relaxes a unique conflict, it does not keep the invariant, so skipping it
    can at worst make a conflicting insert fail. It costs a trigger call per detail row, which is
    most of a bulk import's time (docs/benchmarks.md). Inside a transaction only:
    on PostgreSQL a transaction-local setting that the triggers' WHEN clause reads; on SQLite,
    whose DDL is transactional, the triggers are dropped and re-created before the commit, under
    the write lock that Django's IMMEDIATE transactions hold, so no other connection sees the gap.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("placeholders_suspended() needs a transaction.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [SUSPEND_SETTING])
        elif connection.vendor == "sqlite":
            for inv in INVARIANTS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {inv.placeholder_trigger}")
    # No cleanup on error: the rollback that follows reverts the setting, or the DROP, too.
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'off', true)", [SUSPEND_SETTING])
        elif connection.vendor == "sqlite":
            for inv in INVARIANTS:
                cursor.execute(_sqlite_install(inv)[1])
