"""Background jobs of remediation: thin wrappers around services."""

from celery import shared_task

from .services.reminders import send_remediation_reminders as send_reminders_service


@shared_task
def send_remediation_reminders() -> int:
    """Daily: deadline reminders and escalations (safe to run twice)."""
    return send_reminders_service()
