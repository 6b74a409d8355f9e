"""Delivering the e-mail outbox: marked sent only once the mail server has accepted a message.

A failure waits longer each time before the next attempt (1, 2, 4 ... minutes, at
most an hour; `MAIL_FIRST_RETRY_SECONDS` sets the first wait), and the sweeper sends
what is due, so a mail server that is down for hours loses nothing; after three
days a message is given up and logged.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail

log = logging.getLogger(__name__)

LONGEST_WAIT = datetime.timedelta(hours=1)
GIVE_UP_AFTER = datetime.timedelta(days=3)


def _wait_after(attempts: int) -> datetime.timedelta:
    first = datetime.timedelta(seconds=settings.MAIL_FIRST_RETRY_SECONDS)
    return min(first * 2 ** min(max(attempts - 1, 0), 10), LONGEST_WAIT)


def deliver(message_id: int, now=None) -> str:
    """Send one outbox message that is still pending; safe to run twice (a sent one is left alone)."""
    with transaction.atomic():
        message = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.status != EmailStatus.PENDING:
            return "nothing to do"
        email = EmailMultiAlternatives(message.subject, message.body, to=message.to)
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        now = now or timezone.now()
        try:
            email.send()
        except (OSError, ConnectionError) as error:  # smtplib's errors are OSErrors
            message.attempts += 1
            message.last_error = str(error)[:1000]
            message.next_attempt_at = now + _wait_after(message.attempts)
            if now - message.created_at > GIVE_UP_AFTER:
                message.status = EmailStatus.FAILED
                log.error("e-mail %s given up after %s attempts: %s", message.pk, message.attempts, error)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
            return "not sent"
        message.status, message.sent_at = EmailStatus.SENT, now
        message.attempts += 1
        message.save(update_fields=["status", "sent_at", "attempts"])
    return "sent"


def due_messages(limit: int = 500, now=None) -> list[int]:
    """Outbox messages whose next attempt is due (the sweeper sends them again)."""
    return list(
        OutgoingEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
