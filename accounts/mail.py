"""Outgoing mail: built in the request, sent after the transaction commits."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def message_build(*, to: str, template: str, context: dict[str, object]) -> EmailMessage:
    """A plain-text message from accounts/email/<template>.txt; its first line is the subject."""
    subject, _, body = render_to_string(f"accounts/email/{template}.txt", context).partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.lstrip("\n"), to=[to])


def message_send_on_commit(*, message: EmailMessage) -> None:
    """Send once the surrounding transaction commits; never when it rolls back.

    With EMAIL_SEND_IN_BACKGROUND the SMTP conversation runs on a thread of its own, so the
    response does not wait for it and takes as long whether or not a message was due.
    """

    def send() -> None:
        if settings.EMAIL_SEND_IN_BACKGROUND:
            threading.Thread(target=_send_now, args=(message,), daemon=True).start()
        else:
            _send_now(message)

    transaction.on_commit(send)


def _send_now(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        # The change that asked for the message has committed; a mail server being down must
        # not turn it into a 500. The log says which message was lost.
        logger.exception("Could not send %r to %s", message.subject, message.to)
