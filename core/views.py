"""Pages of core: the notification bell (list, open, mark read) and long XLSX exports being written."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification, SpreadsheetExport
from .notifications import notification_read, notifications_of, notifications_read_all


def notification_list(request):
    page = Paginator(notifications_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@require_POST
def notification_open(request, pk):
    notification = notification_read(get_object_or_404(Notification, pk=pk, user=request.user))
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("core:notification_list")
    return redirect(target)


@require_POST
def notifications_mark_all_read(request):
    notifications_read_all(request.user)
    return redirect("core:notification_list")


def spreadsheet_detail(request, pk):
    """A long list's XLSX being written: how far, then the download (htmx follows it)."""
    export = get_object_or_404(SpreadsheetExport, pk=pk, requested_by=request.user)
    template = "core/_spreadsheet_progress.html" if request.htmx else "core/spreadsheet.html"
    return render(request, template, {"export": export})


def spreadsheet_download(request, pk):
    export = get_object_or_404(SpreadsheetExport, pk=pk, requested_by=request.user)
    if not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)
