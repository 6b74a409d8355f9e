"""The e-mail outbox: marked sent only once the mail server accepted it; a server that is down loses nothing."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from core import mailer
from core.mail import queue_email
from core.models import EmailStatus, OutgoingEmail


class DownServer:
    """An e-mail backend whose server refuses connections, as an SMTP server that is down does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


@pytest.fixture
def down(settings):
    settings.EMAIL_BACKEND = "core.tests.test_outbox.DownServer"


def test_queued_mail_is_sent_after_commit_and_marked_sent(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(subject="Nhắc hạn", body="Còn 7 ngày", to=["a@example.test", "", "a@example.test"])
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT and message.attempts == 1 and message.sent_at
    assert [m.to for m in mail.outbox] == [["a@example.test"]]


def test_nobody_to_mail_writes_nothing(db):
    assert queue_email(subject="x", body="y", to=["", None]) is None and not OutgoingEmail.objects.exists()


def test_a_mail_server_that_is_down_delays_but_loses_nothing(db, down, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(subject="Nhắc hạn", body="Còn 1 ngày", to=["b@example.test"])
    message.refresh_from_db()
    assert message.status == EmailStatus.PENDING and message.attempts == 1
    assert "421" in message.last_error and message.next_attempt_at > timezone.now()
    # Still down a minute later: it waits twice as long.
    later = message.next_attempt_at + datetime.timedelta(seconds=1)
    assert message.pk in mailer.due_messages(now=later)
    mailer.deliver(message.pk, now=later)
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at - later >= datetime.timedelta(minutes=2)
    # The server is back: delivered once, and a second delivery sends nothing more.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mailer.deliver(message.pk) == "sent"
    assert mailer.deliver(message.pk) == "nothing to do"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Nhắc hạn"


def test_the_first_wait_after_a_refusal_is_a_setting(db, down, settings):
    settings.MAIL_FIRST_RETRY_SECONDS = 5
    message = OutgoingEmail.objects.create(subject="Nhắc hạn", body="Còn 1 ngày", to=["c@example.test"])
    now = timezone.now()
    waits = []
    for _ in range(3):
        mailer.deliver(message.pk, now=now)
        message.refresh_from_db()
        waits.append((message.next_attempt_at - now).total_seconds())
        now = message.next_attempt_at
    assert waits == [5, 10, 20]


def test_an_hour_of_silence_is_retried_and_three_days_are_given_up(db, down):
    message = OutgoingEmail.objects.create(subject="x", body="y", to=["c@example.test"])
    start = timezone.now()
    for minutes in range(0, 60 * 24 * 3 + 120, 30):
        mailer.deliver(message.pk, now=start + datetime.timedelta(minutes=minutes))
    message.refresh_from_db()
    assert message.status == EmailStatus.FAILED
    assert message.attempts >= 70  # about every hour for three days, after the first minutes
