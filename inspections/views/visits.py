"""The inspector's page: one visit, its reform areas as a checklist, and its findings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.filters import filter_page
from core.forms import add_service_errors, parse_id, submit_form
from core.uploads import evidence_response

from .. import services
from ..filters import VisitFilter
from ..forms import (
    AttendeesForm,
    FindingEditForm,
    FindingForm,
    ReopenForm,
    RescheduleForm,
    indicator_lines,
)
from ..models import FindingEvidence, ReformArea
from ..selectors import (
    can_manage_plan,
    earlier_shortcomings,
    findings_visible_to,
    get_finding_for,
    get_visit_for,
    is_team_member,
    rank_similar,
    visit_page_context,
    visit_unit_names,
    visits_for_list,
    visits_visible_to,
)

PAGE_SIZE = 25


def visit_list(request):
    """The visits a user may see; today's and upcoming first for inspectors."""
    filterset, visits = filter_page(VisitFilter, request, visits_for_list(visits_visible_to(request.user)))
    today = timezone.localdate()
    visits = (
        visits.order_by("-scheduled_on", "pk")
        if request.GET.get("when") == "past"
        else visits.order_by("status", "scheduled_on", "pk")
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    visit_unit_names(page.object_list)
    return render(request, "inspections/visit_list.html", {"filter": filterset, "page": page, "today": today})


def visit_url(pk) -> str:
    return reverse("inspections:visit_detail", args=[pk])


def _area_anchor(area) -> str:
    return f"area-{area.pk}"


def _area_form(area, data=None, files=None) -> FindingForm:
    """The add form of one area; ids are unique per area, since a page holds one per area."""
    return FindingForm(data, files, auto_id=f"area{area.pk}_%s", initial={"kind": "strength"})


def _page(request, visit, status=200, **extra):
    context = visit_page_context(visit, request.user)
    context.update(extra, today=timezone.localdate())
    context.setdefault("new_forms", {})
    for entry in context["areas"]:
        entry["form"] = context["new_forms"].get(entry["area"].pk) or _area_form(entry["area"])
    return render(request, "inspections/visit_detail.html", context, status=status)


def visit_detail(request, pk):
    visit = get_visit_for(request.user, pk)
    return _page(request, visit)


def _area_section(request, visit, area, form=None, status=200):
    """The htmx partial of one reform area (its findings and its add form)."""
    context = visit_page_context(visit, request.user)
    entry = next(e for e in context["areas"] if e["area"].pk == area.pk)
    entry["form"] = form or _area_form(area)
    context.update({"entry": entry, "oob_progress": True})
    return render(request, "inspections/_area.html", context, status=status)


def _back_to_area(visit, area, saved_key=""):
    url = reverse("inspections:visit_detail", args=[visit.pk])
    return redirect(f"{url}?saved={saved_key}#{_area_anchor(area)}" if saved_key else f"{url}#{_area_anchor(area)}")


@require_POST
def finding_create(request, pk):
    visit = get_visit_for(request.user, pk)
    area = get_object_or_404(ReformArea, pk=parse_id(request.POST.get("area")))
    form = _area_form(area, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.finding_create(
                actor=request.user,
                visit=visit,
                area=area,
                kind=data["kind"],
                text=data["text"],
                indicators=data["indicators"],
                files=data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _area_section(request, get_visit_for(request.user, pk), area)
            messages.success(request, _("The finding was recorded."))
            return _back_to_area(visit, area, saved_key=f"new-{visit.pk}-{area.pk}")
    if request.htmx:
        response = _area_section(request, visit, area, form=form)
        response["X-Form-Errors"] = "1"
        return response
    return _page(request, visit, new_forms={area.pk: form})


def _edit_response(request, finding, form, conflict=None):
    template = "inspections/_finding_edit.html" if request.htmx else "inspections/finding_edit.html"
    response = render(
        request, template, {"finding": finding, "form": form, "conflict": conflict, "visit": finding.visit}
    )
    if request.htmx:
        # The form targets its area on success; errors and conflicts replace only the form.
        response["HX-Retarget"] = f"#finding-{finding.pk}"
        response["HX-Reswap"] = "outerHTML"
        if request.method == "POST":
            response["X-Form-Errors"] = "1"
    return response


@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    finding = get_finding_for(request.user, pk)
    if not is_team_member(request.user, finding.visit):
        raise PermissionDenied
    initial = {
        "area": finding.area,
        "kind": finding.kind,
        "text": finding.text,
        "indicators": indicator_lines(finding),
        "version": finding.version,
    }
    if request.method == "GET":
        return _edit_response(request, finding, FindingEditForm(initial=initial))
    form = FindingEditForm(request.POST)
    if not form.is_valid():
        return _edit_response(request, finding, form)
    data = form.cleaned_data
    try:
        services.finding_update(
            actor=request.user,
            finding=finding,
            expected_version=data["version"],
            text=data["text"],
            kind=data["kind"],
            area=data["area"],
            indicators=data["indicators"],
        )
    except StaleVersion as stale:
        # Keep what this user typed, show what the other person saved, and let them decide.
        current = get_finding_for(request.user, pk)
        form = FindingEditForm(data={**request.POST.dict(), "version": stale.current_version})
        form.is_valid()
        return _edit_response(request, current, form, conflict=current)
    except ValidationError as error:
        add_service_errors(form, error)
        return _edit_response(request, finding, form)
    finding = get_finding_for(request.user, pk)
    if request.htmx:
        return _area_section(request, finding.visit, finding.area)
    messages.success(request, _("The finding was saved."))
    return _back_to_area(finding.visit, finding.area, saved_key=f"edit-{finding.pk}")


@require_POST
def finding_delete(request, pk):
    finding = get_finding_for(request.user, pk)
    visit, area = finding.visit, finding.area
    try:
        services.finding_delete(actor=request.user, finding=finding, expected_version=request.POST.get("version"))
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:
            return _area_section(request, get_visit_for(request.user, visit.pk), area)
        messages.success(request, _("The finding was deleted."))
    return _back_to_area(visit, area)


@require_POST
def finding_move(request, pk):
    finding = get_finding_for(request.user, pk)
    try:
        services.finding_move(actor=request.user, finding=finding, direction=request.POST.get("direction", "up"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return _area_section(request, get_visit_for(request.user, finding.visit_id), finding.area)
    return _back_to_area(finding.visit, finding.area)


@require_POST
def finding_attach(request, pk):
    finding = get_finding_for(request.user, pk)
    form = FindingForm(data={"kind": finding.kind}, files=request.FILES)
    form.is_valid()
    try:
        services.finding_attach(actor=request.user, finding=finding, files=form.cleaned_data.get("files", []))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files were attached."))
    return _back_to_area(finding.visit, finding.area)


@require_POST
def finding_repeat(request, pk):
    finding = get_finding_for(request.user, pk)
    earlier = None
    raw = request.POST.get("earlier", "")
    if raw:
        # Only the unit's own earlier shortcomings may be named, whatever the user can see elsewhere.
        earlier = {f.pk: f for f in earlier_shortcomings(finding.visit)}.get(parse_id(raw))
        if earlier is None:
            raise Http404
    try:
        services.finding_mark_repeat(actor=request.user, finding=finding, earlier=earlier)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return _area_section(request, get_visit_for(request.user, finding.visit_id), finding.area)
    return _back_to_area(finding.visit, finding.area)


def similar(request, pk):
    """Live suggestions while an inspector types a shortcoming (htmx)."""
    visit = get_visit_for(request.user, pk)
    if not is_team_member(request.user, visit) or visit.is_concluded:
        # Only the recording team sees earlier shortcomings, as on the visit page.
        return render(request, "inspections/_similar.html", {"similar": []})
    text = request.GET.get("text", "")[:2000]
    found = rank_similar(text, parse_id(request.GET.get("area")), earlier_shortcomings(visit))
    return render(request, "inspections/_similar.html", {"similar": found})


def evidence_download(request, pk):
    """Stream an evidence file to a user who may see its finding; 404 for anyone else."""
    evidence = get_object_or_404(FindingEvidence.objects.filter(finding__in=findings_visible_to(request.user)), pk=pk)
    return evidence_response(evidence)


@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(
        FindingEvidence.objects.filter(finding__in=findings_visible_to(request.user)).select_related("finding__visit"),
        pk=pk,
    )
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_area(evidence.finding.visit, evidence.finding.area)


@require_http_methods(["GET", "POST"])
def visit_attendees(request, pk):
    visit = get_visit_for(request.user, pk)
    initial = {
        "attendees": "\n".join(str(a) for a in visit.attendees.all()),
        "unit_summary": visit.unit_summary,
    }
    form = AttendeesForm(request.POST or None, initial=initial)

    def save(data):
        with transaction.atomic():
            services.visit_set_attendees(actor=request.user, visit=visit, attendees=data["attendees"])
            services.visit_update_summary(actor=request.user, visit=visit, unit_summary=data["unit_summary"])

    done = submit_form(request, form, save, success=_("Saved."), next_url=visit_url(visit.pk))
    return done or render(
        request, "inspections/visit_form.html", {"form": form, "visit": visit, "title": _("The unit's side")}
    )


@require_http_methods(["GET", "POST"])
def visit_reschedule(request, pk):
    visit = get_visit_for(request.user, pk)
    if not can_manage_plan(request.user, visit.plan):
        raise PermissionDenied
    form = RescheduleForm(request.POST or None, initial={"scheduled_on": visit.scheduled_on, "place": visit.place})
    done = submit_form(
        request,
        form,
        lambda data: services.visit_reschedule(actor=request.user, visit=visit, **data),
        success=_("The visit was rescheduled."),
        next_url=visit_url(visit.pk),
    )
    return done or render(
        request, "inspections/visit_form.html", {"form": form, "visit": visit, "title": _("Reschedule")}
    )


@require_POST
def visit_start(request, pk):
    visit = get_visit_for(request.user, pk)
    try:
        services.visit_start(actor=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("inspections:visit_detail", pk=visit.pk)


@require_POST
def visit_conclude(request, pk):
    visit = get_visit_for(request.user, pk)
    try:
        services.visit_conclude(actor=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The visit is concluded; its findings are now locked."))
    return redirect("inspections:visit_detail", pk=visit.pk)


@require_http_methods(["GET", "POST"])
def visit_reopen(request, pk):
    visit = get_visit_for(request.user, pk)
    form = ReopenForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.visit_reopen(actor=request.user, visit=visit, reason=data["reason"]),
        success=_("The visit was reopened."),
        next_url=visit_url(visit.pk),
    )
    return done or render(
        request, "inspections/visit_form.html", {"form": form, "visit": visit, "title": _("Reopen the visit")}
    )
