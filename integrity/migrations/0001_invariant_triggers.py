from django.db import migrations


def install(apps, schema_editor):
    from integrity.triggers import INVARIANTS, install_triggers

    install_triggers(schema_editor.connection, sets=INVARIANTS)


def drop(apps, schema_editor):
    from integrity.triggers import INVARIANTS, drop_triggers

    drop_triggers(schema_editor.connection, sets=INVARIANTS)


class Migration(migrations.Migration):
    """The one-detail-per-owner triggers; see integrity/triggers.py for the why."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("students", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, drop, elidable=False)]
