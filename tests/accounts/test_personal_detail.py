"""The user's own /api/auth/me/personal-detail/ (pictures are covered in tests/core)."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/auth/me/personal-detail/"


def test_a_user_reads_and_changes_their_own_details(auth_client):
    assert auth_client.get(URL).json() == {"address": "", "dob": None, "pic": None}

    response = auth_client.put(URL, {"address": "home", "dob": "2000-01-02"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"address": "home", "dob": "2000-01-02", "pic": None}


def test_bad_details_are_a_400_naming_the_field(auth_client):
    response = auth_client.patch(URL, {"dob": "yesterday"}, format="json")

    assert response.status_code == 400
    assert "dob" in response.json()


def test_the_endpoint_needs_authentication(api_client):
    assert api_client.get(URL).status_code == 401
