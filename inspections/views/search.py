"""Search across the findings a user may see, without diacritics."""

from django.shortcuts import render

from core.exports import spreadsheet_response
from core.filters import filter_page, remembers_filters

from ..filters import FindingFilter
from ..selectors import FINDING_ROW_FIELDS, FINDING_SEARCH_ORDER, findings_visible_to, page_by_visit, visit_unit_names

PAGE_SIZE = 25


@remembers_filters
def finding_search(request):
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "findings")
    filterset, findings = filter_page(FindingFilter, request, findings_visible_to(request.user))
    # What a result shows: its text, kind and area, and the visit's unit and date (no plan, no indicators).
    findings = findings.select_related("visit", "visit__unit", "area").only(*FINDING_ROW_FIELDS)
    findings = findings.order_by(*FINDING_SEARCH_ORDER)
    searching = filterset.is_valid() and bool(filterset.form.cleaned_data.get("search"))
    page = page_by_visit(findings, request.GET.get("page"), PAGE_SIZE, short=searching)
    visit_unit_names([finding.visit for finding in page.object_list])
    return render(request, "inspections/finding_search.html", {"filter": filterset, "page": page})
