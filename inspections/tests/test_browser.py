"""The inspector's day in Chromium at phone width (issue 3, "Done means")."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import login
from inspections.models import Finding, InspectionVisit, ReformArea
from inspections.tests.files import PNG
from units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def todays_visit(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    from django.utils import timezone

    return InspectionVisit.objects.get(scheduled_on=timezone.localdate(), unit__code="CCTĐC")


def area(page, code):
    return page.locator(f"[data-testid=area][data-area-code='{code}']")


def record(page, code, kind_label, text):
    section = area(page, code)
    section.get_by_label(kind_label, exact=True).check()
    section.locator("textarea[name=text]").fill(text)
    section.get_by_role("button", name="Lưu nhận xét").click()
    section.get_by_text(text).wait_for()


def test_record_attach_and_conclude_todays_visit_on_a_phone(todays_visit, browser_page, tmp_path):
    page = browser_page
    login(page, "thanhvien", DEMO_PASSWORD)
    page.get_by_test_id("upcoming-visits").get_by_text("Chi cục Tiêu chuẩn Đo lường Chất lượng").click()
    assert "hôm nay" in page.content()
    record(page, "PROCEDURES", "Kết quả đạt được", "Giải quyết 100% hồ sơ TTHC đúng hạn")
    section = area(page, "MODERNISATION")
    section.get_by_label("Hạn chế, tồn tại", exact=True).check()
    section.locator("textarea[name=text]").fill("Chưa ký hợp đồng thanh toán trực tuyến với ngân hàng")
    section.get_by_text("Chỉ số và tài liệu kiểm chứng").click()
    section.locator("textarea[name=indicators]").fill("dịch vụ công trực tuyến mức độ 4 = 20")
    photo = tmp_path / "anh-hien-truong.png"
    photo.write_bytes(PNG)
    section.locator("input[type=file]").set_input_files(str(photo))
    section.get_by_role("button", name="Lưu nhận xét").click()
    section.get_by_text("anh-hien-truong.png").wait_for()
    assert "Đã có nhận xét 2/7 lĩnh vực." in page.get_by_test_id("visit-progress").inner_text()
    page.screenshot(path=str(tmp_path / "recorded.png"))

    page.reload()
    assert "Giải quyết 100% hồ sơ TTHC đúng hạn" in area(page, "PROCEDURES").inner_text()
    modernisation = area(page, "MODERNISATION").inner_text()
    assert "Chưa ký hợp đồng thanh toán trực tuyến" in modernisation
    assert "dịch vụ công trực tuyến mức độ 4 = 20" in modernisation and "anh-hien-truong.png" in modernisation
    assert page.evaluate("document.documentElement.scrollWidth") <= 361

    # The team leader concludes.
    page.context.clear_cookies()
    login(page, "truongdoan", DEMO_PASSWORD)
    page.goto(f"/inspections/visits/{todays_visit.pk}/")
    # What is missing is listed and confirmed before the findings lock.
    page.get_by_role("link", name="Kết luận…").click()
    gaps = page.get_by_test_id("conclusion-gaps")
    expect(gaps).to_contain_text("5 trong 7 lĩnh vực chưa có nhận xét")
    expect(gaps).to_contain_text("Chưa ghi nhận thành phần làm việc của đơn vị")
    page.get_by_role("button", name="Kết luận buổi kiểm tra").click()
    expect(page.get_by_text("Đánh dấu ô này để vẫn kết luận dù còn thiếu.")).to_be_visible()
    page.get_by_label("Vẫn kết luận").check()
    page.get_by_role("button", name="Kết luận buổi kiểm tra").click()
    page.wait_for_load_state()
    page.reload()
    expect(page.get_by_test_id("visit-status")).to_have_text("Đã kết luận")
    assert page.get_by_role("button", name="Lưu nhận xét").count() == 0
    assert Finding.objects.filter(visit=todays_visit).count() == 2

    # Reopened, the visit says at its top who reopened it and why.
    page.get_by_role("link", name="Mở lại").click()
    page.get_by_label("Lý do").fill("Bổ sung nhận xét lĩnh vực tài chính công.")
    page.get_by_role("button", name="Lưu").click()
    banner = page.get_by_test_id("reopened")
    expect(banner).to_contain_text("Bổ sung nhận xét lĩnh vực tài chính công.")
    expect(banner).to_contain_text("Trần Duy Tâm Thanh")
    assert banner.bounding_box()["y"] < page.get_by_test_id("visit-progress").bounding_box()["y"]


def test_second_editor_gets_the_conflict_and_loses_nothing(todays_visit, chromium, live_server):
    from inspections import services
    from inspections.models import ReformArea
    from units.models import User

    member = User.objects.get(username="thanhvien")
    finding = services.finding_create(
        actor=member, visit=todays_visit, area=ReformArea.objects.get(code="DIRECTION"), kind="strength", text="Bản đầu"
    )
    pages = []
    for username in ("thanhvien", "truongdoan"):
        context = chromium.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
        page = context.new_page()
        login(page, username, DEMO_PASSWORD)
        page.goto(f"/inspections/visits/{todays_visit.pk}/")
        page.locator(f"#finding-{finding.pk}").get_by_role("link", name="Sửa").click()
        page.locator(f"#finding-{finding.pk} textarea[name=text]").wait_for()
        pages.append(page)
    first, second = pages
    first.locator(f"#finding-{finding.pk} textarea[name=text]").fill("Bản của thành viên")
    first.locator(f"#finding-{finding.pk}").get_by_role("button", name="Lưu").click()
    area(first, "DIRECTION").locator(".text-pre").get_by_text("Bản của thành viên").wait_for()

    second.locator(f"#finding-{finding.pk} textarea[name=text]").fill("Bản của trưởng đoàn")
    second.locator(f"#finding-{finding.pk}").get_by_role("button", name="Lưu").click()
    conflict = second.get_by_test_id("conflict")
    conflict.wait_for()
    assert "vừa được người khác thay đổi" in conflict.inner_text()
    assert second.get_by_test_id("conflict-theirs").inner_text() == "Bản của thành viên"
    assert second.locator(f"#finding-{finding.pk} textarea[name=text]").input_value() == "Bản của trưởng đoàn"
    assert Finding.objects.get(pk=finding.pk).text == "Bản của thành viên"
    second.screenshot(path="test-artifacts/conflict-in-browser.png", full_page=True)
    for page in pages:
        page.context.close()


def test_a_draft_survives_a_reload_and_a_dropped_connection(todays_visit, browser_page):
    page = browser_page
    login(page, "thanhvien", DEMO_PASSWORD)
    page.goto(f"/inspections/visits/{todays_visit.pk}/")
    text = area(page, "ORGANISATION").locator("textarea[name=text]")
    text.fill("Chưa rà soát vị trí việc làm")
    page.wait_for_timeout(500)
    page.reload()
    text = area(page, "ORGANISATION").locator("textarea[name=text]")
    assert text.input_value() == "Chưa rà soát vị trí việc làm"
    assert "Đã khôi phục bản nháp" in area(page, "ORGANISATION").inner_text()

    page.context.set_offline(True)
    area(page, "ORGANISATION").get_by_role("button", name="Lưu nhận xét").click()
    page.locator("#connection-status").get_by_text("Mất kết nối").wait_for()
    assert text.input_value() == "Chưa rà soát vị trí việc làm"
    page.context.set_offline(False)
    area(page, "ORGANISATION").get_by_role("button", name="Lưu nhận xét").click()
    area(page, "ORGANISATION").get_by_test_id("finding").wait_for()
    page.reload()
    assert area(page, "ORGANISATION").locator("textarea[name=text]").input_value() == ""


def test_a_long_visit_unfolds_an_area_and_records_in_it_on_a_phone(todays_visit, browser_page):
    procedures = ReformArea.objects.get(code="PROCEDURES")
    Finding.objects.bulk_create(
        Finding(visit=todays_visit, area=procedures, kind="shortcoming", text=f"Hạn chế số {n}", position=n)
        for n in range(60)
    )
    page = browser_page
    login(page, "thanhvien", DEMO_PASSWORD)
    page.goto(f"/inspections/visits/{todays_visit.pk}/")
    section = area(page, "PROCEDURES")
    expect(section.get_by_text("Hạn chế số 7", exact=True)).to_be_hidden()  # folded: not even loaded
    section.locator("summary.area-summary").click()
    section.get_by_text("Hạn chế số 7", exact=True).wait_for()
    record(page, "PROCEDURES", "Hạn chế, tồn tại", "Chưa niêm yết lệ phí tại bộ phận một cửa")
    assert Finding.objects.filter(visit=todays_visit, text="Chưa niêm yết lệ phí tại bộ phận một cửa").count() == 1
    expect(section.get_by_test_id("area-count")).to_have_text("61")


@pytest.mark.parametrize("browser_page", ["phone", "desktop"], indirect=True)
def test_home_affairs_make_a_member_the_deputy_on_the_plan_page(todays_visit, browser_page):
    from inspections.models import TeamMember, TeamRole

    member = TeamMember.objects.filter(team=todays_visit.team, role=TeamRole.MEMBER).order_by("pk").first()
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto(f"/inspections/plans/{todays_visit.plan_id}/")
    page.get_by_label(f"Vai trò của {member.full_name}", exact=True).select_option(label="Phó trưởng đoàn")
    page.get_by_role("button", name=f"Đổi vai trò của {member.full_name}").click()
    expect(page.get_by_text(f"{member.full_name}: Phó trưởng đoàn.")).to_be_visible()
    assert TeamMember.objects.get(pk=member.pk).role == TeamRole.DEPUTY
    page.get_by_label(f"Vai trò của {member.full_name}", exact=True).select_option(label="Trưởng đoàn")
    page.get_by_role("button", name=f"Đổi vai trò của {member.full_name}").click()
    expect(page.get_by_role("alert").filter(has_text="đang là trưởng đoàn")).to_be_visible()
    assert TeamMember.objects.get(pk=member.pk).role == TeamRole.DEPUTY
