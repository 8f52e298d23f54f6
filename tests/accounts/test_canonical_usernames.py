"""One name, one account: case and Unicode form do not make a second one; ASCII by default."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from accounts.usernames import canonical_username
from tests.accounts.helpers import basic, registrar
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
LOGIN = "/api/auth/login/"
STRONG = "a long and unusual passphrase 7"
CYRILLIC_A = "\u0430"

migration = importlib.import_module("accounts.migrations.0005_username_canonical_unique")


def register(client, username: str):
    return client.post(REGISTER, {"username": username, "password": STRONG}, format="json")


def test_case_variants_of_a_name_register_once(api_client):
    statuses = [register(api_client, name).status_code for name in ["Admin", "ADMIN", "admin"]]

    assert statuses == [201, 400, 400]
    assert User.objects.count() == 1


def test_a_fullwidth_variant_is_the_same_name_even_with_unicode_allowed(api_client):
    assert register(api_client, "admin").status_code == 201
    with registrar(USERNAME_ALLOW_UNICODE=True):
        fullwidth = register(api_client, "\uff41\uff44\uff4d\uff49\uff4e")  # fullwidth "admin"

    assert fullwidth.status_code == 400
    assert fullwidth.json()["username"] == ["A user with that username already exists."]
    assert canonical_username("\uff21\uff24\uff2d\uff29\uff2e") == "admin"


def test_a_cyrillic_look_alike_is_refused_by_default(api_client):
    answer = register(api_client, f"{CYRILLIC_A}dmin")

    assert answer.status_code == 400
    assert "ASCII" in answer.json()["username"][0]


def test_widening_the_setting_accepts_other_scripts_but_not_case_variants(api_client):
    with registrar(USERNAME_ALLOW_UNICODE=True):
        first = register(api_client, "\u00e9lise")
        again = register(api_client, "\u00c9LISE")

    assert first.status_code == 201
    assert again.status_code == 400


def test_the_database_refuses_a_case_variant_however_it_is_written():
    UserFactory(username="carol")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="CAROL", password="!")])


def test_login_and_basic_find_the_account_whatever_the_case(api_client):
    user = UserFactory(username="dave")

    login = api_client.post(LOGIN, {"username": "DAVE", "password": PASSWORD}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=basic("Dave", PASSWORD))
    me = api_client.get("/api/auth/me/")

    assert login.status_code == 200
    assert me.status_code == 200 and me.json()["id"] == user.pk


def test_the_admin_refuses_a_case_variant_of_an_existing_name(admin_client):
    UserFactory(username="erin")

    page = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "ERIN",
            "password1": STRONG,
            "password2": STRONG,
            "usable_password": "true",
            "personal_detail-TOTAL_FORMS": "0",
            "personal_detail-INITIAL_FORMS": "0",
            "auth_tokens-TOTAL_FORMS": "0",
            "auth_tokens-INITIAL_FORMS": "0",
        },
    )

    assert page.status_code == 200  # the form again, with the error
    assert User.objects.filter(username="ERIN").count() == 0


def test_the_migration_lists_canonical_duplicates_and_changes_nothing():
    with connection.cursor() as cursor:
        # As before the migration: the unique index on lower(username) does not exist yet.
        cursor.execute("DROP INDEX accounts_user_username_canonical")
    for name in ["Frank", "FRANK", "frank", "grace", "Grace"]:
        UserFactory(username=name)

    with pytest.raises(migration.CanonicalDuplicates) as refused:
        migration.refuse_canonical_duplicates(apps, SimpleNamespace(connection=connection))

    message = str(refused.value)
    assert "'frank': 'FRANK', 'Frank', 'frank'" in message
    assert "'grace': 'Grace', 'grace'" in message
    assert User.objects.filter(username__in=["Frank", "FRANK", "frank"]).count() == 3


def test_the_migration_passes_when_every_name_is_distinct():
    UserFactory(username="heidi")
    UserFactory(username="ivan")

    migration.refuse_canonical_duplicates(apps, SimpleNamespace(connection=connection))
