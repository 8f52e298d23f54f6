from django.db import migrations


# The SQL lives in the trigger registry (integrity/triggers.py), which reinstalls the trigger
# after every migrate and has check_invariants report it missing.
def install(apps, schema_editor):
    from integrity.triggers import AUDIT_APPEND_ONLY, SUPPORTED_VENDORS, install_triggers

    # UPDATE only: deleting old entries (retention) stays possible for whoever owns the
    # database, and test flushes on SQLite delete rows.
    if schema_editor.connection.vendor in SUPPORTED_VENDORS:
        install_triggers(schema_editor.connection, sets=[AUDIT_APPEND_ONLY])


def drop(apps, schema_editor):
    from integrity.triggers import AUDIT_APPEND_ONLY, SUPPORTED_VENDORS, drop_triggers

    if schema_editor.connection.vendor in SUPPORTED_VENDORS:
        drop_triggers(schema_editor.connection, sets=[AUDIT_APPEND_ONLY])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
