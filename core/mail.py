"""Queueing e-mail: every app asks here, so how mail leaves the portal is decided in one place.

`queue_email` writes an outbox row in the caller's transaction and hands its id
to a worker after commit (`core.tasks.deliver_email`, which runs `mailer.deliver`);
if the broker is away the sweeper hands it over later. Nothing is lost either way.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .dispatch import send_on_commit
from .models import OutgoingEmail
from .tasks import deliver_email


def queue_email(
    *, subject: str, body: str, to: list[str], html_body: str = "", purpose: str = ""
) -> OutgoingEmail | None:
    """Owe these people this e-mail; it leaves after commit (a rolled-back change mails nobody)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    # Sent now; the sweeper looks at it again only if it is still pending after a while.
    first_look = timezone.now() + datetime.timedelta(seconds=settings.REDISPATCH_AFTER_SECONDS)
    message = OutgoingEmail.objects.create(
        subject=subject[:300],
        body=body,
        html_body=html_body or "",
        to=recipients,
        purpose=purpose,
        next_attempt_at=first_look,
    )
    send_on_commit(deliver_email, message.pk)
    return message


def sent_recently(*, purpose: str, to: str, within: datetime.timedelta) -> int:
    """How many e-mails of this purpose the portal queued for this one address lately."""
    since = timezone.now() - within
    return OutgoingEmail.objects.filter(purpose=purpose, to=[to], created_at__gte=since).count()
