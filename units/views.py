"""HTML views of the organisation registry: browse, search, reorganise, import."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.filters import filter_page
from core.forms import add_service_errors, safe_next, submit_form

from . import importing, scheduling, services
from .filters import UnitFilter
from .forms import (
    ReorganisationForm,
    UnitCreateForm,
    UnitHeadForm,
    UnitImportForm,
    UnitMergeForm,
    UnitMoveForm,
    UnitRenameForm,
    UnitSplitForm,
)
from .models import ReorganisationKind, ScheduledReorganisation, Unit, UnitKind
from .selectors import get_unit_for, scope_paths, unit_history, units_visible_to

PAGE_SIZE = 25


def unit_url(pk) -> str:
    return reverse("units:detail", args=[pk])


def _require_admin(request):
    if not request.user.is_administrator:
        raise PermissionDenied


def _with_ancestors(units: list[Unit]) -> None:
    """Attach `.ancestors` (outermost first) to each unit, with one query for the page."""
    ids = {pk for unit in units for pk in unit.ancestor_ids()}
    rows = Unit.objects.filter(pk__in=ids).values_list("pk", "short_name", "name") if ids else []
    names = {pk: short_name or name for pk, short_name, name in rows}
    for unit in units:
        unit.ancestors = [(pk, names.get(pk, "")) for pk in unit.ancestor_ids()]


def unit_list(request):
    """Browse the tree one level at a time, or search it without diacritics (existing units unless asked)."""
    parent = get_unit_for(request.user, request.GET["parent"]) if request.GET.get("parent") else None
    filterset, units = filter_page(UnitFilter, request, units_visible_to(request.user), defaults={"is_active": "true"})
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    query = data.get("search") or ""
    searching = bool(query or data.get("kind") or data.get("is_active") is not True)
    if parent is None and not searching:
        # The top of what this user may see: units whose parent is outside their scope.
        paths = scope_paths(request.user)
        if paths is None:
            units = units.filter(parent__isnull=True)
        else:
            units = units.filter(path__in=paths) if paths else units.none()
    active_children = Count("children", filter=Q(children__valid_to__isnull=True))
    units = units.select_related("head").annotate(child_count=active_children).order_by("path" if not query else "name")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_ancestors(list(page.object_list))
    if parent is not None:
        _with_ancestors([parent])
    return render(
        request,
        "units/unit_list.html",
        {
            "filter": filterset,
            "page": page,
            "parent": parent,
            "searching": searching or parent is not None,
            "query": query,
        },
    )


def unit_detail(request, pk):
    unit = get_unit_for(request.user, pk)
    _with_ancestors([unit])
    children = list(
        units_visible_to(request.user)
        .filter(parent=unit)
        .active()
        .only("name", "code")  # what the list of subunits prints
        .order_by("name")[:200]
    )
    history = unit_history(unit)
    scheduled = scheduling.scheduled_for(unit)
    members = (
        list(unit.members.filter(is_active=True).order_by("full_name")[:100]) if request.user.is_administrator else []
    )
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "children": children, "members": members, "scheduled": scheduled, **history},
    )


def _active_units(request):
    return units_visible_to(request.user).active().order_by("path")


@require_http_methods(["GET", "POST"])
def unit_create(request):
    _require_admin(request)
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = get_unit_for(request.user, request.GET["parent"])
    form = UnitCreateForm(request.POST or None, units=_active_units(request), initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: services.unit_create(actor=request.user, **data),
        success=_("%(name)s was created.") % {"name": request.POST.get("name", "")},
        next_url=lambda unit: unit_url(unit.pk),
    )
    return done or render(request, "units/unit_form.html", {"form": form, "title": _("New unit")})


def _recorded(result) -> str:
    """The message after a reorganisation: done now, or waiting for its date."""
    if isinstance(result, ScheduledReorganisation):
        return _("Scheduled: %(change)s on %(date)s. The unit's page shows it until then.") % {
            "change": result.summary,
            "date": result.effective_on.strftime("%d/%m/%Y"),
        }
    return _("The reorganisation was recorded.")


def _reorganise(request, pk, form_class, kind, title, **form_kwargs):
    """Shared flow of the single-unit reorganisation pages: now, or scheduled for a later date."""
    _require_admin(request)
    unit = get_unit_for(request.user, pk)
    initial = {"name": unit.name, "short_name": unit.short_name, "code": unit.code, "place_name": unit.place_name}
    form = form_class(request.POST or None, initial=initial, **form_kwargs)
    done = submit_form(
        request,
        form,
        lambda data: scheduling.reorganise(actor=request.user, kind=kind, unit=unit, **data),
        success=_recorded,
        next_url=unit_url(unit.pk),
    )
    context = {"form": form, "unit": unit, "title": title % {"name": unit.name}, "scheduling_hint": True}
    return done or render(request, "units/unit_form.html", context)


@require_http_methods(["GET", "POST"])
def unit_rename(request, pk):
    return _reorganise(request, pk, UnitRenameForm, ReorganisationKind.RENAME, _("Rename %(name)s"))


@require_http_methods(["GET", "POST"])
def unit_move(request, pk):
    return _reorganise(
        request, pk, UnitMoveForm, ReorganisationKind.MOVE, _("Move %(name)s"), units=_active_units(request)
    )


@require_http_methods(["GET", "POST"])
def unit_split(request, pk):
    return _reorganise(request, pk, UnitSplitForm, ReorganisationKind.SPLIT, _("Split %(name)s"))


@require_http_methods(["GET", "POST"])
def unit_dissolve(request, pk):
    return _reorganise(request, pk, ReorganisationForm, ReorganisationKind.DISSOLVE, _("Dissolve %(name)s"))


@require_http_methods(["GET", "POST"])
def unit_merge(request):
    _require_admin(request)
    initial = {}
    if request.GET.get("unit"):
        initial["units"] = [get_unit_for(request.user, request.GET["unit"])]
    form = UnitMergeForm(request.POST or None, units=_active_units(request), initial=initial)

    def merge(data):
        return scheduling.reorganise(
            actor=request.user,
            kind=ReorganisationKind.MERGE,
            units=list(data["units"]),
            into=data["into"],
            new_unit=form.new_unit(),
            effective_on=data["effective_on"],
            decision=data["decision"],
            note=data["note"],
        )

    def next_url(result):
        if isinstance(result, ScheduledReorganisation):
            return unit_url(result.units.order_by("path").first().pk)
        return unit_url(result.successors.get().pk)

    done = submit_form(request, form, merge, success=_recorded, next_url=next_url)
    context = {"form": form, "title": _("Merge units"), "scheduling_hint": True}
    return done or render(request, "units/unit_form.html", context)


@require_http_methods(["POST"])
def scheduled_cancel(request, pk):
    """Cancel a reorganisation that has not taken effect yet (administrators, units they may see)."""
    _require_admin(request)
    visible = units_visible_to(request.user)
    scheduled = get_object_or_404(ScheduledReorganisation.objects.filter(units__in=visible).distinct(), pk=pk)
    try:
        scheduling.cancel(actor=request.user, scheduled=scheduled)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scheduled reorganisation was cancelled."))
    return redirect(safe_next(request, reverse("units:list")))


@require_http_methods(["GET", "POST"])
def unit_head(request, pk):
    """Choose the unit's head among its members (administrators)."""
    _require_admin(request)
    unit = get_unit_for(request.user, pk)
    form = UnitHeadForm(request.POST or None, members=unit.members.filter(is_active=True), initial={"head": unit.head})
    done = submit_form(
        request,
        form,
        lambda data: services.unit_set_head(actor=request.user, unit=unit, head=data["head"]),
        success=_("The head was saved."),
        next_url=unit_url(unit.pk),
    )
    context = {"form": form, "unit": unit, "title": _("Head of %(name)s") % {"name": unit.name}}
    return done or render(request, "units/unit_form.html", context)


IMPORT_SESSION_KEY = "unit_import"


def _provinces(request):
    return units_visible_to(request.user).active().filter(kind=UnitKind.PROVINCE).order_by("name")


@require_http_methods(["GET", "POST"])
def unit_import(request):
    """Upload → a preview of every row with its parent and problems → confirm. Nothing is written until confirmed."""
    _require_admin(request)
    report = None
    form = UnitImportForm(provinces=_provinces(request))
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending["token"] != request.POST["confirm"]:
            messages.error(request, _("The checked file has expired; upload it again."))
            return redirect("units:import")
        province = _provinces(request).filter(pk=pending.get("province")).first() if pending.get("province") else None
        report = importing.import_units(actor=request.user, rows=pending["rows"], dry_run=False, province=province)
        if report.is_valid:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(request, _("%(count)s units were imported.") % {"count": len(report.created)})
            return redirect("units:list")
    elif request.method == "POST":
        form = UnitImportForm(request.POST, request.FILES, provinces=_provinces(request))
        if form.is_valid():
            province = form.cleaned_data["province"]
            try:
                rows = importing.read_unit_rows(form.cleaned_data["file"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                report = importing.import_units(actor=request.user, rows=rows, dry_run=True, province=province)
                if report.is_valid:
                    serialisable = [
                        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows
                    ]
                    request.session[IMPORT_SESSION_KEY] = {
                        "token": uuid.uuid4().hex,
                        "rows": serialisable,
                        "province": province.pk if province else None,
                    }
    pending = request.session.get(IMPORT_SESSION_KEY) if report and report.is_valid else None
    return render(request, "units/unit_import.html", {"form": form, "report": report, "pending": pending})


def unit_import_template(request):
    """A sample CSV: Vietnamese headers and kinds, parents named by code path under the user's province."""
    _require_admin(request)
    response = HttpResponse(importing.template_csv(_provinces(request).first()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.csv"'
    return response
