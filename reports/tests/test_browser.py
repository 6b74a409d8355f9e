"""Home Affairs issues seed 002's letter in Chromium and gets the PDF (issue 5, "Done means")."""

import io

import pypdfium2
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import ARTIFACTS, login
from inspections.models import InspectionPlan
from reports.tests.pdf import in_order, text
from units.demo import DEMO_PASSWORD

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

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ban hành", exact=True).click()
    page.get_by_test_id("document-number").wait_for()
    number = page.get_by_test_id("document-number").inner_text()
    assert number.endswith("/SKHCN-TTr") and number.split("/")[0].isdigit()

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
