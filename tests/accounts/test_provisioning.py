"""Every path that creates a user provisions its PersonalDetail and first token."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import services
from accounts.models import AuthToken, PersonalDetail

User = get_user_model()

pytestmark = pytest.mark.django_db


def assert_provisioned(user) -> None:
    assert PersonalDetail.objects.filter(user=user).count() == 1
    assert AuthToken.objects.filter(user=user).count() == 1


def test_a_user_created_through_the_orm_is_provisioned():
    assert_provisioned(User.objects.create_user(username="orm", password="x"))


def test_a_user_saved_by_hand_is_provisioned():
    user = User(username="by-hand")
    user.save()

    assert_provisioned(user)


def test_createsuperuser_provisions_and_grants_only_what_it_was_asked(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct horse battery staple")
    call_command(
        "createsuperuser", "--noinput", username="root", email="r@example.com", stdout=io.StringIO()
    )

    user = User.objects.get(username="root")
    assert_provisioned(user)
    assert user.is_superuser


def test_a_user_added_in_the_admin_is_provisioned_and_its_token_shown_once(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "added",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "usable_password": "true",
            "personal_detail-TOTAL_FORMS": "1",
            "personal_detail-INITIAL_FORMS": "0",
            "personal_detail-MIN_NUM_FORMS": "0",
            "personal_detail-MAX_NUM_FORMS": "1",
            "personal_detail-0-address": "12 Admin Road",
            "personal_detail-0-dob": "",
            "auth_tokens-TOTAL_FORMS": "0",
            "auth_tokens-INITIAL_FORMS": "0",
            "auth_tokens-MIN_NUM_FORMS": "0",
            "auth_tokens-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )

    assert response.status_code == 200
    user = User.objects.get(username="added")
    assert_provisioned(user)
    assert user.personal_detail.address == "12 Admin Road"
    assert not user.is_staff
    messages = [str(m) for m in response.context["messages"]]
    assert any("will not be shown again" in m for m in messages)


def test_updating_a_user_provisions_nothing_more():
    user = User.objects.create_user(username="orm", password="x")
    user.first_name = "Changed"
    user.save()

    assert_provisioned(user)


def test_the_receiver_never_grants_staff_or_superuser():
    user = User.objects.create_user(username="plain", password="x")
    user.refresh_from_db()

    assert not user.is_staff
    assert not user.is_superuser


def test_provisioning_twice_keeps_one_personal_detail():
    user = User.objects.create_user(username="orm", password="x")
    detail = PersonalDetail.objects.get(user=user)

    services.user_provision(user=user)

    assert list(PersonalDetail.objects.filter(user=user)) == [detail]
    assert AuthToken.objects.filter(user=user).count() == 2


def test_a_failing_receiver_leaves_no_user_behind(monkeypatch):
    def explode(*, user):
        raise RuntimeError("provisioning failed")

    monkeypatch.setattr(services, "user_provision", explode)

    with pytest.raises(RuntimeError):
        User.objects.create_user(username="doomed", password="x")

    assert not User.objects.filter(username="doomed").exists()


def test_a_raw_save_provisions_nothing(tmp_path):
    fixture = tmp_path / "users.json"
    fixture.write_text(
        '[{"model": "accounts.user", "pk": 900, "fields": {"username": "loaded", "password": "!"}},'
        ' {"model": "accounts.personaldetail", "pk": 900, "fields": {"user": 900, "address": "x"}}]'
    )

    call_command("loaddata", str(fixture), verbosity=0)

    user = User.objects.get(username="loaded")
    assert PersonalDetail.objects.filter(user=user).count() == 1
    assert not AuthToken.objects.filter(user=user).exists()
