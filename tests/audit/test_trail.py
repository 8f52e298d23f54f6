"""The audit trail: who did what to which record, with the changed fields, and never a secret."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model, user_logged_in
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from audit.context import acting_as, actor_from_request, current_actor, system_actor
from audit.models import AppendOnlyError, AuditEntry
from students.models import Student
from tests.factories import PASSWORD, StudentFactory

User = get_user_model()

pytestmark = pytest.mark.django_db


def entries_for(instance) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            model=instance._meta.label_lower, object_id=str(instance.pk)
        ).order_by("id")
    )


def test_creating_a_student_through_the_api_records_the_user_as_actor(auth_client, user):
    response = auth_client.post(
        "/api/students/", {"name": " ravi ", "age": 23, "mobileno": "89789791"}, format="json"
    )

    student = Student.objects.get(pk=response.json()["id"])
    [entry] = entries_for(student)
    assert entry.action == AuditEntry.Action.CREATE
    assert (entry.actor_type, entry.actor_user_id, entry.actor_label) == (
        "user",
        user.pk,
        user.username,
    )
    assert entry.changes["name"] == [None, "ravi"]
    assert entry.changes["age"] == [None, 23]


def test_the_trigger_made_detail_is_recorded_as_created_too():
    student = StudentFactory()

    [entry] = entries_for(student.personal_detail)
    assert entry.action == AuditEntry.Action.CREATE


def test_updating_records_only_the_changed_fields_before_and_after(auth_client, user):
    student = StudentFactory(name="ravi", age=23, owner=user)

    auth_client.patch(f"/api/students/{student.pk}/", {"age": 24}, format="json")

    update = entries_for(student)[-1]
    assert update.action == AuditEntry.Action.UPDATE
    assert update.changes == {"age": [23, 24]}


def test_saving_a_loaded_instance_reads_no_previous_values_from_the_database():
    student = Student.objects.get(pk=StudentFactory().pk)
    student.age = 31

    with CaptureQueriesContext(connection) as captured:
        student.save()

    assert not [q for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    assert entries_for(student)[-1].changes == {"age": [20, 31]}


def test_saving_a_partly_loaded_instance_reads_the_previous_values_in_one_query():
    student = Student.objects.defer("name").get(pk=StudentFactory(age=20).pk)
    student.age = 44

    with CaptureQueriesContext(connection) as captured:
        student.save()

    selects = [q for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1
    assert entries_for(student)[-1].changes == {"age": [20, 44]}


def test_a_save_that_changes_nothing_records_nothing():
    student = Student.objects.get(pk=StudentFactory().pk)
    before = AuditEntry.objects.count()

    student.save()

    assert AuditEntry.objects.count() == before


def test_deleting_records_a_snapshot_of_what_was_deleted(auth_client, user):
    student = StudentFactory(name="gone", owner=user)
    pk = student.pk

    auth_client.delete(f"/api/students/{pk}/")

    deleted = AuditEntry.objects.get(
        model="students.student", object_id=str(pk), action=AuditEntry.Action.DELETE
    )
    assert deleted.object_repr == "gone"
    assert deleted.changes["name"] == ["gone", None]
    assert AuditEntry.objects.filter(
        model="students.personaldetail", action=AuditEntry.Action.DELETE
    ).exists()


def test_passwords_and_tokens_never_appear_in_the_trail(api_client):
    response = api_client.post(
        "/api/auth/register/",
        {"username": "secretive", "password": PASSWORD},
        format="json",
    )
    token = response.json()["token"]
    user = User.objects.get(username="secretive")
    user.set_password("another long passphrase")
    user.save()

    text = repr(list(AuditEntry.objects.values()))
    assert PASSWORD not in text
    assert "another long passphrase" not in text
    assert token not in text
    assert user.password not in text
    assert entries_for(user)[-1].changes == {"password": ["[redacted]", "[redacted]"]}


def test_a_failed_login_is_recorded_with_the_name_tried_and_no_password(api_client, user):
    api_client.post(
        "/api/auth/login/", {"username": user.username, "password": "wrong guess"}, format="json"
    )

    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.object_repr == user.username
    assert entry.actor_type == "anonymous"
    assert "wrong guess" not in repr(AuditEntry.objects.values())


def test_a_login_and_a_logout_are_recorded(client, user):
    client.login(username=user.username, password=PASSWORD)
    client.logout()

    actions = list(
        AuditEntry.objects.filter(actor_user_id=user.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["login", "logout"]


def test_a_login_signal_sent_by_an_api_view_is_recorded(user):
    user_logged_in.send(sender=type(user), request=None, user=user)

    assert AuditEntry.objects.filter(action="login", object_id=str(user.pk)).exists()


def test_a_credential_other_than_a_login_token_is_recorded_as_an_api_key(user):
    request = RequestFactory().get("/")
    request.user = user
    request.auth = Group(pk=7, name="stands in for an API key model")

    actor = actor_from_request(request)

    assert (actor.type, actor.user_id, actor.label) == ("api_key", user.pk, "auth.group:7")


def test_writes_outside_a_request_are_the_systems():
    assert current_actor().type == "system"
    with acting_as(system_actor("nightly")):
        student = StudentFactory()

    assert entries_for(student)[0].actor_label == "system:nightly"


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm():
    entry = entries_for(StudentFactory())[0]

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_database_refuses_to_update_an_entry():
    entry = entries_for(StudentFactory())[0]

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")


def test_creating_a_user_is_recorded_once_with_its_detail():
    user = User.objects.create_user(username="once", password=PASSWORD)

    assert [e.action for e in entries_for(user)] == ["create"]
    assert [e.action for e in entries_for(user.personal_detail)] == ["create"]


def test_save_with_update_fields_records_only_the_fields_written():
    student = Student.objects.get(pk=StudentFactory(age=20, name="ravi").pk)
    student.age = 21
    student.name = "not written"

    student.save(update_fields=["age"])

    assert entries_for(student)[-1].changes == {"age": [20, 21]}
    student.refresh_from_db()
    assert student.name == "ravi"
