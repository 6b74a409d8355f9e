"""Background jobs of the reports app: thin wrappers around `jobs`, safe to run twice."""

from celery import shared_task
from django.db import DatabaseError

from . import jobs
from .models import DocumentExport, ExportStatus


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, soft_time_limit=120, time_limit=180)
def render_document(self, document_id: int) -> str:
    """Render a document's PDF. Transient errors (disk, database) retry with backoff; others fail visibly."""
    try:
        return jobs.document_render(document_id)
    except (OSError, DatabaseError) as error:
        if self.request.retries >= self.max_retries:
            jobs.document_render_failed(document_id, error)
            raise
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    except Exception as error:  # a document that cannot be rendered: say so on the page
        jobs.document_render_failed(document_id, error)
        raise


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=1800, time_limit=1900)
def run_export(export_id: int) -> None:
    try:
        jobs.export_run(export_id)
    except Exception as error:
        DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(error)[:500])
        raise
