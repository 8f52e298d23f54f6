"""REGISTRATION_OPEN: off, self-service registration answers 403; staff still add users."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "correct horse battery staple"


@pytest.mark.parametrize("url", ["/demotoken/register/", "/api/auth/register/"])
def test_registration_closed_gives_403_with_a_clear_message(api_client, settings, url):
    settings.REGISTRATION_OPEN = False

    response = api_client.post(url, {"username": "ravi", "password": STRONG}, format="json")

    assert response.status_code == 403
    assert "Registration is closed" in response.json()["detail"]
    assert not User.objects.filter(username="ravi").exists()


def test_registration_closed_answers_403_even_to_bad_input(api_client, settings):
    settings.REGISTRATION_OPEN = False

    assert api_client.post("/api/auth/register/", {}, format="json").status_code == 403


def test_staff_still_create_users_with_createsuperuser(settings, monkeypatch):
    settings.REGISTRATION_OPEN = False
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("createsuperuser", "--noinput", "--username=dean", "--email=dean@example.com")

    assert User.objects.get(username="dean").is_superuser


def test_staff_still_create_users_in_the_admin(admin_client, settings):
    settings.REGISTRATION_OPEN = False

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "ravi",
            "password1": STRONG,
            "password2": STRONG,
            "usable_password": "true",
            "personal_detail-TOTAL_FORMS": "0",
            "personal_detail-INITIAL_FORMS": "0",
            "auth_tokens-TOTAL_FORMS": "0",
            "auth_tokens-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(username="ravi").exists()


def test_registration_is_open_by_default(api_client):
    response = api_client.post(
        "/api/auth/register/", {"username": "ravi", "password": STRONG}, format="json"
    )

    assert response.status_code == 201
