"""Background jobs every app uses: e-mail leaves the web request through the outbox."""

from celery import shared_task

from . import mailer, storage


@shared_task(acks_late=True)
def deliver_email(message_id: int) -> str:
    """Send one outbox message (a failure is recorded on the row and retried by the sweeper)."""
    return mailer.deliver(message_id)


@shared_task
def purge_deleted_files() -> int:
    """Daily: remove the files deleted longer ago than their retention period."""
    return len(storage.purge_deleted_files())
