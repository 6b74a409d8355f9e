"""The province's picture: the dashboard (figures, charts, heat map) and its XLSX."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.exports import spreadsheet_response
from core.filters import remembers_filters
from inspections.selectors import visit_rows, visit_unit_names, visits_visible_to, with_finding_counts
from units.selectors import get_unit_for

from ..dashboard import drawn_figures
from ..figures import Selection, cached_figures, figures_cache_key
from ..forms import FiguresForm
from ..models import DocumentKind
from ..selectors import can_draft_province_reports
from ..tasks import recount_later

REPORT_BUTTONS = (
    (DocumentKind.ANNUAL_REPORT, _("Draw up the annual results report")),
    (DocumentKind.REMEDIATION_REPORT, _("Draw up the remediation status report")),
)


@remembers_filters
def dashboard(request):
    """For a year, a plan, a unit or a period: visits, findings by area and unit, remediation, trends."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "dashboard")
    form = FiguresForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    fresh, selection = "fresh" in request.GET, form.selection()
    figures = cached_figures(request.user, selection, fresh=fresh, on_stale=recount_later)
    context = {
        "form": form,
        "figures": figures,
        "figures_html": drawn_figures(figures_cache_key(request.user, selection), figures, fresh),
        "fresh_query": _with(request, fresh="1"),
        "selection_names": ("year", "plan", "unit", "date_from", "date_to"),
        "report_kinds": REPORT_BUTTONS if can_draft_province_reports(request.user) else (),
    }
    return render(request, "reports/dashboard.html", context)


def _with(request, **values) -> str:
    query = request.GET.copy()
    query.pop("fresh", None)
    query.update(values)
    return query.urlencode()


VISITS_SHOWN = 100


def unit_history(request, pk):
    """A unit's inspections over the years (its merged predecessors' too): the unit page loads it (htmx)."""
    unit = get_unit_for(request.user, pk)
    selection = Selection(unit=unit)
    figures = cached_figures(request.user, selection, on_stale=recount_later)
    visits = visit_rows(visits_visible_to(request.user).filter(selection.unit_q("unit__")))
    visits = list(visits.order_by("-scheduled_on", "-pk")[:VISITS_SHOWN])
    visit_unit_names(with_finding_counts(visits))
    by_year: dict[int, list] = {}
    for visit in visits:
        by_year.setdefault(visit.scheduled_on.year, []).append(visit)
    context = {
        "unit": unit,
        "figures": figures,
        "visits_by_year": sorted(by_year.items(), reverse=True),
        "more_visits": len(visits) == VISITS_SHOWN,
        "can_report": can_draft_province_reports(request.user),
        "selection_names": ("unit",),
        "report_kinds": ((DocumentKind.UNIT_HISTORY, _("Draw up the unit's history report")),),
    }
    template = "reports/_unit_history.html" if request.htmx else "reports/unit_history.html"
    return render(request, template, context)
