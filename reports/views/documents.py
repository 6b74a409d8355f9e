"""Documents: draw up from a plan, edit with a live preview, issue, render, download, register."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from core.caching import cached_count
from core.errors import STALE_MESSAGE, StaleVersion
from core.exports import spreadsheet_response
from core.filters import filter_page, remembers_filters
from core.forms import add_service_errors, parse_id, safe_next
from core.paging import page_of
from inspections.selectors import get_plan_for, visits_visible_to

from .. import rendering, services
from ..filters import DocumentFilter, RegisterFilter
from ..forms import DocumentCreateForm, DocumentForm, FiguresForm, IssueForm, WithdrawForm
from ..issuing import check_issue
from ..models import DocumentExport, DocumentKind, PdfStatus
from ..rendering import pdf_response
from ..selectors import (
    REGISTER_ROW_FIELDS,
    can_draft,
    can_edit,
    can_issue,
    document_rows,
    documents_visible_to,
    get_document_for,
    register_rows,
)

PAGE_SIZE = 25


@remembers_filters
def document_list(request):
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "documents")
    filterset, documents = filter_page(DocumentFilter, request, documents_visible_to(request.user))
    plan = filterset.form.cleaned_data.get("plan") if filterset.is_valid() else None
    page = page_of(document_rows(documents), request.GET.get("page"), PAGE_SIZE, count=cached_count(documents))
    context = {
        "page": page,
        "filter": filterset,
        "plan": plan,
        "can_draft": plan is not None and can_draft(request.user, plan),
    }
    return render(request, "reports/document_list.html", context)


@require_http_methods(["GET", "POST"])
def document_create(request, plan_pk):
    plan = get_plan_for(request.user, plan_pk)
    if not can_draft(request.user, plan):
        raise PermissionDenied
    visits = visits_visible_to(request.user).filter(plan=plan).select_related("unit").order_by("scheduled_on")
    form = DocumentCreateForm(request.POST or None, visits=visits, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user, kind=form.cleaned_data["kind"], plan=plan, visit=form.cleaned_data["visit"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was drawn up from the recorded data; check and edit it."))
            return redirect("reports:detail", pk=document.pk)
    return render(request, "reports/document_create.html", {"form": form, "plan": plan})


@require_POST
def report_create(request):
    """One of the province's reports, drawn up from the dashboard's selection (or a unit's page)."""
    form = FiguresForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("The report could not be drawn up: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(safe_next(request, reverse("dashboard:index")))
    selection = form.selection()
    try:
        document = services.report_create(actor=request.user, kind=request.POST.get("kind", ""), selection=selection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(safe_next(request, reverse("dashboard:index")))
    messages.success(request, _("The report was drawn up from the figures; check and edit it, then make the PDF."))
    return redirect("reports:detail", pk=document.pk)


def _form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@require_http_methods(["GET", "POST"])
def document_detail(request, pk):
    """The draft's form beside its preview; an issued document shows read-only."""
    document = get_document_for(request.user, pk)
    editable = document.is_draft and can_edit(request.user, document)
    form = DocumentForm(
        request.POST or None,
        instance=document if request.method == "GET" else None,
        initial={"version": document.version},
    )
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            values = {field: form.cleaned_data[field] for field in DocumentForm.Meta.fields}
            try:
                services.document_update(
                    actor=request.user, document=document, expected_version=form.cleaned_data["version"], **values
                )
            except StaleVersion as stale:
                conflict = get_document_for(request.user, pk)
                data = request.POST.copy()
                data["version"] = stale.current_version
                form = DocumentForm(data)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("reports:detail", pk=document.pk)
    return render(
        request,
        "reports/document_detail.html",
        {
            "document": document,
            "form": form if editable else None,
            "conflict": conflict,
            "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
            "can_issue": document.is_draft and can_issue(request.user, document),
            "can_withdraw": document.is_issued and can_issue(request.user, document),
            "withdraw_form": WithdrawForm(),
        },
    )


@xframe_options_sameorigin  # shown in a frame of the document page
@csp_replace({"frame-ancestors": [SELF]})
@require_http_methods(["GET", "POST"])
def document_preview(request, pk):
    """The document as HTML with the PDF's layout (shown in a frame beside the form).

    POSTed from the draft's form while the drafter types (static/js/preview.js): the text as typed,
    nothing saved; a field that does not validate yet shows as stored.
    """
    document = get_document_for(request.user, pk)
    if request.method == "POST":
        if not (document.is_draft and can_edit(request.user, document)):
            raise PermissionDenied
        form = DocumentForm(request.POST)
        form.is_valid()
        for field in DocumentForm.Meta.fields:
            if field in form.cleaned_data:
                setattr(document, field, form.cleaned_data[field])
    return HttpResponse(rendering.document_html(document, preview=True))


def _attempt(request, write, document, **values):
    """Run an issuing write on the version the page showed; its refusals become the page's messages."""
    try:
        return write(actor=request.user, document=document, expected_version=request.POST.get("version"), **values)
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return None


def _errors_besides_the_check(error: ValidationError) -> dict:
    """A refused issue's errors other than the date's refusals and warnings, which the check shows itself."""
    found = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    return {field: errors for field, errors in found.items() if field not in ("issued_on", "confirm")}


@require_http_methods(["GET", "POST"])
def document_issue(request, pk):
    """The confirmation: the number the draft will take, its date, and what refuses or needs confirming.

    GET shows it for the date asked (today by default); POST issues, and comes
    back to this page when the date is refused or a warning is not yet confirmed.
    """
    document = get_document_for(request.user, pk)
    if not (document.is_draft and can_issue(request.user, document)):
        raise PermissionDenied
    form = IssueForm(request.POST if request.method == "POST" else request.GET or None,
                     initial={"issued_on": timezone.localdate()})  # fmt: skip
    issued_on = form.cleaned_data["issued_on"] if form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.document_issue(
                actor=request.user,
                document=document,
                issued_on=issued_on,
                expected_version=request.POST.get("version"),
                confirmed=form.cleaned_data["confirmed"],
                read=request.POST.get("read") or None,
            )
        except StaleVersion:
            messages.error(request, STALE_MESSAGE)
            return redirect("reports:detail", pk=pk)
        except ValidationError as error:
            if others := _errors_besides_the_check(error):
                add_service_errors(form, ValidationError(others))
            if "confirm" in getattr(error, "error_dict", {}):
                form.add_error("confirmed", _("Tick this box to issue it despite the warnings."))
        else:
            messages.success(request, _("Issued as no. %(number)s.") % {"number": issued.number_text})
            return redirect("reports:detail", pk=pk)
    check = check_issue(document, issued_on) if not form.errors.get("issued_on") else None
    return render(
        request,
        "reports/document_issue.html",
        {
            "document": document,
            "form": form,
            "check": check,
            "date_fields": [form["issued_on"]],
            "confirm_fields": [form["confirmed"]],
            "version": request.POST.get("version", document.version),
        },
    )


@require_POST
def document_withdraw(request, pk):
    """Thu hồi, with its reason; optionally straight into the corrected replacement's draft."""
    document = get_document_for(request.user, pk)
    if not can_issue(request.user, document):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("reports:detail", pk=pk)
    write = services.document_replace if form.cleaned_data["replace"] else services.document_withdraw
    result = _attempt(request, write, document, reason=form.cleaned_data["reason"])
    if result is not None and result.pk != document.pk:
        messages.success(request, _("Withdrawn. This is the draft of its replacement: correct it, then issue it."))
        return redirect("reports:detail", pk=result.pk)
    if result is not None:
        messages.success(request, _("The document was withdrawn; its number will not be given again."))
    return redirect("reports:detail", pk=pk)


@require_POST
def document_render(request, pk):
    document = get_document_for(request.user, pk)
    services.document_request_render(actor=request.user, document=document)
    if request.htmx:
        return document_status(request, pk)
    return redirect("reports:detail", pk=pk)


def document_status(request, pk):
    """The PDF's status, polled by the page until it is ready (htmx)."""
    document = get_document_for(request.user, pk)
    return render(request, "reports/_pdf_status.html", {"document": document})


def document_pdf(request, pk):
    document = get_document_for(request.user, pk)
    if document.pdf_status != PdfStatus.DONE or not document.pdf_file:
        raise Http404
    return pdf_response(document, as_attachment=True)


def register(request):
    """Sổ đăng ký văn bản đi, on screen and as XLSX."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "register")
    filterset, rows = filter_page(RegisterFilter, request, register_rows(request.user))
    page = Paginator(rows.select_related(None).only(*REGISTER_ROW_FIELDS), 50).get_page(request.GET.get("page"))
    return render(request, "reports/register.html", {"filter": filterset, "page": page})


@require_POST
def export_create(request):
    """Every letter of a plan, or every conclusion notice of a year, as one ZIP built in the background."""
    documents = documents_visible_to(request.user)
    if parse_id(request.POST.get("plan")):
        documents = documents.filter(plan_id=parse_id(request.POST["plan"]), kind=DocumentKind.REMEDIATION_LETTER)
        title = _("Remediation letters of a plan")
    elif parse_id(request.POST.get("year")):
        documents = documents.filter(kind=DocumentKind.CONCLUSION, year=parse_id(request.POST["year"]))
        title = _("Conclusion notices of %(year)s") % {"year": request.POST["year"]}
    else:
        raise Http404
    try:
        export = services.export_create(actor=request.user, documents=documents, title=title)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(safe_next(request, reverse("reports:list")))
    return redirect("reports:export", pk=export.pk)


def export_detail(request, pk):
    export = get_object_or_404(DocumentExport, pk=pk, requested_by=request.user)
    template = "reports/_export_progress.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": export})


@require_POST
def export_again(request, pk):
    export = get_object_or_404(DocumentExport, pk=pk, requested_by=request.user)
    services.export_run_again(actor=request.user, export=export)
    return redirect("reports:export", pk=export.pk)


def export_download(request, pk):
    export = get_object_or_404(DocumentExport, pk=pk, requested_by=request.user)
    if not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"van-ban-{export.pk}.zip")
