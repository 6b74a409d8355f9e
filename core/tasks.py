"""Background jobs every app uses: e-mail leaves the web request through the outbox."""

from celery import shared_task
from django.utils import timezone

from . import mailer, spreadsheets, storage


@shared_task(acks_late=True)
def deliver_email(message_id: int) -> str:
    """Send one outbox message (a failure is recorded on the row and retried by the sweeper)."""
    return mailer.deliver(message_id)


@shared_task
def purge_deleted_files() -> int:
    """Daily: remove the files deleted longer ago than their retention period, and old list spreadsheets."""
    spreadsheets.forget_old_spreadsheets(timezone.now())
    return len(storage.purge_deleted_files())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_spreadsheet(export_id: int) -> str:
    """Write a long list's XLSX; a failure is shown on its page (the sweeper retries a lost one)."""
    try:
        return spreadsheets.write_spreadsheet(export_id)
    except Exception as error:
        spreadsheets.mark_failed(export_id, error)
        raise
