"""The students list: pagination, filters, search, ordering, and a fixed query cost."""

from __future__ import annotations

import pytest

from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def students(user):
    return [
        StudentFactory(owner=user, name="Ravi Kumar", age=17, mobileno="89789791"),
        StudentFactory(owner=user, name="Anuj", age=24, mobileno="98765432"),
        StudentFactory(owner=user, name="Ravina", age=31, mobileno="11112222"),
    ]


def test_the_list_filters_by_an_age_range(auth_client, students):
    assert names(auth_client.get("/api/students/?age_min=18&age_max=30")) == ["Anuj"]
    assert names(auth_client.get("/api/students/?age_min=24")) == ["Anuj", "Ravina"]


def test_the_list_filters_by_name_contains_ignoring_case(auth_client, students):
    assert names(auth_client.get("/api/students/?name=RAVI")) == ["Ravi Kumar", "Ravina"]


def test_the_list_searches_names_and_mobile_numbers(auth_client, students):
    assert names(auth_client.get("/api/students/?search=kumar")) == ["Ravi Kumar"]
    assert names(auth_client.get("/api/students/?search=9876")) == ["Anuj"]


def test_the_list_orders_by_a_chosen_field(auth_client, students):
    assert names(auth_client.get("/api/students/?ordering=-age")) == [
        "Ravina",
        "Anuj",
        "Ravi Kumar",
    ]
    assert names(auth_client.get("/api/students/?ordering=name")) == [
        "Anuj",
        "Ravi Kumar",
        "Ravina",
    ]


def test_an_unknown_ordering_field_is_ignored(auth_client, students):
    assert len(names(auth_client.get("/api/students/?ordering=owner__password"))) == 3


@pytest.mark.parametrize("query", ["age_min=abc", "age_max=0", "age_min=NaN", "name=a%00b"])
def test_a_bad_filter_value_is_a_400(auth_client, students, query):
    response = auth_client.get(f"/api/students/?{query}")

    assert response.status_code == 400
    assert response.json()


def test_the_page_size_is_chosen_by_the_client_up_to_100(auth_client, user):
    StudentFactory.create_batch(3, owner=user)

    body = auth_client.get("/api/students/?page_size=2").json()
    assert len(body["results"]) == 2
    assert body["next"]
    assert len(auth_client.get("/api/students/?page_size=1000").json()["results"]) == 3


@pytest.mark.parametrize("page_size", ["0", "-3", "ten", "", "null"])
def test_a_bad_page_size_is_a_400_naming_it(auth_client, user, page_size):
    StudentFactory(owner=user)

    response = auth_client.get("/api/students/", {"page_size": page_size})

    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_a_page_past_the_end_is_a_json_404(auth_client, students):
    response = auth_client.get("/api/students/?page=99")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_pages_of_1_and_of_100_students_cost_the_same_queries(
    auth_client, user, django_assert_num_queries
):
    StudentFactory.create_batch(100, owner=user)
    auth_client.get("/api/students/?page_size=1")  # token's last_used settles

    # Token lookup, count, page: the personal detail comes in the page's join.
    with django_assert_num_queries(3):
        page = auth_client.get("/api/students/?page_size=1")
    with django_assert_num_queries(3):
        full = auth_client.get("/api/students/?page_size=100")

    assert len(page.json()["results"]) == 1
    assert len(full.json()["results"]) == 100


def test_a_detail_page_costs_a_fixed_number_of_queries(
    auth_client, user, django_assert_num_queries
):
    student = StudentFactory(owner=user)
    auth_client.get(f"/api/students/{student.pk}/")

    with django_assert_num_queries(2):
        assert auth_client.get(f"/api/students/{student.pk}/").status_code == 200
