from django.db import migrations

SQLITE_INSTALL = """
CREATE TRIGGER IF NOT EXISTS audit_auditentry_append_only
BEFORE UPDATE ON audit_auditentry FOR EACH ROW
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END
"""
POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only()
    """,
]


def install(apps, schema_editor):
    # UPDATE only: deleting old entries (retention) stays possible for whoever owns the
    # database, and test flushes on SQLite delete rows.
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_INSTALL)
    elif vendor == "postgresql":
        for sql in POSTGRESQL_INSTALL:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_append_only")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_auditentry_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
