"""The reform areas, kept by administrators and Home Affairs in the portal."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit_form

from .. import services
from ..forms import ReformAreaForm
from ..models import ReformArea


def _require(request):
    if not services.may_manage_areas(request.user):
        raise PermissionDenied


def _context(form, title) -> dict:
    return {"form": form, "title": title, "cancel_url": reverse("inspections:area_list"), "form_testid": "area-form"}


def area_list(request):
    _require(request)
    # Reference data of a dozen rows: one page, no pagination needed.
    areas = ReformArea.objects.order_by("-is_active", "position", "pk")[:200]
    return render(request, "inspections/area_list.html", {"areas": areas})


@require_http_methods(["GET", "POST"])
def area_create(request):
    _require(request)
    form = ReformAreaForm(request.POST if request.method == "POST" else None)
    done = submit_form(
        request,
        form,
        lambda data: services.area_create(
            actor=request.user, code=data["code"], name=data["name"], position=data["position"]
        ),  # fmt: skip
        success=_("The reform area was saved."),
        next_url=reverse("inspections:area_list"),
    )
    return done or render(request, "form_page.html", _context(form, _("New reform area")))


@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    _require(request)
    area = get_object_or_404(ReformArea, pk=pk)
    initial = {"name": area.name, "position": area.position, "is_active": area.is_active, "version": area.version}
    form = ReformAreaForm(request.POST if request.method == "POST" else None, editing=True, initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: services.area_update(
            actor=request.user,
            area=area,
            name=data["name"],
            position=data["position"],
            is_active=data["is_active"],
            version=data["version"],
        ),  # fmt: skip
        success=_("The reform area was saved."),
        next_url=reverse("inspections:area_list"),
    )
    return done or render(request, "form_page.html", _context(form, _("Reform area %(code)s") % {"code": area.code}))
