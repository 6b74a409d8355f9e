"""Every list as XLSX: what the page shows, scoped, with its filters; long ones written by a worker."""

import datetime
import io
import os
from unittest import mock

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cchc_portal.celery import app
from cchc_portal.tasks import sweep_now
from conftest import count_queries
from core import exports
from core.models import SpreadsheetExport, SpreadsheetStatus
from core.spreadsheets import EXPORTERS, forget_old_spreadsheets
from core.tasks import build_spreadsheet
from inspections.models import FindingKind
from inspections.tests.factories import add_finding


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def table(rows: list[tuple], header: str) -> tuple[tuple, list[tuple]]:
    """The header row (the one starting with `header`) and the rows under it."""
    start = next(i for i, row in enumerate(rows) if row[0] == header)
    return rows[start], rows[start + 1 :]


def test_the_task_list_as_xlsx_is_the_units_own_tasks_with_dates_and_the_filter_above(client, cast, remediation):
    client.force_login(cast.unit_head)
    response = client.get(reverse("remediation:task_list"), {"status": "open", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert rows[0][0] == "Nhiệm vụ khắc phục" and rows[1][0] == "Trạng thái: Chưa thực hiện"
    header, tasks = table(rows, "Mã")
    assert header[1:3] == ("Đơn vị thực hiện", "Nội dung chỉ đạo")
    assert [row[0] for row in tasks] == [remediation.task.pk]  # not the sibling unit's task
    assert tasks[0][1] == cast.unit.name and tasks[0][5].date() == datetime.date(2026, 9, 30)


def test_findings_visits_and_documents_export_what_the_user_may_see(client, cast, setup):
    add_finding(setup)
    add_finding(setup, kind=FindingKind.STRENGTH, text="Niêm yết đầy đủ.")
    client.force_login(cast.home_affairs)
    findings = sheet_rows(
        client.get(reverse("inspections:finding_search"), {"kind": "shortcoming", "format": "xlsx"}).content
    )
    header, found = table(findings, "Đơn vị được kiểm tra")
    assert "Nội dung" in header and [row[5] for row in found] == ["Công khai TTHC chưa đầy đủ."]
    assert found[0][1].date() == setup.visit.scheduled_on
    visits = sheet_rows(client.get(reverse("inspections:visit_list"), {"format": "xlsx"}).content)
    _, listed = table(visits, "Đơn vị được kiểm tra")
    counts = {row[0]: (row[7], row[8]) for row in listed}
    assert counts == {cast.unit.name: (2, 1)}
    documents = sheet_rows(client.get(reverse("reports:list"), {"format": "xlsx"}).content)
    assert documents[0][0] == "Danh sách văn bản"

    client.force_login(cast.other_head)  # another department's unit sees none of it
    _, found = table(
        sheet_rows(client.get(reverse("inspections:finding_search"), {"format": "xlsx"}).content),
        "Đơn vị được kiểm tra",
    )
    assert found == []


def test_an_invalid_filter_exports_no_rows_rather_than_everything(client, cast, remediation):
    client.force_login(cast.home_affairs)
    rows = sheet_rows(client.get(reverse("remediation:task_list"), {"status": "nonsense", "format": "xlsx"}).content)
    assert table(rows, "Mã")[1] == []


def test_an_export_reads_a_bounded_number_of_queries_however_many_rows(client, cast, setup):
    client.force_login(cast.home_affairs)
    url = reverse("inspections:finding_search")
    add_finding(setup)
    few = count_queries(lambda: client.get(url, {"format": "xlsx"}))
    for number in range(25):
        add_finding(setup, text=f"Hạn chế số {number}.")
    assert count_queries(lambda: client.get(url, {"format": "xlsx"})) == few


@pytest.fixture
def long_lists(monkeypatch):
    """Every list counts as long: written by a worker (in-process here)."""
    monkeypatch.setattr(exports, "INLINE_ROWS", 0)


def test_a_long_list_is_written_in_the_background_and_only_its_requester_downloads_it(
    client, cast, remediation, long_lists, django_capture_on_commit_callbacks
):
    client.force_login(cast.home_affairs)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("remediation:task_list"), {"unit": cast.department.pk, "format": "xlsx"})
    export = SpreadsheetExport.objects.get()
    assert response["Location"] == reverse("core:spreadsheet", args=[export.pk])
    assert export.status == SpreadsheetStatus.DONE and export.rows == 2 and export.requested_by == cast.home_affairs
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and f'href="{export.list_url}"' in page.replace("&amp;", "&")
    download = client.get(reverse("core:spreadsheet_download", args=[export.pk]))
    assert download.status_code == 200
    header, tasks = table(sheet_rows(b"".join(download.streaming_content)), "Mã")
    assert {row[1] for row in tasks} == {cast.unit.name, cast.sibling.name}

    client.force_login(cast.inspector)  # someone else's spreadsheet is not there for them
    assert client.get(reverse("core:spreadsheet", args=[export.pk])).status_code == 404
    assert client.get(reverse("core:spreadsheet_download", args=[export.pk])).status_code == 404


def test_a_lost_message_is_sent_again_by_the_sweeper(
    client, cast, remediation, long_lists, django_capture_on_commit_callbacks
):
    client.force_login(cast.home_affairs)
    with mock.patch.object(build_spreadsheet, "apply_async"), django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("remediation:task_list"), {"format": "xlsx"})
    assert response.status_code == 302
    export = SpreadsheetExport.objects.get()
    assert export.status == SpreadsheetStatus.QUEUED
    assert 'data-status="queued"' in client.get(response["Location"]).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=45)):
        assert sweep_now()["spreadsheets"] == 1
    export.refresh_from_db()
    assert export.status == SpreadsheetStatus.DONE and export.file


@pytest.fixture
def failures_stay_in_the_job():
    """As in production: a job failing in-process records it and the request goes on."""
    previous, app.conf.task_eager_propagates = app.conf.task_eager_propagates, False
    yield
    app.conf.task_eager_propagates = previous


def test_a_failure_is_shown_in_vietnamese_and_the_list_offered_again(
    client, cast, remediation, long_lists, monkeypatch, failures_stay_in_the_job, django_capture_on_commit_callbacks
):
    def broken(request):
        sheet = original(request)
        sheet.rows = iter(lambda: 1 / 0, None)
        return sheet

    original = EXPORTERS["tasks"]
    monkeypatch.setitem(EXPORTERS, "tasks", broken)
    client.force_login(cast.home_affairs)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("remediation:task_list"), {"format": "xlsx"})
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in page and "Không tạo được bảng tính" in page
    assert SpreadsheetExport.objects.get().error.startswith("division by zero")


def test_old_spreadsheets_are_forgotten_with_their_files(
    client, cast, remediation, long_lists, django_capture_on_commit_callbacks, settings
):
    client.force_login(cast.home_affairs)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("remediation:task_list"), {"format": "xlsx"})
    export = SpreadsheetExport.objects.get()
    path = export.file.path
    assert forget_old_spreadsheets(timezone.now()) == 0
    assert forget_old_spreadsheets(timezone.now() + datetime.timedelta(days=settings.SPREADSHEET_DAYS + 1)) == 1
    assert not SpreadsheetExport.objects.exists()
    assert not os.path.exists(path)
