"""The wiring itself: each receiver is connected exactly once, even if ready() runs again."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save

from accounts import receivers as account_receivers
from audit import receivers as audit_receivers
from integrity import receivers as integrity_receivers
from students import receivers as student_receivers

EXPECTED = [
    (pre_save, student_receivers.NORMALISE_UID),
    (post_save, student_receivers.CREATE_DETAIL_UID),
    (post_save, student_receivers.REPLACED_PIC_UID),
    (post_delete, student_receivers.DELETED_PIC_UID),
    (pre_save, account_receivers.NORMALISE_UID),
    (post_save, account_receivers.PROVISION_UID),
    (post_save, account_receivers.REPLACED_PIC_UID),
    (post_delete, account_receivers.DELETED_PIC_UID),
    *[
        (signal, audit_receivers.dispatch_uid(name, label))
        for label in audit_receivers.AUDITED
        for signal, name, _ in audit_receivers.MODEL_RECEIVERS
    ],
    (user_logged_in, "audit.user_logged_in"),
    (user_login_failed, "audit.user_login_failed"),
    (user_logged_out, "audit.user_logged_out"),
    (post_migrate, integrity_receivers.REINSTALL_UID),
]


@pytest.mark.parametrize(("signal", "uid"), EXPECTED, ids=[uid for _, uid in EXPECTED])
def test_each_receiver_is_connected_exactly_once(signal, uid):
    for module in (student_receivers, account_receivers, audit_receivers, integrity_receivers):
        module.connect()  # as a second ready() would

    assert [key for (key, _), *_ in signal.receivers if key == uid] == [uid]


def test_every_audited_model_has_all_four_model_signals():
    for label in audit_receivers.AUDITED:
        model = apps.get_model(label)
        for signal in (pre_save, post_save, pre_delete, post_delete):
            assert signal.has_listeners(model), (label, signal)
