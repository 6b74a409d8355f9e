"""The background work of the reports app, run by `tasks.py`: render a PDF, build a ZIP of many.

Safe to run twice; files are written under new names and only then referenced.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.storage import forget_file

from . import rendering
from .models import Document, DocumentExport, ExportStatus, PdfStatus
from .rendering import pdf_filename

# A document edited while it renders is rendered again, this many times at most in one job.
RENDER_ATTEMPTS = 3
# The most jobs one sweep hands out (the rest wait for the next sweep).
SWEEP_BATCH = 500


def document_render(document_id: int) -> str:
    """Render the PDF of the document's current version, again if it was edited meanwhile."""
    for _attempt in range(RENDER_ATTEMPTS):
        outcome = _render_once(document_id)
        if outcome != "stale":
            return outcome
    # Still being edited: back in the queue, for the sweeper to try again.
    Document.objects.filter(pk=document_id, pdf_status=PdfStatus.RENDERING).update(
        pdf_status=PdfStatus.QUEUED, pdf_requested_at=timezone.now()
    )
    return outcome


def _render_once(document_id: int) -> str:
    """Render and store the PDF of the document's current version.

    The file is written under a new name and only then referenced, so a
    half-written file is never visible; the previous file is removed after commit.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.pdf_is_current:
            return "already done"
        # The lease starts now: a render still marked so after JOB_LEASE_SECONDS is dead.
        Document.objects.filter(pk=document_id).update(
            pdf_status=PdfStatus.RENDERING, pdf_started_at=timezone.now(), pdf_progress=5
        )
    document = Document.objects.select_related("issuer", "plan").get(pk=document_id)
    version = document.version
    pdf = rendering.document_pdf(document, progress=lambda percent: _progress(document_id, percent))
    path = default_storage.save(f"documents/{document.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    try:
        return _record_render(document_id, version, path)
    except BaseException:
        # The result could not be recorded (the database went away): no row points at the file,
        # so it goes; the document stays "rendering" and the sweeper queues it again after the lease.
        default_storage.delete(path)
        raise


def _progress(document_id: int, percent: int) -> None:
    """The page's progress bar: each step is its own short write, seen by the page at once."""
    Document.objects.filter(pk=document_id, pdf_status=PdfStatus.RENDERING).update(pdf_progress=percent)


def _record_render(document_id: int, version: int, path: str) -> str:
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document_id)
        old = current.pdf_file.name
        if current.version != version:
            # Edited while rendering: this file is stale; the caller renders again.
            default_storage.delete(path)
            return "stale"
        Document.objects.filter(pk=document_id).update(
            pdf_status=PdfStatus.DONE, pdf_file=path, pdf_version=version, pdf_error="", pdf_progress=100
        )
        if old and old != path:
            forget_file(old)
    return path


def document_render_failed(document_id: int, error: Exception) -> None:
    message = _("The PDF could not be made: %(error)s. Check the document's content and render again.") % {
        "error": str(error)[:300]
    }
    Document.objects.filter(pk=document_id).update(pdf_status=PdfStatus.FAILED, pdf_error=message)


# --- batch export: one render per document (in parallel on as many workers as there are), then one ZIP ---


def _rendered(documents):
    """Documents whose PDF shows their current version."""
    return documents.filter(pdf_status=PdfStatus.DONE, pdf_version=F("version"))


def export_start(export_id: int) -> list[int]:
    """Mark the export running; return the documents still to render (the caller queues one render each)."""
    export = DocumentExport.objects.get(pk=export_id)
    documents = export.documents.all()
    done = _rendered(documents).count()
    now = timezone.now()
    DocumentExport.objects.filter(pk=export_id).update(
        status=ExportStatus.RUNNING, done_count=done, error="", updated_at=now
    )
    pending = list(
        documents.exclude(pk__in=_rendered(documents).values("pk")).order_by("pk").values_list("pk", flat=True)
    )
    # Marked as asked for, so that a render whose message is lost is sent again by the sweeper.
    Document.objects.filter(pk__in=pending).exclude(pdf_status=PdfStatus.RENDERING).update(
        pdf_status=PdfStatus.QUEUED, pdf_requested_at=now, pdf_error=""
    )
    return pending


def export_progress(export_id: int) -> bool:
    """Count the rendered documents (the progress bar); True for the one caller that may now build the ZIP.

    Called after each render of the batch, on whichever worker did it: the
    database, not a result backend, says when the last one is done.
    """
    documents = DocumentExport.objects.get(pk=export_id).documents.all()
    done = _rendered(documents).count()
    failed = documents.filter(pdf_status=PdfStatus.FAILED).count()
    total = documents.count()
    DocumentExport.objects.filter(pk=export_id).update(done_count=done, updated_at=timezone.now())
    if done + failed < total:
        return False
    if failed:
        error = _("%(count)s documents could not be rendered; open them, correct them and export again.") % {
            "count": failed
        }
        DocumentExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, error=error
        )
        return False
    return bool(
        DocumentExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(status=ExportStatus.ZIPPING)
    )


def export_zip(export_id: int) -> str:
    """Zip every rendered PDF of the export, in document order, and offer the file."""
    export = DocumentExport.objects.get(pk=export_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(export.documents.order_by("pk"), start=1):
            with default_storage.open(document.pdf_file.name, "rb") as handle:
                archive.writestr(f"{number:03d}-{pdf_filename(document)}", handle.read())
    path = default_storage.save(f"exports/{export_id}/{uuid.uuid4().hex}.zip", ContentFile(buffer.getvalue()))
    DocumentExport.objects.filter(pk=export_id).update(
        status=ExportStatus.DONE, file=path, done_count=export.total, updated_at=timezone.now()
    )
    return path


# --- what the sweeper looks for ------------------------------------------------------------


def documents_to_send_again(now) -> list[int]:
    """Renders asked for but never started (the message was lost) or started past their lease (dead).

    Each is marked queued again, with a fresh time, so one sweep sends it once.
    """
    waited = now - datetime.timedelta(seconds=settings.REDISPATCH_AFTER_SECONDS)
    lease = now - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    stale = Q(pdf_status=PdfStatus.QUEUED, pdf_requested_at__lt=waited) | Q(
        pdf_status=PdfStatus.RENDERING, pdf_started_at__lt=lease
    )
    ids = list(Document.objects.filter(stale).order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    Document.objects.filter(pk__in=ids).update(pdf_status=PdfStatus.QUEUED, pdf_requested_at=now)
    return ids


def exports_to_move_on(now) -> dict[str, list[int]]:
    """Exports whose next step was lost: to start (queued), to count in (running), to zip (zipping)."""
    waited = now - datetime.timedelta(seconds=settings.REDISPATCH_AFTER_SECONDS)
    lease = now - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    exports = DocumentExport.objects.order_by("pk")
    found = {
        "start": list(exports.filter(status=ExportStatus.QUEUED, updated_at__lt=waited).values_list("pk", flat=True)),
        "count": list(exports.filter(status=ExportStatus.RUNNING, updated_at__lt=waited).values_list("pk", flat=True)),
        "zip": list(exports.filter(status=ExportStatus.ZIPPING, updated_at__lt=lease).values_list("pk", flat=True)),
    }
    touched = [pk for ids in found.values() for pk in ids]
    DocumentExport.objects.filter(pk__in=touched).update(updated_at=now)
    return found
