"""The wiring itself: each receiver is connected exactly once, even if ready() runs again.

The receivers are found, not listed: every receiver of every signal whose function lives in one
of the project's apps. A receiver added later is covered without touching this file.
"""

from __future__ import annotations

import weakref
from collections import Counter

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.core import signals as core_signals
from django.db.models import signals as model_signals
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal

from accounts import receivers as account_receivers
from audit import receivers as audit_receivers

PROJECT_APPS = ("accounts", "students", "core", "audit", "integrity")


def all_signals() -> dict[str, Signal]:
    return {
        f"{module.__name__}.{name}": signal
        for module in (model_signals, auth_signals, core_signals)
        for name, signal in vars(module).items()
        if isinstance(signal, Signal)
    }


def project_receivers() -> list[tuple[str, object, str]]:
    """(signal, dispatch key, receiver) for every receiver defined in the project's apps."""
    found = []
    for signal_name, signal in all_signals().items():
        for lookup_key, receiver, *_ in signal.receivers:
            if isinstance(receiver, weakref.ReferenceType):
                receiver = receiver()
            module = getattr(receiver, "__module__", "") or ""
            if module.split(".")[0] in PROJECT_APPS:
                found.append((signal_name, lookup_key[0], f"{module}.{receiver.__qualname__}"))
    return found


def test_each_receiver_is_connected_exactly_once_even_if_ready_runs_again():
    before = project_receivers()

    for config in apps.get_app_configs():
        if config.name in PROJECT_APPS:
            config.ready()  # as a second ready() would, e.g. in Django's own auth tests

    after = project_receivers()
    assert Counter(after) == Counter(before)
    assert all(count == 1 for count in Counter((s, key) for s, key, _ in after).values())


def test_every_project_receiver_is_connected_with_a_dispatch_uid():
    found = project_receivers()

    assert [(s, receiver) for s, key, receiver in found if not isinstance(key, str)] == []
    uids = {key for _, key, _ in found}
    # The two the hand-written lists used to miss.
    assert {account_receivers.USER_CHANGED_UID, account_receivers.TOKEN_DELETED_UID} <= uids
    assert len(uids) >= 20


def test_every_audited_model_has_all_four_model_signals():
    for label in audit_receivers.AUDITED:
        model = apps.get_model(label)
        for signal in (pre_save, post_save, pre_delete, post_delete):
            assert signal.has_listeners(model), (label, signal)
