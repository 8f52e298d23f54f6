"""Migration operations for migrations that touch a table the trigger registry names."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def triggers_dropped_before_sqlite_rebuild(*tables: str) -> migrations.RunPython:
    """Drop, on SQLite only, the registered triggers whose SQL names one of `tables`.

    Put it before an operation that makes SQLite rebuild such a table (most AlterField): the
    rebuild ends with ALTER TABLE ... RENAME, which SQLite refuses while another table's trigger
    names the table being rebuilt ("error in trigger ...: no such table"). The post_migrate
    reinstall (integrity/receivers.py) puts the triggers back when the migrate ends.
    """

    def drop(apps: Any, schema_editor: Any) -> None:
        from integrity import triggers

        if schema_editor.connection.vendor != "sqlite":
            return
        named = [s for s in triggers.REGISTRY if set(s.tables) & set(tables)]
        triggers.drop_triggers(schema_editor.connection, sets=named)

    return migrations.RunPython(drop, drop, elidable=False)
