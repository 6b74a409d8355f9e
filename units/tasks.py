"""The daily job of the registry: reorganisations recorded ahead take effect on their date."""

from celery import shared_task

from . import scheduling


@shared_task
def apply_scheduled_reorganisations() -> dict[str, int]:
    return scheduling.apply_due()
