"""The user admin shows details and tokens, never a secret, except a new token's value once."""

from __future__ import annotations

import pytest

from accounts import services as account_services
from accounts.models import AuthToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_users_page_shows_their_details_and_tokens_but_no_secret(admin_client):
    user = UserFactory()
    secret = account_services.auth_token_login(user=user, name="laptop")
    token = AuthToken.objects.get(user=user, name="laptop")

    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()

    assert "Personal detail" in page
    assert token.prefix in page and "laptop" in page
    assert secret not in page
    assert token.digest not in page
    assert user.password not in page


def test_the_token_list_shows_no_secret_or_digest(admin_client):
    user = UserFactory()
    secret = account_services.auth_token_login(user=user, name="laptop")
    token = AuthToken.objects.get(user=user, name="laptop")

    listing = admin_client.get("/admin/accounts/authtoken/").content.decode()
    change = admin_client.get(f"/admin/accounts/authtoken/{token.pk}/change/").content.decode()

    for page in (listing, change):
        assert token.prefix in page
        assert secret not in page
        assert token.digest not in page


def test_adding_a_user_shows_the_new_token_once(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "usable_password": "true",
            "personal_detail-TOTAL_FORMS": "0",
            "personal_detail-INITIAL_FORMS": "0",
            "auth_tokens-TOTAL_FORMS": "0",
            "auth_tokens-INITIAL_FORMS": "0",
        },
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"] if "API token for newcomer" in str(m)]
    assert len(shown) == 1
    secret = shown[0].split(": ", 1)[1].split(" ", 1)[0]
    assert AuthToken.objects.filter(user__username="newcomer").count() == 1
    assert secret not in admin_client.get(response.request["PATH_INFO"]).content.decode()
