"""Visits: the list, the inspector's page (one visit, its areas as a checklist), its side, its status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exports import spreadsheet_response
from core.filters import filter_page, remembers_filters
from core.forms import parse_id, submit_form

from .. import services
from ..filters import VisitFilter
from ..forms import AttendeesForm, ConcludeForm, FindingForm, ReopenForm, RescheduleForm
from ..models import FindingKind, ReformArea
from ..selectors import (
    can_manage_plan,
    get_visit_for,
    in_list_order,
    is_team_leader,
    is_team_member,
    visit_rows,
    visit_unit_names,
    visits_for_list,
    visits_visible_to,
    with_finding_counts,
)
from ..visit_page import ADD_FORM_STAND_IN, area_entry, conclusion_gaps, visit_page_context

PAGE_SIZE = 25


@remembers_filters
def visit_list(request):
    """The visits a user may see; today's and upcoming first for inspectors."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "visits")
    filterset, visits = filter_page(VisitFilter, request, visits_for_list(visits_visible_to(request.user)))
    today = timezone.localdate()
    visits = visit_rows(in_list_order(visits, request.GET.get("when")))
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    visit_unit_names(with_finding_counts(page.object_list))
    return render(request, "inspections/visit_list.html", {"filter": filterset, "page": page, "today": today})


def visit_url(pk) -> str:
    return reverse("inspections:visit_detail", args=[pk])


def new_finding_form(data=None, files=None, area=None) -> FindingForm:
    """An area's add form. Unbound, one serves every area of a page: the template gives each
    area its own ids and entry token (`FindingForm.entry_token_to_draw`). Bound (sent back with
    errors), it is that area's: its error messages carry the area in their ids."""
    auto_id = f"area{area.pk}_%s" if area is not None else "id_%s"
    return FindingForm(data, files, auto_id=auto_id, initial={"kind": FindingKind.STRENGTH})


def visit_page(request, visit, status=200, new_forms=None):
    """The whole page; `new_forms` keeps an area's add form as the user submitted it (with its errors).

    `?area=` opens that area of a long visit with its findings (for browsers without JavaScript).
    """
    open_area = parse_id(request.GET.get("area")) or next(iter(new_forms or {}), None)
    context = visit_page_context(visit, request.user, open_area_id=open_area)
    context["today"] = timezone.localdate()
    blank = new_finding_form()
    for entry in context["areas"]:
        entry["form"] = (new_forms or {}).get(entry["area"].pk) or blank
    context.update(blank_form=blank, add_form_stand_in=ADD_FORM_STAND_IN)  # drawn once, stamped per area
    return render(request, "inspections/visit_detail.html", context, status=status)


def visit_detail(request, pk):
    return visit_page(request, get_visit_for(request.user, pk, with_team=True))


def visit_area(request, pk, area_pk):
    """The findings of one folded area, loaded when the inspector opens it (htmx)."""
    visit = get_visit_for(request.user, pk)
    area = get_object_or_404(ReformArea, pk=area_pk)
    context = {
        "visit": visit,
        "entry": area_entry(visit, area),
        "can_record": is_team_member(request.user, visit) and not visit.is_concluded,
    }
    return render(request, "inspections/_area_findings.html", context)


@require_http_methods(["GET", "POST"])
def visit_attendees(request, pk):
    visit = get_visit_for(request.user, pk)
    if not is_team_member(request.user, visit):
        raise PermissionDenied  # the unit's side is written by the team that recorded the visit
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


@require_http_methods(["GET", "POST"])
def visit_conclude(request, pk):
    """Before the findings lock, the leader reads what is missing and confirms it (`conclusion_gaps`)."""
    visit = get_visit_for(request.user, pk)
    if not is_team_leader(request.user, visit):
        raise PermissionDenied
    if visit.is_concluded:
        messages.info(request, _("The visit is already concluded."))
        return redirect("inspections:visit_detail", pk=visit.pk)
    gaps = conclusion_gaps(visit)
    form = ConcludeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if gaps and not form.cleaned_data["confirmed"]:
            form.add_error("confirmed", _("Tick this box to conclude with what is missing."))
        else:
            try:
                services.visit_conclude(actor=request.user, visit=visit)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The visit is concluded; its findings are now locked."))
            return redirect("inspections:visit_detail", pk=visit.pk)
    visit_unit_names([visit])
    return render(request, "inspections/visit_conclude.html", {"visit": visit, "gaps": gaps, "form": form})


@require_http_methods(["GET", "POST"])
def visit_reopen(request, pk):
    visit = get_visit_for(request.user, pk)
    if not is_team_leader(request.user, visit):
        raise PermissionDenied
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
