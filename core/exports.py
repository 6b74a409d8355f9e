"""The "Export XLSX" link of every list: the file at once when short, a page that follows it when long."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import redirect

from .dispatch import send_on_commit
from .models import SpreadsheetExport
from .spreadsheets import sheet_for
from .tasks import build_spreadsheet
from .xlsx import xlsx_response

# Up to this many rows a list is written during the request (well under a second).
INLINE_ROWS = 1000


def spreadsheet_response(request, name: str):
    """The XLSX of the list `name` as the page shows it (its filters); long ones are written by a worker."""
    query = request.GET.copy()
    query.pop("format", None)
    sheet = sheet_for(name, request.user, query.urlencode())
    if sheet.count <= INLINE_ROWS:
        return xlsx_response(sheet.content(), sheet.filename)
    with transaction.atomic():
        export = SpreadsheetExport.objects.create(
            requested_by=request.user,
            name=name,
            query=query.urlencode(),
            list_url=f"{request.path}?{query.urlencode()}" if query else request.path,
            title=sheet.title,
            filename=sheet.filename,
            rows=sheet.count,
        )
        send_on_commit(build_spreadsheet, export.pk)
    return redirect("core:spreadsheet", pk=export.pk)
