"""Writes of the reports app: draft, edit, issue (numbering), render to PDF, export as ZIP."""

from __future__ import annotations

import datetime
import io
import logging
import uuid
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.concurrency import claim_version
from cchc_portal.errors import StaleVersion
from inspections.models import Directive, InspectionPlan, InspectionVisit, VisitStatus
from inspections.services import directives_lock, plan_record_issue
from units.models import User, pick_version

from . import builders, rendering
from .formats import number_and_symbol
from .models import Document, DocumentExport, DocumentKind, DocumentStatus, ExportStatus, PdfStatus
from .numbering import series_for, take_next_number
from .selectors import can_draft, can_issue

log = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "subject",
    "recipients",
    "body",
    "copies_to",
    "authority",
    "authority_title",
    "signer_title",
    "signer_name",
    "second_signature_title",
    "second_signer_name",
    "drafter_code",
    "register_note",
)


@transaction.atomic
def document_create(
    *, actor: User | None, kind: str, plan: InspectionPlan, visit: InspectionVisit | None = None, drafter_code: str = ""
) -> Document:
    """Draw up a draft from the recorded data; the drafter edits it afterwards."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    if actor is not None and not can_draft(actor, plan):
        raise PermissionDenied(_("Only the plan's team, its managers and Home Affairs staff draft its documents."))
    if kind in builders.PER_VISIT:
        visit = InspectionVisit.objects.select_related("unit", "unit__head").get(pk=visit.pk) if visit else None
        if visit is None or visit.plan_id != plan.pk:
            raise ValidationError({"visit": _("Choose the visit this document is about.")})
        if kind == DocumentKind.CONCLUSION and visit.status != VisitStatus.CONCLUDED:
            raise ValidationError({"visit": _("A conclusion notice needs a concluded visit.")})
    else:
        visit = None
    if kind == DocumentKind.REMEDIATION_LETTER and not Directive.objects.filter(visit__plan=plan).exists():
        raise ValidationError({"kind": _("Draft the directives before the remediation letter.")})
    today = timezone.localdate()
    fields = {
        **builders.header_for(plan.issuer, today),
        **builders.signature_for(plan),
        **builders.BUILDERS[kind](plan, visit=visit, day=today),
    }
    directives = fields.pop("directives", [])
    document = Document.objects.create(
        kind=kind,
        plan=plan,
        visit=visit,
        issuer=plan.issuer,
        drafter_code=drafter_code or ("TTr" if kind == DocumentKind.REMEDIATION_LETTER else ""),
        created_by=actor,
        **fields,
    )
    document.directives.set(directives)
    return document


def _require_draft(document: Document) -> None:
    if document.is_issued:
        raise ValidationError(_("The document has been issued and is frozen; a correction is a new document."))


@transaction.atomic
def document_update(*, actor: User | None, document: Document, expected_version: int | None, **values) -> Document:
    """Edit a draft's wording, recipients, `Nơi nhận` and signature; refused once issued."""
    document = Document.objects.select_for_update().select_related("plan").get(pk=document.pk)
    if actor is not None and not can_draft(actor, document.plan):
        raise PermissionDenied
    _require_draft(document)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"document_update got unexpected fields {unknown}")
    if "subject" in values and not values["subject"].strip():
        raise ValidationError({"subject": _("Enter the subject.")})
    if "body" in values and not values["body"].strip():
        raise ValidationError({"body": _("The document has no content.")})
    claim_version(document, expected_version)
    for field, value in values.items():
        setattr(document, field, value.strip() if isinstance(value, str) else value)
    document._history_user = actor
    document.save()
    return document


def document_issue(
    *,
    actor: User | None,
    document: Document,
    issued_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Document:
    """Give the draft the next number of its issuer's series for the year and freeze it.

    The header takes the names valid on the day of issue; a remediation letter
    also locks its directives (deadlines in days become dates).
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("plan", "issuer").get(pk=document.pk)
        if actor is not None and not can_issue(actor, document):
            raise PermissionDenied(
                _("Only the issuing unit's clerk, the team leader or Home Affairs staff issue documents.")
            )
        _require_draft(document)
        issued_on = issued_on or timezone.localdate()
        if issued_on > timezone.localdate():
            raise ValidationError({"issued_on": _("A document cannot be issued on a future date.")})
        if not document.signer_name.strip():
            raise ValidationError({"signer_name": _("Enter the signer before issuing.")})
        if expected_version is not None and expected_version != document.version:
            # Issuing freezes the text: it must be the text the issuer read.
            raise StaleVersion(current_version=document.version, current=document)
        series = series_for(document.issuer_id, document.kind)
        number = take_next_number(issuer_id=document.issuer_id, series=series, year=issued_on.year)
        version = pick_version(list(document.issuer.versions.all()), issued_on)
        code = version.code if version else document.issuer.code
        header = builders.header_for(document.issuer, issued_on)
        document.parent_name, document.issuer_name = header["parent_name"], header["issuer_name"]
        document.place_name = header["place_name"] or document.place_name
        document.year, document.series, document.number, document.issued_on = issued_on.year, series, number, issued_on
        document.number_text = number_and_symbol(
            number=number, kind=document.kind, issuer_code=code, drafter_code=document.drafter_code
        )
        document.status, document.issued_by = DocumentStatus.ISSUED, actor
        document.version += 1
        document._history_user = actor
        document.save()
        if document.kind == DocumentKind.REMEDIATION_LETTER:
            directives_lock(directives=list(document.directives.all()), issued_on=issued_on)
        if document.kind == DocumentKind.PLAN:
            plan_record_issue(plan=document.plan, number=document.number_text, issued_on=issued_on)
    return document


def document_request_render(*, actor: User | None, document: Document) -> Document:
    """Queue the PDF (after commit); the page and the API follow `pdf_status`."""
    from .tasks import render_document

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.pdf_status == PdfStatus.DONE and document.pdf_version == document.version:
            return document
        document.pdf_status, document.pdf_error = PdfStatus.QUEUED, ""
        document.save(update_fields=["pdf_status", "pdf_error"])
        transaction.on_commit(lambda: render_document.delay(document.pk))
    return document


def document_render(document_id: int) -> str:
    """Render and store the PDF of the document's current version. Safe to run twice.

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
            # Edited while rendering: this file is stale; render again.
            default_storage.delete(path)
            transaction.on_commit(lambda: document_request_render(actor=None, document=current))
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


# --- batch export --------------------------------------------------------------------------


def export_create(*, actor: User, documents, title: str) -> DocumentExport:
    from .tasks import run_export

    documents = list(documents)
    if not documents:
        raise ValidationError(_("There is no document to export."))
    with transaction.atomic():
        export = DocumentExport.objects.create(requested_by=actor, title=title[:255], total=len(documents))
        export.documents.set(documents)
        transaction.on_commit(lambda: run_export.delay(export.pk))
    return export


def export_run(export_id: int) -> None:
    """Render what is missing, then zip every PDF; progress is saved as it goes."""
    export = DocumentExport.objects.get(pk=export_id)
    DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, done_count=0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, document in enumerate(export.documents.order_by("pk"), start=1):
            if not (document.pdf_status == PdfStatus.DONE and document.pdf_version == document.version):
                document_render(document.pk)
                document.refresh_from_db()
            name = (document.number_text or f"du-thao-{document.pk}").replace("/", "-")
            with default_storage.open(document.pdf_file.name, "rb") as handle:
                archive.writestr(f"{done:03d}-{name}.pdf", handle.read())
            DocumentExport.objects.filter(pk=export_id).update(done_count=done)
    path = default_storage.save(f"exports/{export_id}/{uuid.uuid4().hex}.zip", ContentFile(buffer.getvalue()))
    DocumentExport.objects.filter(pk=export_id).update(status=ExportStatus.DONE, file=path)
