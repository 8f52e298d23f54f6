"""manage.py signals: every connected receiver, per model and signal, and the database triggers."""

from __future__ import annotations

import weakref
from collections import defaultdict
from types import ModuleType
from typing import Any

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.core import signals as core_signals
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import signals as model_signals
from django.dispatch import Signal
from django.dispatch.dispatcher import NONE_ID, _make_id  # type: ignore[attr-defined]

from integrity.triggers import installed_triggers

ANY_SENDER = "(any sender)"


def _signals_in(*modules: ModuleType) -> dict[Signal, str]:
    return {
        value: name
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, Signal)
    }


def _describe(receiver: Any) -> str:
    module = getattr(receiver, "__module__", None) or "?"
    name = getattr(receiver, "__qualname__", None) or repr(receiver)
    return f"{module}:{name}"


def receivers_by_sender() -> dict[str, dict[str, list[tuple[str, str]]]]:
    """{sender: {signal: [(receiver, dispatch_uid)]}}, live receivers only.

    The sender is read back from the id Django keys it by; a receiver connected without a
    sender (django-extensions' list_signals crashes on those) is listed under ANY_SENDER.
    """
    models = {_make_id(m): m._meta.label for m in apps.get_models(include_auto_created=True)}
    # pre_migrate and post_migrate are sent by app configs, not models.
    models.update({_make_id(c): f"app {c.label}" for c in apps.get_app_configs()})
    names = _signals_in(model_signals, auth_signals, core_signals)
    found: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for signal, signal_name in names.items():
        for (receiver_key, sender_key), ref, _is_async in list(signal.receivers):
            receiver = ref() if isinstance(ref, weakref.ReferenceType) else ref
            if receiver is None:
                continue  # collected, not yet swept: it will never be called
            uid = "" if receiver_key == _make_id(receiver) else str(receiver_key)
            if sender_key == NONE_ID:
                sender = ANY_SENDER
            else:
                sender = models.get(sender_key, f"(sender id {sender_key})")
            found[sender][signal_name].append((_describe(receiver), uid))
    return found


class Command(BaseCommand):
    help = "List connected signal receivers per model and signal, and the database triggers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        found = receivers_by_sender()
        self.stdout.write(self.style.MIGRATE_HEADING("Signal receivers"))
        for sender in sorted(found, key=lambda s: (s == ANY_SENDER, s)):
            self.stdout.write(self.style.MIGRATE_LABEL(sender))
            for signal_name in sorted(found[sender]):
                self.stdout.write(f"  {signal_name}")
                for receiver, uid in found[sender][signal_name]:
                    self.stdout.write(f"    {receiver}  dispatch_uid={uid or '-'}")

        connection = connections[options["database"]]
        tables = {m._meta.db_table: m._meta.label for m in apps.get_models()}
        self.stdout.write(self.style.MIGRATE_HEADING(f"Database triggers ({connection.vendor})"))
        rows = installed_triggers(connection)
        if not rows:
            self.stdout.write("  none")
        for table, name, when in rows:
            label = tables.get(table, "")
            self.stdout.write(f"  {table}{f' ({label})' if label else ''}: {name}  {when}")
