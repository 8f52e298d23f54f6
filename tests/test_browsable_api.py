import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_browsable_api_works_with_a_session_login(client):
    user = UserFactory()

    login = client.post("/api-auth/login/", {"username": user.username, "password": PASSWORD})
    page = client.get("/api/students/", HTTP_ACCEPT="text/html")

    assert login.status_code == 302
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert user.username in page.content.decode()


def test_the_browsable_api_login_page_is_served(client):
    assert client.get("/api-auth/login/").status_code == 200
