"""The Django internals the token stores lean on: each test fails if Django changes one.

accounts/token_stores.py builds instances as unpickling does.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.models.base import ModelState, model_unpickle
from django.test.utils import CaptureQueriesContext

from accounts.models import AuthToken, User
from accounts.token_stores import TOKEN_FIELDS, USER_FIELDS, instance

pytestmark = pytest.mark.django_db


def _internal(obj) -> set[str]:
    # core.tracking's record of loaded values is skipped on purpose (see instance()).
    return set(obj.__dict__) - {"_tracking_loaded"}


@pytest.mark.parametrize(("model", "fields"), [(User, USER_FIELDS), (AuthToken, TOKEN_FIELDS)])
def test_a_built_instance_is_what_unpickling_a_loaded_one_gives(model, fields, user, token):
    loaded = model.objects.only(*fields).order_by("pk").first()
    unpickled = pickle.loads(pickle.dumps(loaded))  # noqa: S301 (our own bytes)
    attnames = [model._meta.get_field(f).attname for f in fields]

    built = instance(model, "default", attnames, [getattr(loaded, a) for a in attnames])

    assert model.__reduce__(loaded)[0] is model_unpickle
    assert _internal(built) == _internal(unpickled) - {"_django_version"}
    assert built.get_deferred_fields() == unpickled.get_deferred_fields()
    assert (built._state.adding, built._state.db) == (False, "default")
    assert built == loaded
    assert {a: getattr(built, a) for a in attnames} == {a: getattr(loaded, a) for a in attnames}


def test_a_fresh_model_state_is_an_unsaved_row_with_an_empty_fields_cache():
    state = ModelState()

    assert (state.adding, state.db, state.fields_cache) == (True, None, {})


def test_a_built_user_loads_every_deferred_field_in_one_query(user):
    built = instance(User, "default", ("id", "username"), (user.pk, user.username))

    with CaptureQueriesContext(connection) as queries:
        assert (built.email, built.date_joined, built.last_name) == (
            user.email,
            user.date_joined,
            user.last_name,
        )

    assert len(queries) == 1


def test_a_built_user_saves_as_a_loaded_one_does(user):
    built = instance(User, "default", ("id", "username"), (user.pk, user.username))

    built.first_name = "Changed"
    built.save(update_fields=["first_name"])

    user.refresh_from_db()
    assert user.first_name == "Changed"
    assert User.objects.count() == 1


def test_the_auth_doc_names_only_tests_and_files_that_exist():
    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "auth.md").read_text()
    tests = "".join(p.read_text() for p in (root / "tests").rglob("test_*.py"))

    named = set(re.findall(r"`(test_\w+)`", doc))
    paths = set(re.findall(r"`?((?:accounts|tests)/[\w/]+\.py)", doc))

    assert named and paths
    assert [t for t in named if f"def {t}(" not in tests] == []
    assert [p for p in paths if not (root / p).exists()] == []
