import pytest
from django.contrib.auth.models import AnonymousUser

from students import selectors
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_student_list_gives_staff_everything_and_others_their_own():
    owner, staff = UserFactory(), UserFactory(is_staff=True)
    mine = StudentFactory(owner=owner)
    ownerless = StudentFactory(owner=None)

    assert list(selectors.student_list(actor=owner)) == [mine]
    assert list(selectors.student_list(actor=staff)) == [mine, ownerless]
    assert list(selectors.student_list(actor=AnonymousUser())) == []


def test_the_student_list_joins_the_personal_detail(django_assert_num_queries):
    owner = UserFactory()
    StudentFactory.create_batch(3, owner=owner)

    with django_assert_num_queries(1):
        assert all(s.personal_detail.pk for s in selectors.student_list(actor=owner))
