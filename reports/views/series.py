"""The numbering series of each issuer, kept by administrators and Home Affairs in the portal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.forms import submit_form
from core.paging import page_of
from units.selectors import units_visible_to

from .. import series as service
from ..forms import SeriesForm
from ..selectors import series_visible_to

PAGE_SIZE = 25


def _require(request):
    if not service.may_manage_series(request.user):
        raise PermissionDenied


def _context(form, title) -> dict:
    return {"form": form, "title": title, "cancel_url": reverse("reports:series_list"), "form_testid": "series-form"}


def series_list(request):
    _require(request)
    rows = series_visible_to(request.user).select_related("issuer").order_by("issuer__path", "name", "pk")
    return render(request, "reports/series_list.html", {"page": page_of(rows, request.GET.get("page"), PAGE_SIZE)})


@require_http_methods(["GET", "POST"])
def series_create(request):
    _require(request)
    units = units_visible_to(request.user).active().order_by("path")
    form = SeriesForm(request.POST if request.method == "POST" else None, units=units)
    done = submit_form(
        request,
        form,
        lambda data: service.series_create(
            actor=request.user, issuer=data["issuer"], name=data["name"], kinds=data["kinds"]
        ),  # fmt: skip
        success=_("The series was saved."),
        next_url=reverse("reports:series_list"),
    )
    return done or render(request, "reports/series_form.html", _context(form, _("New numbering series")))


@require_http_methods(["GET", "POST"])
def series_edit(request, pk):
    _require(request)
    series = get_object_or_404(series_visible_to(request.user).select_related("issuer"), pk=pk)
    initial = {"name": series.name, "kinds": series.kinds, "version": series.version}
    form = SeriesForm(request.POST if request.method == "POST" else None, editing=True, initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: service.series_update(
            actor=request.user, series=series, name=data["name"], kinds=data["kinds"], version=data["version"]
        ),  # fmt: skip
        success=_("The series was saved."),
        next_url=reverse("reports:series_list"),
    )
    title = _("Series %(name)s of %(issuer)s") % {"name": series.name, "issuer": series.issuer.name}
    return done or render(request, "reports/series_form.html", {**_context(form, title), "series": series})


@require_POST
def series_delete(request, pk):
    _require(request)
    series = get_object_or_404(series_visible_to(request.user), pk=pk)
    try:
        service.series_delete(actor=request.user, series=series, version=request.POST.get("version"))
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:series_edit", pk=pk)
    else:
        messages.success(request, _("The series was deleted; its kinds share the issuer's one series again."))
    return redirect("reports:series_list")
