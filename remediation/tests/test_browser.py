"""The remediation round trip in Chromium at phone width (issue 4, "Done means")."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from inspections.tests.files import PDF
from remediation import services as remediation_services
from remediation.models import TaskStatus
from remediation.tests.factories import make_remediation_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-2026"


@pytest.fixture
def overdue(cast):
    today = timezone.localdate()
    setup = make_remediation_setup(cast, due_on=today - datetime.timedelta(days=10))
    setup.later = remediation_services.directive_create(
        actor=setup.leader,
        visit=setup.visit,
        text="Cập nhật danh mục TTHC trên trang thông tin điện tử",
        units=[cast.unit],
        due_on=today + datetime.timedelta(days=60),
    )
    return setup


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_submit_return_resubmit_accept_on_a_phone(cast, overdue, browser_page, tmp_path):
    page = browser_page
    login(page, "head", PASSWORD)
    first = page.get_by_test_id("task").first
    assert first.get_attribute("data-overdue") == "1"
    assert "Công khai đầy đủ TTHC" in first.inner_text() and "quá hạn" in first.inner_text()
    first.get_by_role("link").click()

    report = page.get_by_test_id("report-form")
    report.get_by_label("Ghi chú").fill("Đã niêm yết đầy đủ TTHC tại bộ phận một cửa")
    pdf = tmp_path / "bien-ban-niem-yet.pdf"
    pdf.write_bytes(PDF)
    report.locator("input[type=file]").set_input_files(str(pdf))
    report.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Đã báo cáo")
    task_url = page.url

    switch_user(page, overdue.member.username)
    page.goto(task_url)
    returning = page.get_by_test_id("return-form")
    returning.get_by_label("Nội dung còn thiếu").fill("Thiếu ảnh chụp bảng niêm yết")
    returning.get_by_role("button", name="Trả lại đơn vị").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Trả lại")

    switch_user(page, "head")
    page.goto(task_url)
    assert "Thiếu ảnh chụp bảng niêm yết" in page.get_by_test_id("timeline").inner_text()
    assert "Bị trả lại" in page.content()
    report = page.get_by_test_id("report-form")
    report.get_by_label("Ghi chú").fill("Bổ sung ảnh chụp bảng niêm yết")
    report.locator("input[type=file]").set_input_files(str(pdf))
    report.get_by_role("button", name="Báo cáo hoàn thành").click()

    switch_user(page, overdue.leader.username)
    page.goto(task_url)
    page.get_by_role("button", name="Công nhận", exact=True).click()
    expect(page.get_by_test_id("task-status")).to_have_text("Đã công nhận")
    steps = [item.get_attribute("data-kind") for item in page.get_by_test_id("timeline").locator("li").all()]
    assert steps == ["created", "submitted", "returned", "submitted", "accepted"]
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "bien-ban-niem-yet.pdf" in timeline and "Thiếu ảnh chụp bảng niêm yết" in timeline
    overdue.task.refresh_from_db()
    assert overdue.task.status == TaskStatus.ACCEPTED
    assert page.evaluate("document.documentElement.scrollWidth") <= 361


def test_a_leader_drafts_directives_one_after_another_from_the_form_he_opens(cast, overdue, browser_page):
    """A visit's directives are read without the form; "Dự thảo kiến nghị" opens it, and after a save it
    is open again for the next one (issue 9: the form was a fifth of the page for every reader)."""
    page = browser_page
    login(page, overdue.leader.username, PASSWORD)
    page.goto(f"/remediation/visits/{overdue.visit.pk}/directives/")
    expect(page.get_by_test_id("directives")).to_contain_text("Cập nhật danh mục TTHC")
    expect(page.locator("#draft")).to_have_count(0)
    page.get_by_test_id("draft-directive").click()
    form = page.locator("#draft")
    expect(form).to_be_visible()
    for text in ("Rà soát quy trình nội bộ giải quyết TTHC", "Công khai kết quả giải quyết hồ sơ"):
        form.get_by_label("Kiến nghị", exact=True).fill(text)
        form.get_by_label("…hoặc số ngày kể từ ngày ban hành văn bản").fill("30")
        form.get_by_role("button", name="Lưu kiến nghị").click()
        expect(page.get_by_test_id("directives")).to_contain_text(text)
        expect(page.locator("#draft")).to_be_visible()  # open again, empty, for the next one
        assert page.locator("#draft").get_by_label("Kiến nghị", exact=True).input_value() == ""
    assert page.url.endswith("?draft=1#draft")
