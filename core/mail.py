"""Queueing e-mail: every app asks here, so how mail leaves the portal is decided in one place."""

from django.db import transaction

from .tasks import send_email


def queue_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    """Send once the current transaction commits (a rolled-back change mails nobody)."""
    if to:
        transaction.on_commit(lambda: send_email.delay(subject, body, list(to), html_body))
