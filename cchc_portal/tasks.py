"""The sweeper: what a broker outage, a killed worker or a lost database connection left behind is sent again.

Run every minute by Celery beat (`CELERY_BEAT_SCHEDULE`), once whenever a worker
starts, and by `manage.py sweep` where there is no beat. Every job it sends is
safe to run twice, so a sweep that overlaps the original message costs nothing.
"""

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from core import mailer
from core.dispatch import send
from core.spreadsheets import spreadsheets_to_send_again
from core.tasks import build_spreadsheet, deliver_email
from reports.tasks import sweep_jobs
from units import scheduling
from units.tasks import apply_scheduled_reorganisations


def sweep_now() -> dict[str, int]:
    now = timezone.now()
    found = sweep_jobs(now)
    spreadsheets = spreadsheets_to_send_again(now)
    for export_id in spreadsheets:
        send(build_spreadsheet, export_id)
    emails = mailer.due_messages()
    for message_id in emails:
        send(deliver_email, message_id)
    # A day whose 00:05 run was missed (beat or workers down) still gets its reorganisations.
    reorganisations = scheduling.due().count()
    if reorganisations:
        send(apply_scheduled_reorganisations)
    return {**found, "spreadsheets": len(spreadsheets), "emails": len(emails), "reorganisations": reorganisations}


@shared_task
def sweep() -> dict[str, int]:
    return sweep_now()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs):
    """A worker that starts (after a crash or a reboot) first has what was left behind sent again."""
    send(sweep)
