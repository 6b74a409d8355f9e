"""The audit log page: newest first, filtered, paginated, exportable; for administrators and Home Affairs."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.exports import spreadsheet_response
from core.filters import filter_page
from core.paging import page_without_count

from .filters import AuditFilter, record_kinds
from .selectors import can_read_audit, entries_visible_to

PAGE_SIZE = 50


def entry_list(request):
    if not can_read_audit(request.user):
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "audit")
    filterset, entries = filter_page(AuditFilter, request, entries_visible_to(request.user))
    # Newest first, never counted: a province's log grows by every change of every record for years.
    page = page_without_count(entries.select_related(None), request.GET.get("page"), PAGE_SIZE)
    kinds = dict(record_kinds())
    for entry in page.object_list:
        entry.kind_name = kinds.get(entry.object_type, entry.object_type)
    return render(request, "audit/entry_list.html", {"filter": filterset, "page": page})
