"""Outgoing mail: built in the request, sent after the transaction commits."""

from __future__ import annotations

import logging
import queue
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


def message_send_on_commit(*, message: EmailMessage, deliver: bool = True) -> None:
    """Send once the surrounding transaction commits; never when it rolls back.

    deliver=False does every step but the delivery: for a stand-in message, so that a request
    that sends nothing (a reset for an unknown address) costs what one that sends does.

    With EMAIL_SEND_IN_BACKGROUND the message joins a queue that one long-lived thread per
    process sends from, so the response waits neither for SMTP nor for a thread to start, and
    takes as long whether or not a message was due. A thread started per message cost the
    request about 4 ms (benchmarks/probe_reset_timing.py).
    """

    def send() -> None:
        if settings.EMAIL_SEND_IN_BACKGROUND:
            _outbox.put((message, deliver))
            _sender_ensure()
        else:
            _send_now(message, deliver)

    transaction.on_commit(send)


_outbox: queue.SimpleQueue[tuple[EmailMessage, bool]] = queue.SimpleQueue()
_sender: threading.Thread | None = None
_sender_lock = threading.Lock()


def _sender_ensure() -> None:
    # Started on first use, so each (forked) server process gets its own.
    global _sender
    if _sender is not None and _sender.is_alive():
        return
    with _sender_lock:
        if _sender is None or not _sender.is_alive():
            _sender = threading.Thread(target=_send_forever, name="registrar-mail", daemon=True)
            _sender.start()


def _send_forever() -> None:
    while True:
        _send_now(*_outbox.get())


def _send_now(message: EmailMessage, deliver: bool = True) -> None:
    try:
        message.message().as_bytes()  # the MIME rendering, for real and stand-in messages alike
        if deliver:
            message.send()
    except Exception:
        # The change that asked for the message has committed; a mail server being down must
        # not turn it into a 500. The log says which message was lost.
        logger.exception("Could not send %r to %s", message.subject, message.to)
