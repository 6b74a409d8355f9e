"""The background work of the reports app, run by `tasks.py`: render a PDF, build a ZIP of many.

Safe to run twice; files are written under new names and only then referenced.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from . import rendering
from .models import Document, DocumentExport, ExportStatus, PdfStatus
from .rendering import pdf_filename

# A document edited while it renders is rendered again, this many times at most in one job.
RENDER_ATTEMPTS = 3


def document_render(document_id: int) -> str:
    """Render the PDF of the document's current version, again if it was edited meanwhile."""
    for _attempt in range(RENDER_ATTEMPTS):
        outcome = _render_once(document_id)
        if outcome != "stale":
            return outcome
    return outcome


def _render_once(document_id: int) -> str:
    """Render and store the PDF of the document's current version.

    The file is written under a new name and only then referenced, so a
    half-written file is never visible; the previous file is removed after commit.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.pdf_status == PdfStatus.DONE and document.pdf_version == document.version and document.pdf_file:
            return "already done"
        Document.objects.filter(pk=document_id).update(pdf_status=PdfStatus.RENDERING)
    document = Document.objects.select_related("issuer", "plan").get(pk=document_id)
    version = document.version
    pdf = rendering.document_pdf(document)
    path = default_storage.save(f"documents/{document.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document_id)
        old = current.pdf_file.name
        if current.version != version:
            # Edited while rendering: this file is stale; the caller renders again.
            default_storage.delete(path)
            return "stale"
        Document.objects.filter(pk=document_id).update(
            pdf_status=PdfStatus.DONE, pdf_file=path, pdf_version=version, pdf_error=""
        )
        if old and old != path:
            transaction.on_commit(lambda: default_storage.delete(old))
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
    DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, done_count=done, error="")
    return list(documents.exclude(pk__in=_rendered(documents).values("pk")).order_by("pk").values_list("pk", flat=True))


def export_progress(export_id: int) -> bool:
    """Count the rendered documents (the progress bar); True for the one caller that may now build the ZIP.

    Called after each render of the batch, on whichever worker did it: the
    database, not a result backend, says when the last one is done.
    """
    documents = DocumentExport.objects.get(pk=export_id).documents.all()
    done = _rendered(documents).count()
    failed = documents.filter(pdf_status=PdfStatus.FAILED).count()
    total = documents.count()
    DocumentExport.objects.filter(pk=export_id).update(done_count=done)
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
    DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.DONE, file=path, done_count=export.total)
    return path
