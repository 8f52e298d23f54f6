"""The one place that reads the environment: its defaults, and a bad value named clearly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


def test_a_missing_required_variable_is_named(monkeypatch):
    monkeypatch.delenv("REGISTRAR_TEST_SECRET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="REGISTRAR_TEST_SECRET"):
        env_str("REGISTRAR_TEST_SECRET")


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), (" On ", True), ("0", False), ("", False)]
)
def test_a_boolean_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("REGISTRAR_TEST_FLAG", raw)

    assert env_bool("REGISTRAR_TEST_FLAG", default=not expected) is expected


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("REGISTRAR_TEST_FLAG", raising=False)

    assert env_bool("REGISTRAR_TEST_FLAG", default=True) is True


def test_an_integer_that_is_not_one_is_named(monkeypatch):
    monkeypatch.setenv("REGISTRAR_TEST_COUNT", "ten")

    with pytest.raises(ImproperlyConfigured, match="REGISTRAR_TEST_COUNT must be an integer"):
        env_int("REGISTRAR_TEST_COUNT", 3)


def test_a_blank_integer_takes_its_default_and_a_list_drops_blanks(monkeypatch):
    monkeypatch.setenv("REGISTRAR_TEST_COUNT", " ")
    monkeypatch.setenv("REGISTRAR_TEST_LIST", "a, ,b,")

    assert env_int("REGISTRAR_TEST_COUNT", 3) == 3
    assert env_list("REGISTRAR_TEST_LIST") == ["a", "b"]
