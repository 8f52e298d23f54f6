from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db.models.signals import pre_save

pytestmark = pytest.mark.django_db


def signals_output() -> str:
    out = io.StringIO()
    call_command("signals", stdout=out)
    return out.getvalue()


def test_the_signals_command_lists_receivers_per_model_with_their_dispatch_uid():
    text = signals_output()

    student_block = re.search(r"^students\.Student\n((?:  .*\n)+)", text, re.MULTILINE)[1]
    assert "students.receivers:create_personal_detail" in student_block
    assert "dispatch_uid=students.student.post_save.create_personal_detail" in student_block
    assert "audit.receivers:record_save  dispatch_uid=audit.students.student.post_save" in text


def test_the_signals_command_lists_the_database_triggers():
    text = signals_output()

    assert "integrity_students_student_detail" in text
    assert "integrity_accounts_personaldetail_placeholder" in text
    assert "audit_auditentry_append_only" in text


def test_the_signals_command_survives_a_receiver_connected_without_a_sender():
    def anywhere(sender, **kwargs):
        return None

    pre_save.connect(anywhere, dispatch_uid="tests.anywhere")
    try:
        text = signals_output()
    finally:
        pre_save.disconnect(dispatch_uid="tests.anywhere")

    any_sender = text.split("(any sender)", 1)[1]
    assert "anywhere  dispatch_uid=tests.anywhere" in any_sender
