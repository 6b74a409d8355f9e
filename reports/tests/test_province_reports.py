"""The province's reports: drawn up from the figures, edited, issued, rendered with charts and a progress bar."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import current_version
from inspections.tests.factories import add_finding, make_visit_setup
from reports import jobs, rendering, services
from reports.figures import Selection, figures_for
from reports.models import Document, DocumentKind, PdfStatus
from reports.tests import pdf as read
from units import services as unit_services

AFTER_DEADLINE = datetime.date(2026, 10, 15)  # both tasks of the `remediation` fixture are overdue


@pytest.fixture(autouse=True)
def _today(settings):
    settings.FIGURES_CACHE_SECONDS = 0
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        yield


def annual(cast, year=2026):
    return services.report_create(
        actor=cast.home_affairs, kind=DocumentKind.ANNUAL_REPORT, selection=Selection(year=year)
    )


def test_the_annual_report_is_drawn_up_from_the_figures_and_issued_by_home_affairs(cast, remediation):
    report = annual(cast)
    assert report.plan is None and report.issuer == cast.home_affairs_dept and report.status == "draft"
    assert report.subject == "Kết quả kiểm tra công tác cải cách hành chính năm 2026"
    assert "Tổng cộng 2/2 cuộc kiểm tra đã hoàn thành" in report.body
    assert report.table[1][1] == "Sở KH&CN" and report.table[1][7] == "2"  # the department, its overdue tasks
    assert report.figures["tasks"] == figures_for(cast.home_affairs, Selection(year=2026))["tasks"]
    assert [table["title"] for table in report.tables] == ["Số hạn chế theo đơn vị và lĩnh vực", "Kết quả qua các năm"]
    issued = services.document_issue(actor=cast.home_affairs, document=report, expected_version=current_version(report))
    assert issued.number_text == "01/BC-SNV"


def test_the_annual_report_pdf_carries_its_tables_and_charts_as_text(cast, remediation):
    pdf = rendering.document_pdf(annual(cast))
    text = read.text(pdf)
    assert "BÁO CÁO" in text and "Bảng 2. Số hạn chế theo đơn vị và lĩnh vực" in text
    charts = "".join(text.split())  # a chart's words are placed one by one: read them without spaces
    assert "Kếtquảđạtđược" in charts and "Sốnộidungghinhận" in charts  # the area chart's legend and axis
    assert "Tỷlệkhắcphụcđúnghạn(%)" in charts  # the trend chart
    assert all(round(w / read.MM) == 210 and round(h / read.MM) == 297 for w, h in read.page_sizes(pdf))  # A4
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "DejaVu-Sans"} <= read.embedded_fonts(pdf)  # text; charts


def test_the_remediation_report_lists_every_overdue_task(cast, remediation):
    report = services.report_create(
        actor=cast.home_affairs, kind=DocumentKind.REMEDIATION_REPORT, selection=Selection(year=2026)
    )
    overdue = report.tables[0]["rows"]
    assert overdue[0][:4] == ["STT", "Đơn vị", "Nội dung khắc phục", "Hạn"]
    assert {row[1] for row in overdue[1:]} == {cast.unit.name, cast.sibling.name}
    assert all(row[4] == "15" for row in overdue[1:])  # days past 30/09/2026
    text = " ".join(read.text(rendering.document_pdf(report)).split())  # lines joined as a reader would
    assert "Có 2 nhiệm vụ đã quá thời hạn" in text and "Bảng 2. Danh sách nhiệm vụ quá hạn" in text
    assert text.count("30/09/2026 15") == 2  # each overdue task: its deadline, 15 days past it


def test_a_units_history_follows_its_renames_over_the_years(cast, remediation):
    earlier = make_visit_setup(cast, year=2024)
    add_finding(earlier, text="Chưa niêm yết TTHC năm 2024.")
    unit_services.unit_rename(
        actor=cast.admin, unit=cast.unit, name="Chi cục Đo lường Mới", effective_on=datetime.date(2025, 1, 1)
    )
    report = services.report_create(
        actor=cast.home_affairs, kind=DocumentKind.UNIT_HISTORY, selection=Selection(unit=cast.unit)
    )
    assert report.subject_unit == cast.unit
    names = {row[1]: row[2] for row in report.table[1:]}
    assert names["20/05/2024"] == "Chi cục Tiêu chuẩn Đo lường Chất lượng"  # the name it had then
    assert "- Năm 2024: Chưa niêm yết TTHC năm 2024." in report.body
    assert "- Năm 2026: Công khai TTHC chưa đầy đủ." in report.body
    assert report.tables[0]["rows"][1][2] == "Công khai đầy đủ TTHC tại bộ phận một cửa."


def test_only_home_affairs_and_administrators_draw_them_up(client, cast, remediation):
    with pytest.raises(PermissionDenied):
        services.report_create(actor=cast.inspector, kind=DocumentKind.ANNUAL_REPORT, selection=Selection(year=2026))
    client.force_login(cast.inspector)
    refused = client.post(reverse("reports:report_create"), {"kind": "annual_report", "year": 2026})
    assert refused.status_code == 403
    assert "draw-up-reports" not in client.get(reverse("dashboard:index")).content.decode()
    report = annual(cast)
    client.force_login(cast.unit_head)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404


def test_drawn_up_from_the_dashboard_then_edited_on_its_page(client, cast, remediation):
    client.force_login(cast.home_affairs)
    assert (
        'data-testid="draw-up-annual_report"' in client.get(reverse("dashboard:index"), {"year": 2026}).content.decode()
    )
    response = client.post(reverse("reports:report_create"), {"kind": "annual_report", "year": 2026})
    report = Document.objects.get(kind=DocumentKind.ANNUAL_REPORT)
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert reverse("dashboard:index") in page and "<svg" in page  # breadcrumb to the dashboard; the charts previewed
    data = {field: getattr(report, field) for field in ("subject", "recipients", "body", "copies_to", "signer_name")}
    client.post(response["Location"], {**data, "subject": "Báo cáo đã sửa", "version": report.version})
    assert Document.objects.get(pk=report.pk).subject == "Báo cáo đã sửa"
    missing = client.post(reverse("reports:report_create"), {"kind": "unit_history"}, follow=True)
    assert "Hãy chọn đơn vị" in missing.content.decode()


def test_the_render_reports_its_progress_step_by_step(cast, remediation):
    report = annual(cast)
    seen = []
    real = jobs._progress

    def record(document_id, percent):
        real(document_id, percent)
        seen.append(Document.objects.get(pk=document_id).pdf_progress)

    with mock.patch.object(jobs, "_progress", record):
        jobs.document_render(report.pk)
    report.refresh_from_db()
    assert seen == [30, 80] and report.pdf_status == PdfStatus.DONE and report.pdf_progress == 100


def test_the_api_draws_up_a_province_report_with_the_stats_numbers(
    api, cast, remediation, django_capture_on_commit_callbacks
):
    client = api.as_(cast.home_affairs)
    created = client.post("/api/v1/documents/", {"kind": "remediation_report", "report_year": 2026}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["kind"] == "remediation_report" and body["plan"] is None and body["status"] == "draft"
    stats = client.get("/api/v1/stats/", {"year": 2026}).json()
    document = Document.objects.get(pk=body["id"])
    assert document.figures["tasks"]["overdue"] == stats["tasks"]["overdue"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        rendered = client.post(f"/api/v1/documents/{body['id']}/render/")
    assert rendered.status_code == 202
    assert client.get(f"/api/v1/documents/{body['id']}/").json()["pdf_status"] == "done"
    refused = client.post("/api/v1/documents/", {"kind": "unit_history"}, format="json")
    assert refused.status_code == 400 and "unit" in refused.json()
    plain = client.post("/api/v1/documents/", {"kind": "report"}, format="json")
    assert plain.status_code == 400 and "plan" in plain.json()


def test_the_unit_page_shows_its_inspection_history(client, cast, remediation):
    client.force_login(cast.home_affairs)
    unit_page = client.get(reverse("units:detail", args=[cast.unit.pk])).content.decode()
    history_url = reverse("dashboard:unit_history", args=[cast.unit.pk])
    assert history_url in unit_page
    history = client.get(history_url, HTTP_HX_REQUEST="true")
    html = history.content.decode()
    assert reverse("inspections:visit_detail", args=[remediation.visit.pk]) in html
    assert history.context["figures"]["tasks"]["tasks"] == 1 and 'data-testid="draw-up-unit_history"' in html
    client.force_login(cast.other_head)
    assert client.get(history_url).status_code == 404
