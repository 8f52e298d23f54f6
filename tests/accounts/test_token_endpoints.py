"""The token lifecycle endpoints: logout, logout-all, my tokens, me, password."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import AuthToken
from tests.accounts.helpers import basic
from tests.factories import PASSWORD, UserFactory

SECURE = "/api/secure/"
NEW_PASSWORD = "a brand new passphrase"

pytestmark = pytest.mark.django_db


def client_with(header: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_logout_revokes_only_this_token(user):
    this = client_with(f"Token {services.auth_token_login(user=user, name='a')}")
    other = client_with(f"Token {services.auth_token_login(user=user, name='b')}")

    assert this.post("/api/auth/logout/").status_code == 204

    assert this.get(SECURE).status_code == 401
    assert other.get(SECURE).status_code == 200


def test_logout_without_a_token_is_a_400(user):
    response = client_with(basic(user.username, PASSWORD)).post("/api/auth/logout/")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_logout_all_revokes_every_token_of_the_user_and_no_one_elses(user):
    mine = [client_with(f"Token {services.auth_token_login(user=user)}") for _ in range(3)]
    stranger = client_with(f"Token {services.auth_token_login(user=UserFactory())}")

    assert mine[0].post("/api/auth/logout-all/").status_code == 204

    assert all(c.get(SECURE).status_code == 401 for c in mine)
    assert stranger.get(SECURE).status_code == 200
    assert not AuthToken.objects.filter(user=user).exists()


def test_my_tokens_lists_names_and_dates_but_never_a_secret(auth_client, user, token):
    response = auth_client.get("/api/auth/tokens/")

    assert response.status_code == 200
    rows = response.json()
    assert {r["name"] for r in rows} == {"initial", "tests"}
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created",
        "last_used",
        "expires",
        "idle_expires",
        "current",
    }
    assert [r["current"] for r in rows if r["name"] == "tests"] == [True]
    assert token not in response.content.decode()


def test_my_tokens_never_lists_another_users_tokens(auth_client):
    services.auth_token_login(user=UserFactory(), name="not yours")

    names = {r["name"] for r in auth_client.get("/api/auth/tokens/").json()}

    assert "not yours" not in names


def test_deleting_one_of_my_tokens_revokes_it(auth_client, user):
    secret = services.auth_token_login(user=user, name="laptop")
    laptop = AuthToken.objects.get(user=user, name="laptop")

    assert auth_client.delete(f"/api/auth/tokens/{laptop.pk}/").status_code == 204

    assert client_with(f"Token {secret}").get(SECURE).status_code == 401


@pytest.mark.parametrize("pk", ["other", "999999", "99999999999999999999999"])
def test_deleting_a_token_that_is_not_mine_is_a_404(auth_client, pk):
    services.auth_token_login(user=UserFactory(), name="theirs")
    if pk == "other":
        pk = AuthToken.objects.get(name="theirs").pk

    response = auth_client.delete(f"/api/auth/tokens/{pk}/")

    assert response.status_code == 404
    assert AuthToken.objects.filter(name="theirs").exists()


def test_me_shows_my_account(auth_client, user):
    response = auth_client.get("/api/auth/me/")

    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert "password" not in response.json()


def test_me_can_be_patched_but_not_the_username(auth_client, user):
    response = auth_client.patch(
        "/api/auth/me/",
        {"first_name": "Ravi", "email": "ravi@example.com", "username": "root"},
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.email, user.username) == (
        "Ravi",
        "ravi@example.com",
        response.json()["username"],
    )
    assert user.username != "root"


def test_a_bad_email_on_me_is_a_400_naming_the_field(auth_client):
    response = auth_client.patch("/api/auth/me/", {"email": "not-an-email"}, format="json")

    assert response.status_code == 400
    assert "email" in response.json()


def test_me_does_not_accept_put(auth_client):
    assert auth_client.put("/api/auth/me/", {}, format="json").status_code == 405


def test_changing_the_password_keeps_this_token_and_revokes_every_other(user):
    this = client_with(f"Token {services.auth_token_login(user=user, name='this')}")
    other = client_with(f"Token {services.auth_token_login(user=user, name='other')}")

    response = this.post(
        "/api/auth/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 204
    assert this.get(SECURE).status_code == 200
    assert other.get(SECURE).status_code == 401
    assert list(AuthToken.objects.filter(user=user).values_list("name", flat=True)) == ["this"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_after_a_password_change_old_tokens_and_the_cached_basic_credential_get_401(user):
    old_basic = client_with(basic(user.username, PASSWORD))
    assert old_basic.get(SECURE).status_code == 200  # verified, and now remembered
    assert old_basic.get(SECURE).status_code == 200  # served from the remembered credential
    old_token = client_with(f"Token {services.auth_token_login(user=user)}")
    this = client_with(f"Token {services.auth_token_login(user=user)}")

    this.post(
        "/api/auth/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert old_token.get(SECURE).status_code == 401
    assert old_basic.get(SECURE).status_code == 401
    assert client_with(basic(user.username, NEW_PASSWORD)).get(SECURE).status_code == 200


def test_a_wrong_current_password_is_a_400_and_changes_nothing(auth_client, user):
    response = auth_client.post(
        "/api/auth/password/",
        {"current_password": "wrong", "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    assert "current_password" in response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "payload",
    [
        {"current_password": PASSWORD, "new_password": "123"},
        {"current_password": PASSWORD},
        {"new_password": NEW_PASSWORD},
        [],
    ],
)
def test_a_bad_password_change_is_a_400(auth_client, user, payload):
    response = auth_client.post("/api/auth/password/", payload, format="json")

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/auth/logout/"),
        ("post", "/api/auth/logout-all/"),
        ("get", "/api/auth/tokens/"),
        ("delete", "/api/auth/tokens/1/"),
        ("get", "/api/auth/me/"),
        ("patch", "/api/auth/me/"),
        ("post", "/api/auth/password/"),
    ],
)
def test_the_lifecycle_endpoints_need_authentication(api_client, method, url):
    response = getattr(api_client, method)(url)

    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")
