"""Writes of the reports app: draft, edit, issue (numbering), ask for a PDF or a ZIP export.

The work itself (rendering, zipping) is in `jobs.py`, run by the Celery tasks
these functions queue after commit: services → tasks → jobs, one way.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import claim_version, require_version
from core.dispatch import send_on_commit
from inspections.models import InspectionPlan, InspectionVisit, VisitStatus
from inspections.services import plan_record_issue
from remediation.models import Directive
from remediation.services import directives_lock, directives_release
from units.models import User

from . import builders, province_reports
from .addressing import address
from .figures import Selection
from .issuing import check_issue
from .models import (
    EDITABLE_FIELDS,
    PROVINCE_REPORTS,
    Document,
    DocumentExport,
    DocumentKind,
    DocumentStatus,
    ExportStatus,
    PdfStatus,
)
from .numbering import series_for, take_next_number
from .selectors import can_draft, can_draft_province_reports, can_edit, can_issue
from .tasks import render_document, run_export

log = logging.getLogger(__name__)


@transaction.atomic
def document_create(
    *, actor: User | None, kind: str, plan: InspectionPlan, visit: InspectionVisit | None = None, drafter_code: str = ""
) -> Document:
    """Draw up a draft from the recorded data; the drafter edits it afterwards."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    if kind in PROVINCE_REPORTS:
        raise ValidationError(
            {"kind": _("This report covers the province, not one plan: draw it up from the dashboard.")}
        )
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


def report_create(*, actor: User, kind: str, selection: Selection) -> Document:
    """Draw up one of the province's reports from the figures the actor sees; issued by the actor's unit."""
    if kind not in province_reports.BUILDERS:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    if not can_draft_province_reports(actor):
        raise PermissionDenied(_("Only Home Affairs staff and administrators draw up the province's reports."))
    if actor.unit_id is None:
        raise ValidationError(_("Your account belongs to no unit: the report would have no issuer."))
    if kind == DocumentKind.ANNUAL_REPORT and not selection.year:
        raise ValidationError({"year": _("Choose the year the report covers.")})
    if kind == DocumentKind.UNIT_HISTORY and selection.unit is None:
        raise ValidationError({"unit": _("Choose the unit whose history this is.")})
    issuer = actor.unit
    today = timezone.localdate()
    signer = issuer.head.get_full_name() if issuer.head_id else actor.get_full_name()
    return Document.objects.create(
        kind=kind,
        issuer=issuer,
        subject_unit=selection.unit,
        created_by=actor,
        **builders.header_for(issuer, today),
        signer_title="GIÁM ĐỐC",
        signer_name=signer,
        **province_reports.BUILDERS[kind](actor, selection),
    )


def _require_draft(document: Document) -> None:
    if not document.is_draft:
        raise ValidationError(_("The document has been issued and is frozen; a correction is a new document."))


@transaction.atomic
def document_update(*, actor: User | None, document: Document, expected_version, **values) -> Document:
    """Edit a draft's wording, recipients, `Nơi nhận` and signature; refused once issued."""
    document = Document.objects.select_for_update(of=("self",)).select_related("plan").get(pk=document.pk)
    if actor is not None and not can_edit(actor, document):
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
    expected_version,
    confirmed: bool = False,
    read: str | None = None,
) -> Document:
    """Give the draft the next number of its issuer's series for the year and freeze it.

    `reports.issuing.check_issue` says what refuses the date and what needs the
    issuer's confirmation (`confirmed`); `read`, the confirmation page's digest of the
    number and warnings it showed, must still match. The header takes the names valid on the
    day of issue; a remediation letter also locks its directives (deadlines in
    days become dates).
    """
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("plan", "visit", "issuer")
            .get(pk=document.pk)
        )
        if actor is not None and not can_issue(actor, document):
            raise PermissionDenied(
                _("Only the issuing unit's clerk, the team leader or Home Affairs staff issue documents.")
            )
        _require_draft(document)
        # Issuing freezes the text: it must be the text the issuer read.
        require_version(document, expected_version)
        if not document.signer_name.strip():
            raise ValidationError({"signer_name": _("Enter the signer before issuing.")})
        if document.kind == DocumentKind.REMEDIATION_LETTER:
            _refuse_directives_carried(document)
        series = series_for(document.issuer_id, document.kind)
        issued_on = issued_on or timezone.localdate()
        # The counter row is locked first, so the checks below see every number given before this one.
        number = take_next_number(issuer_id=document.issuer_id, series=series, year=issued_on.year)
        check = check_issue(document, issued_on, series=series, number=number)
        if check.refusals:
            raise ValidationError({"issued_on": check.refusals})
        if check.warnings and not confirmed:
            raise ValidationError({"confirm": check.warnings}, code="confirm")
        if read is not None and read != check.digest:
            raise ValidationError(
                {
                    "read": _(
                        "Another document was issued meanwhile: the number is now %(number)s. Read the page "
                        "again and issue."
                    )
                    % {"number": check.number_text}
                }  # fmt: skip
            )
        header = builders.header_for(document.issuer, issued_on)
        document.parent_name, document.issuer_name = header["parent_name"], header["issuer_name"]
        document.place_name = header["place_name"] or document.place_name
        document.year, document.series, document.number, document.issued_on = issued_on.year, series, number, issued_on
        document.number_text = check.number_text
        document.status, document.issued_by = DocumentStatus.ISSUED, actor
        document.version += 1
        document._history_user = actor
        document.save()
        address(document)
        if document.kind == DocumentKind.REMEDIATION_LETTER:
            directives_lock(directives=list(document.directives.all()), issued_on=issued_on)
        if document.kind == DocumentKind.PLAN:
            plan_record_issue(plan=document.plan, number=document.number_text, issued_on=issued_on)
    return document


def _refuse_directives_carried(letter: Document) -> None:
    """A directive is ordered by one letter in force: another carries it only once that one is withdrawn."""
    carried = (
        Document.directives.through.objects.filter(
            directive_id__in=letter.directives.values("pk"),
            document__status=DocumentStatus.ISSUED,
        )
        .exclude(document_id=letter.pk)
        .values_list("document__number_text", flat=True)
        .distinct()
    )
    numbers = sorted(carried)
    if numbers:
        raise ValidationError(
            _("Some of these directives were already issued by letter %(numbers)s: withdraw or replace it first.")
            % {"numbers": ", ".join(numbers)}
        )


WITHDRAWAL_REASON_MAX = 2000


def document_withdraw(*, actor: User | None, document: Document, reason: str, expected_version=None) -> Document:
    """Thu hồi: an issued document is no longer in force, with the reason, by whoever may issue it.

    It keeps its number (never given again) and stays in the register; its PDF is drawn
    again with the withdrawal on it. A remediation letter's directives are released,
    so that a corrected letter can carry them.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=document.pk)
        if actor is not None and not can_issue(actor, document):
            raise PermissionDenied(_("Only those who may issue the document may withdraw it."))
        if not document.is_issued:
            raise ValidationError(_("Only an issued document can be withdrawn."))
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
        if len(reason) > WITHDRAWAL_REASON_MAX:
            raise ValidationError(
                {
                    "reason": _("The reason is too long (at most %(limit)d characters).")
                    % {"limit": WITHDRAWAL_REASON_MAX}
                }
            )
        if expected_version not in (None, ""):
            require_version(document, expected_version)
        document.status = DocumentStatus.WITHDRAWN
        document.withdrawn_on, document.withdrawn_by, document.withdrawal_reason = timezone.localdate(), actor, reason
        document.version += 1
        document._history_user = actor
        document.save()
        if document.kind == DocumentKind.REMEDIATION_LETTER:
            directives_release(directives=list(document.directives.all()))
    if document.pdf_status != PdfStatus.NONE:
        document = document_request_render(actor=actor, document=document)
    return document


# What a replacement copies of the document it replaces (numbering, PDF and withdrawal are its own).
_COPIED_FIELDS = (
    *EDITABLE_FIELDS,
    "kind",
    "plan_id",
    "visit_id",
    "issuer_id",
    "parent_name",
    "issuer_name",
    "place_name",
    "table",
    "tables",
    "figures",
    "subject_unit_id",
)


def document_replace(*, actor: User | None, document: Document, reason: str, expected_version=None) -> Document:
    """Withdraw an issued document and draw up its corrected replacement: a draft with the same content."""
    with transaction.atomic():
        withdrawn = document_withdraw(actor=actor, document=document, reason=reason, expected_version=expected_version)
        replacement = Document(
            **{field: getattr(withdrawn, field) for field in _COPIED_FIELDS}, replaces=withdrawn, created_by=actor
        )
        replacement._history_user = actor
        replacement.save()
        replacement.directives.set(withdrawn.directives.all())
    return replacement


def document_request_render(*, actor: User | None, document: Document) -> Document:
    """Ask for the PDF: recorded as queued (with when), handed to a worker after commit.

    The request succeeds whether or not the broker is up: the document stays
    queued and the sweeper sends it. Asking again re-queues a failed render or
    one that waited past its lease; a render under way is left alone.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.pdf_is_current:
            return document
        if document.pdf_status in (PdfStatus.QUEUED, PdfStatus.RENDERING) and not document.pdf_can_render_again():
            return document
        document.pdf_status, document.pdf_error, document.pdf_requested_at = PdfStatus.QUEUED, "", timezone.now()
        document.save(update_fields=["pdf_status", "pdf_error", "pdf_requested_at"])
        send_on_commit(render_document, document.pk)
    return document


# --- batch export --------------------------------------------------------------------------


def export_create(*, actor: User, documents, title: str) -> DocumentExport:
    documents = list(documents)
    if not documents:
        raise ValidationError(_("There is no document to export."))
    with transaction.atomic():
        export = DocumentExport.objects.create(requested_by=actor, title=title[:255], total=len(documents))
        export.documents.set(documents)
        send_on_commit(run_export, export.pk)
    return export


def export_run_again(*, actor: User, export: DocumentExport) -> DocumentExport:
    """Build a failed or stuck export again (its documents already rendered are not rendered twice)."""
    with transaction.atomic():
        export = DocumentExport.objects.select_for_update().get(pk=export.pk)
        if export.requested_by_id != actor.pk:
            raise PermissionDenied
        if not export.can_run_again():
            return export
        export.status, export.error, export.updated_at = ExportStatus.QUEUED, "", timezone.now()
        export.save(update_fields=["status", "error", "updated_at"])
        send_on_commit(run_export, export.pk)
    return export
