"""The mail server down while reminders go out, then up: every reminder delivered exactly once.

A Celery worker and beat (sweeping every 2 s) run on production settings with
EMAIL_URL pointing at a port where nothing listens yet. `manage.py send_reminders
--date 2021-12-24` (a week before the demo tasks' deadline) queues the reminders
in the outbox; the worker tries each, is refused, and the sweeper tries again
with backoff (first wait shortened to 2 s, then 4 s, 8 s). Then the mail server (faults.smtp_sink)
starts: every outbox row must end `sent`, and the server must have received each
(recipient, subject, text) exactly once, none lost, none doubled, including after a few
more sweeps and a second run of the command.
"""

import collections
import json
import time

from faults.harness import free_port, wait_until
from faults.portal import record
from faults.smtp_sink import SmtpSink, normalised

OUTBOX = (
    "SELECT coalesce(json_agg(json_build_object('subject', subject, 'body', body, 'to', \"to\", 'status', status, "
    "'attempts', attempts) ORDER BY id), '[]') FROM core_outgoingemail"
)


def test_reminders_queued_while_the_mail_server_is_down_are_delivered_once(private_redis, make_portal):
    with SmtpSink(free_port()) as sink:
        portal = make_portal(
            private_redis.url(),
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            CCHC_MAIL_FIRST_RETRY_SECONDS=2,
            CCHC_SWEEP_EVERY_SECONDS=2,
            CCHC_REDISPATCH_AFTER_SECONDS=3,
        )
        portal.worker()
        portal.beat()

        def outbox() -> list[dict]:
            return json.loads(portal.sql(OUTBOX))

        sent = portal.manage("send_reminders", "--date", "2021-12-24").stdout
        reminders = int(sent.split()[0])
        queued = outbox()
        down_at = time.monotonic()
        wait_until(
            lambda: all(row["attempts"] >= 3 for row in outbox()),
            timeout=40,
            interval=0.3,
            message="three refused attempts for every e-mail (the worker's, then the sweeper's with backoff)",
        )
        refused = sum(row["attempts"] for row in outbox())
        sink.start()
        up_at = time.monotonic()
        try:
            wait_until(lambda: all(row["status"] == "sent" for row in outbox()), timeout=60, interval=0.3)
        finally:
            recovered = time.monotonic() - up_at
        time.sleep(6)  # three more sweeps: nothing may be sent again
        again = portal.manage("send_reminders", "--date", "2021-12-24").stdout
        time.sleep(2)
        final = outbox()

    expected = collections.Counter(
        (rcpt, row["subject"], normalised(row["body"])) for row in queued for rcpt in row["to"]
    )
    received = collections.Counter(sink.deliveries())
    lost = sum((expected - received).values())
    doubled = sum((received - expected).values())
    record(
        "smtp-down",
        f"{reminders} reminders queued as {len(queued)} e-mails to {sum(expected.values())} recipients with the "
        f"mail server down, {refused} refused attempts in {up_at - down_at:.1f} s; server back: all delivered "
        f"{recovered:.1f} s later, {sum(received.values())} deliveries, lost {lost}, doubled {doubled}",
        reminders=reminders,
        emails=len(queued),
        recipients=sum(expected.values()),
        refused_attempts=refused,
        outage_s=round(up_at - down_at, 1),
        recovered_s=round(recovered, 1),
        delivered=sum(received.values()),
        lost=lost,
        doubled=doubled,
    )
    assert reminders > 0 and queued and all(row["status"] == "pending" for row in queued)
    assert lost == 0 and doubled == 0, (expected, received)
    assert all(count == 1 for count in received.values())
    assert again.startswith("0 reminders"), again
    assert len(final) == len(queued) and all(row["status"] == "sent" for row in final)
