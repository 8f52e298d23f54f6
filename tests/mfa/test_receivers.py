from __future__ import annotations

from django.db.models.signals import post_delete

from mfa import receivers


def test_the_device_receiver_is_connected_exactly_once():
    receivers.connect()  # as a second ready() would

    uid = receivers.DEVICE_DELETED_UID
    assert [key for (key, _), *_ in post_delete.receivers if key == uid] == [uid]
