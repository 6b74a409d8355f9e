"""Home Affairs issues seed 002's letter in Chromium and gets the PDF (issue 5, "Done means")."""

import datetime
import io

import pypdfium2
import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect
from rest_framework.test import APIClient

from conftest import ARTIFACTS, login
from inspections.models import InspectionPlan
from reports.tests.factories import draft as make_draft
from reports.tests.pdf import in_order, text
from units.demo import DEMO_PASSWORD
from units.models import Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_generate_edit_issue_render_and_download_the_letter(browser_page):
    call_command("load_demo", stdout=io.StringIO())
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto(f"/inspections/plans/{plan.pk}/")
    page.get_by_test_id("plan-documents-link").click()
    page.get_by_role("link", name="Lập văn bản").click()
    page.get_by_label("Loại văn bản").select_option(label="Công văn yêu cầu khắc phục")
    page.get_by_role("button", name="Lập dự thảo").click()

    body = page.get_by_test_id("document-form").get_by_label("Nội dung")
    body.fill(body.input_value().replace("nhìn chung các đơn vị", "nhìn chung cả ba đơn vị"))
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.frame_locator("[data-testid=preview]").locator("body")).to_contain_text("nhìn chung cả ba đơn vị")

    # The confirmation shows the number the letter will take and the date, before anything is taken.
    page.get_by_role("button", name="Ban hành…").click()
    expected = page.get_by_test_id("issue-number").inner_text()
    expect(page.get_by_test_id("issue-date")).to_have_text(datetime.date.today().strftime("%d/%m/%Y"))
    # The demo's plan is of 2021: issuing it today is confirmed, not assumed.
    expect(page.get_by_test_id("issue-warning")).to_contain_text("không thuộc năm của kế hoạch (2021)")
    page.get_by_label("Tôi đã đọc các cảnh báo trên và vẫn ban hành").check()
    page.get_by_role("button", name=f"Ban hành với số {expected}").click()
    page.get_by_test_id("document-number").wait_for()
    number = page.get_by_test_id("document-number").inner_text()
    assert number == expected and number.endswith("/SKHCN-TTr") and number.split("/")[0].isdigit()

    page.get_by_role("button", name="Tạo tệp PDF").click()
    link = page.get_by_test_id("download-pdf")
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    pdf = download.value.path().read_bytes()

    content = text(pdf)
    in_order(
        content,
        [
            f"Số: {number}",
            "V/v thực hiện khắc phục",
            "nhìn chung cả ba đơn vị",
            "1. Chi cục Tiêu chuẩn Đo lường Chất lượng",
        ],
    )
    ARTIFACTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        document[index].render(scale=1.5).to_pil().save(ARTIFACTS / f"seed-002-letter-page-{index + 1}.png")
    assert len(document) >= 2


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_home_affairs_read_the_dashboard_and_export_the_remediation_report(browser_page, settings):
    """Issue 11, "Done means": the dashboard filtered to a department, its report as PDF, its table as XLSX."""
    settings.FIGURES_CACHE_SECONDS = 0
    call_command("load_demo", stdout=io.StringIO())
    department = Unit.objects.get(code="SKHCN", valid_to__isnull=True)
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.get_by_role("link", name="Tổng hợp").click()
    page.get_by_label("Năm", exact=True).fill("2021")
    page.get_by_label("Đơn vị", exact=True).select_option(str(department.pk))
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("heat-map")).to_be_visible()
    shown = {
        int(row.get_attribute("data-unit")): (
            int(row.get_by_test_id("overdue-link").inner_text()),
            row.get_by_test_id("row-share").inner_text(),
        )
        for row in page.get_by_test_id("remediation").locator("tbody tr[data-unit]").all()
    }
    assert shown and sum(overdue for overdue, _ in shown.values()) > 0

    client = APIClient()
    client.force_authenticate(User.objects.get(username="noivu"))
    stats = client.get("/api/v1/stats/", {"year": 2021, "unit": department.pk}).json()
    api_rows = {row["unit"]: row for row in stats["by_department"]}
    for unit, (overdue, share) in shown.items():
        expected = f"{api_rows[unit]['on_time_share']} %" if api_rows[unit]["on_time_share"] is not None else "—"
        assert (overdue, share) == (api_rows[unit]["overdue"], expected)

    with page.expect_download() as spreadsheet:
        page.get_by_test_id("export-xlsx").click()
    book = load_workbook(io.BytesIO(spreadsheet.value.path().read_bytes()))
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    header = sheet[3]
    xlsx_rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet[4:]}
    for row in stats["by_department"]:
        assert xlsx_rows[row["name"]]["Quá hạn"] == row["overdue"]
        assert xlsx_rows[row["name"]]["Tỷ lệ đúng hạn (%)"] == row["on_time_share"]

    page.get_by_test_id("draw-up-remediation_report").click()
    page.get_by_role("button", name="Tạo tệp PDF").click()
    link = page.get_by_test_id("download-pdf")
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    content = " ".join(text(download.value.path().read_bytes()).split())
    assert f"quá hạn: {stats['tasks']['overdue']}." in content
    assert (
        f"Có {stats['tasks']['overdue']} nhiệm vụ đã quá thời hạn" in content
        if stats["tasks"]["overdue"]
        else "Không có nhiệm vụ nào quá hạn" in content
    )


@pytest.mark.parametrize("browser_page", ["phone", "desktop"], indirect=True)
def test_home_affairs_withdraw_an_issued_document_with_its_reason(browser_page):
    """Thu hồi from the document page, on a phone and at a desk: the reason is asked, shown, and kept."""
    from reports.models import Document, DocumentStatus

    call_command("load_demo", stdout=io.StringIO())
    document = Document.objects.filter(status=DocumentStatus.ISSUED).order_by("pk").first()
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto(f"/documents/{document.pk}/")
    page.get_by_text("Thu hồi…").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Lý do thu hồi").fill("Ban hành nhầm đối tượng.")
    page.get_by_role("button", name="Thu hồi", exact=True).click()
    banner = page.get_by_test_id("withdrawn")
    expect(banner).to_contain_text("Ban hành nhầm đối tượng.")
    expect(page.get_by_test_id("document-status")).to_have_text("Đã thu hồi")
    expect(page.get_by_test_id("document-number")).to_have_text(document.number_text)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.WITHDRAWN


@pytest.mark.parametrize("browser_page", ["phone", "desktop"], indirect=True)
def test_issuing_outside_the_plans_year_asks_to_confirm(browser_page):
    """The confirmation page: a date typed in, its warning read, the box ticked, then the number taken."""
    from reports.models import Document

    call_command("load_demo", stdout=io.StringIO())
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    officer = User.objects.get(username="noivu")
    draft = make_draft(actor=officer, kind="report", plan=plan)
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto(f"/documents/{draft.pk}/")
    page.get_by_role("button", name="Ban hành…").click()
    page.get_by_label("Ngày ban hành").fill(f"{plan.year + 1}-01-04")
    page.get_by_role("button", name="Kiểm tra ngày này").click()
    expect(page.get_by_test_id("issue-warning")).to_contain_text(f"không thuộc năm của kế hoạch ({plan.year})")
    expected = page.get_by_test_id("issue-number").inner_text()
    page.get_by_role("button", name=f"Ban hành với số {expected}").click()
    expect(page.get_by_text("Đánh dấu ô này để vẫn ban hành dù có cảnh báo.")).to_be_visible()
    assert Document.objects.get(pk=draft.pk).is_draft
    page.get_by_label("Tôi đã đọc các cảnh báo trên và vẫn ban hành").check()
    page.get_by_role("button", name=f"Ban hành với số {expected}").click()
    expect(page.get_by_test_id("document-number")).to_have_text(expected)
    issued = Document.objects.get(pk=draft.pk)
    assert issued.number_text == expected and issued.issued_on == datetime.date(plan.year + 1, 1, 4)


def test_an_english_browser_types_and_reads_dates_day_first(chromium, live_server):
    """An English Chromium's date picker would read 04/01 as 1 April: the box is dd/mm/yyyy text."""

    call_command("load_demo", stdout=io.StringIO())
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    draft = make_draft(actor=User.objects.get(username="noivu"), kind="report", plan=plan)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en-US", base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, "noivu", DEMO_PASSWORD)
        page.goto(f"/documents/{draft.pk}/issue/")
        box = page.get_by_label("Ngày ban hành")
        assert box.get_attribute("type") == "text"
        assert box.input_value() == datetime.date.today().strftime("%d/%m/%Y")
        box.fill(f"04/01/{plan.year + 1}")
        page.get_by_role("button", name="Kiểm tra ngày này").click()
        expect(page.get_by_test_id("issue-date")).to_have_text(f"04/01/{plan.year + 1}")
    finally:
        context.close()
