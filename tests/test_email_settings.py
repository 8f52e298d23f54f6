"""E-mail is configured from EMAIL_URL or the individual EMAIL_* variables."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_config

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in ["EMAIL_URL", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS"]:
        monkeypatch.delenv(name, raising=False)


def test_without_settings_mail_goes_to_the_console():
    assert email_config()["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_an_smtp_url_gives_host_port_and_credentials(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://mailer:p%40ss@127.0.0.1:1025?timeout=5")

    config = email_config()

    assert config["EMAIL_BACKEND"] == SMTP
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("127.0.0.1", 1025)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert config["EMAIL_TIMEOUT"] == 5
    assert not config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp+tls://mail.example.com", 587, True, False),
        ("submission://mail.example.com", 587, True, False),
        ("smtps://mail.example.com", 465, False, True),
        ("smtp://mail.example.com?tls=1", 25, True, False),
    ],
)
def test_the_scheme_chooses_tls(monkeypatch, url, port, tls, ssl):
    monkeypatch.setenv("EMAIL_URL", url)

    config = email_config()

    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (
        port,
        tls,
        ssl,
    )


def test_the_individual_variables_apply_without_a_url(monkeypatch):
    monkeypatch.setenv("EMAIL_BACKEND", SMTP)
    monkeypatch.setenv("EMAIL_HOST", "mail.example.com")
    monkeypatch.setenv("EMAIL_PORT", "2525")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")

    config = email_config()

    assert (config["EMAIL_BACKEND"], config["EMAIL_HOST"]) == (SMTP, "mail.example.com")
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (2525, True)


@pytest.mark.parametrize("url", ["gopher://x", "smtp://host:notaport", "smtp://h?timeout=x"])
def test_a_bad_url_is_refused_at_startup(monkeypatch, url):
    monkeypatch.setenv("EMAIL_URL", url)

    with pytest.raises(ImproperlyConfigured):
        email_config()


def test_console_and_locmem_urls_name_their_backends(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "locmem://")
    assert email_config()["EMAIL_BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
