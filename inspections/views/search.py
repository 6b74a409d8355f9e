"""Search across the findings a user may see, without diacritics."""

from django.core.paginator import Paginator
from django.shortcuts import render

from units.selectors import units_visible_to

from ..forms import FindingSearchForm
from ..selectors import finding_prefetches, findings_visible_to, plans_visible_to, search_findings, visit_unit_names

PAGE_SIZE = 25


def finding_search(request):
    form = FindingSearchForm(
        request.GET or None,
        plans=plans_visible_to(request.user).order_by("-year", "title"),
        units=units_visible_to(request.user).order_by("path"),
    )
    findings = findings_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        findings = search_findings(findings, data.get("q") or "")
        if data.get("year"):
            findings = findings.filter(visit__scheduled_on__year=data["year"])
        if data.get("plan"):
            findings = findings.filter(visit__plan=data["plan"])
        if data.get("unit"):
            findings = findings.filter(visit__unit__path__startswith=data["unit"].path)
        if data.get("area"):
            findings = findings.filter(area=data["area"])
        if data.get("kind"):
            findings = findings.filter(kind=data["kind"])
    findings = (
        findings.select_related("visit", "visit__unit", "visit__plan", "area")
        .prefetch_related(*finding_prefetches())
        .order_by("-visit__scheduled_on", "area__position", "kind", "position", "pk")
    )
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    visit_unit_names([finding.visit for finding in page.object_list])
    return render(request, "inspections/finding_search.html", {"form": form, "page": page})
