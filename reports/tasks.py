"""Background jobs of the reports app: thin wrappers around `jobs`, safe to run twice.

A batch export fans out: `run_export` queues one `render_document` per document
still to render, each render counts itself in, and the last one queues
`zip_export`. With two workers the renders of a batch take about half the time.
`sweep_jobs` (every minute, and when a worker starts) sends again what a broker
outage or a killed worker left behind.
"""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from core.dispatch import send
from core.notifications import in_portal_language
from units.models import User

from . import jobs
from .dashboard import drawn_figures
from .figures import Selection, figures_cache_key, recount_figures
from .models import DocumentExport, ExportStatus


def _advance(export_id: int | None) -> None:
    if export_id is not None and jobs.export_progress(export_id):
        send(zip_export, export_id)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.RENDER_TIME_LIMIT,
)
def render_document(self, document_id: int, export_id: int | None = None) -> str:
    """Render a document's PDF. Transient errors (disk, database) retry with backoff; others fail visibly."""
    try:
        outcome = jobs.document_render(document_id)
    except (OSError, DatabaseError) as error:
        if self.request.retries >= self.max_retries:
            _fail(document_id, error, export_id)
            raise
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    except Exception as error:  # a document that cannot be rendered: say so on the page
        _fail(document_id, error, export_id)
        raise
    _advance(export_id)
    return outcome


def _fail(document_id: int, error: Exception, export_id: int | None) -> None:
    """Record the failure; if even that cannot be written, the lease runs out and the sweeper retries."""
    try:
        jobs.document_render_failed(document_id, error)
        _advance(export_id)
    except DatabaseError:
        pass


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export(export_id: int) -> None:
    """Start a batch: one render task per document still to render (or the ZIP straight away)."""
    try:
        pending = jobs.export_start(export_id)
    except DatabaseError:
        raise  # the export stays queued; the sweeper starts it again
    except Exception as error:
        DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(error)[:500])
        raise
    for document_id in pending:
        send(render_document, document_id, export_id)
    if not pending:
        _advance(export_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=600, time_limit=660)
def zip_export(export_id: int) -> str:
    try:
        return jobs.export_zip(export_id)
    except DatabaseError:
        raise  # stays "zipping"; the sweeper zips it again after the lease
    except Exception as error:
        DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(error)[:500])
        raise


def sweep_jobs(now) -> dict[str, int]:
    """Send again the renders and export steps that were asked for but are not moving."""
    documents = jobs.documents_to_send_again(now)
    for document_id in documents:
        send(render_document, document_id)
    exports = jobs.exports_to_move_on(now)
    for export_id in exports["start"]:
        send(run_export, export_id)
    for export_id in exports["count"]:
        _advance(export_id)
    for export_id in exports["zip"]:
        send(zip_export, export_id)
    return {"documents": len(documents), **{f"exports_{step}": len(ids) for step, ids in exports.items()}}


@shared_task(ignore_result=True)
def recount_dashboard_figures(user_id: int, selection: dict) -> None:
    """Count a selection's figures again for its readers, who meanwhile see the last count, and draw
    them (the dashboard's charts and tables), so that its next reader waits for neither; safe to run twice.
    Drawn whoever asked (the API, an export, the unit page share the figures and the once-a-minute turn)."""
    user, chosen = User.objects.filter(pk=user_id, is_active=True).first(), Selection.from_key(selection)
    if user is None or chosen is None:
        return
    figures = recount_figures(user, chosen)
    with in_portal_language():
        drawn_figures(figures_cache_key(user, chosen), figures)


def recount_later(user, selection: Selection) -> None:
    """`cached_figures(on_stale=...)` for the pages and the API: a worker counts them again."""
    send(recount_dashboard_figures, user.pk, selection.key())
