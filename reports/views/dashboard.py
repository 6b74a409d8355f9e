"""The province's picture: the dashboard (figures, charts, heat map) and its XLSX."""

from django.shortcuts import render

from core.exports import spreadsheet_response

from .. import charts
from ..dashboard import heat_map, task_links
from ..figures import cached_figures
from ..forms import FiguresForm


def dashboard(request):
    """For a year, a plan, a unit or a period: visits, findings by area and unit, remediation, trends."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "dashboard")
    form = FiguresForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    figures = cached_figures(request.user, form.selection(), fresh="fresh" in request.GET)
    context = {
        "form": form,
        "figures": figures,
        "charts": charts.all_charts(figures),
        "heat": heat_map(figures),
        "links": task_links(figures),
        "fresh_query": _with(request, fresh="1"),
    }
    return render(request, "reports/dashboard.html", context)


def _with(request, **values) -> str:
    query = request.GET.copy()
    query.pop("fresh", None)
    query.update(values)
    return query.urlencode()
