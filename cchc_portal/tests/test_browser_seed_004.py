"""Issue 12, "Done means": seed 004 (Cần Thơ, 25/09/2014) entered in the browser from an empty city.

The tree by import with code paths, two accounts, the plan, a team whose deputy leader leads the
visit and an outside member, two visits, the findings of Sở Tài chính, conclusion by the deputy,
the notice issued with an explicit date and read back from its PDF; then withdrawn with a reason
and the corrected one issued. No Django admin page on the way.
"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import login
from inspections.models import InspectionPlan, InspectionVisit, VisitStatus
from reports.models import Document, DocumentStatus
from reports.tests.pdf import in_order, text
from units.demo import DEMO_PASSWORD
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Can-Tho-Cchc-2014"
TREE = (
    "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Mã cấp trên,Địa danh,Hiệu lực từ\n"
    "UBNDCT,Ủy ban nhân dân thành phố Cần Thơ,UBND TP Cần Thơ,UBND thành phố,,Cần Thơ,01/01/2004\n"
    "SNV,Sở Nội vụ,,Sở,UBNDCT,,01/01/2004\n"
    "STP,Sở Tư pháp,,Sở,UBNDCT,,01/01/2004\n"
    "STC,Sở Tài chính,,Sở,UBNDCT,,01/01/2004\n"
    # The demo province has its own STC: the path says which one.
    "VP,Văn phòng Sở Tài chính,,Phòng,UBNDCT/STC,,01/01/2004\n"
)
SHORTCOMINGS = [
    (
        "DIRECTION",
        "Giám đốc Sở chưa trực tiếp chỉ đạo, điều hành hoạt động CCHC, còn giao cho Phó Giám đốc Sở phụ trách.",
    ),
    ("ORGANISATION", "Chưa niêm yết quy chế, nội quy làm việc tại cơ quan và bộ phận tiếp nhận, trả kết quả."),
    ("PROCEDURES", "Chưa kịp thời cập nhật thủ tục hành chính trong lĩnh vực có liên quan."),
    ("MODERNISATION", "Tỷ lệ trao đổi, gửi văn bản điện tử, thư điện tử còn thấp."),
]
STRENGTH = (
    "PROCEDURES",
    "Bộ phận tiếp nhận và trả kết quả đã tiếp nhận và giải quyết 380 hồ sơ, hầu hết đúng và trước hẹn.",
)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def save(page, name="Lưu"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def create_account(page, username, full_name, title, role, unit):
    page.goto("/people/new/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Họ và tên").fill(full_name)
    page.get_by_label("Chức vụ").fill(title)
    page.locator("#id_role").select_option(label=role)
    page.locator("#id_unit").select_option(label=unit)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    save(page)
    assert f"Đã tạo tài khoản {username}" in page.content()


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_seed_004_from_an_empty_city_to_the_issued_notice_and_its_correction(demo, browser_page):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())

    # The administrator imports the city (its SNV, STP and STC share their codes with the demo province).
    login(page, "admin", DEMO_PASSWORD)
    page.goto("/units/import/")
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(
        {"name": "can-tho.csv", "mimeType": "text/csv", "buffer": TREE.encode("utf-8-sig")}
    )
    save(page, "Kiểm tra tệp")
    expect(page.get_by_test_id("import-ok")).to_be_visible()
    save(page, "Nhập các đơn vị này")
    city = Unit.objects.get(code="UBNDCT")
    assert Unit.objects.get(code="VP", parent__code="STC", parent__parent=city).path.startswith(city.path)
    create_account(page, "noivu.ct", "Trần Thị Mai", "Chuyên viên Sở Nội vụ", "Cán bộ Sở Nội vụ",
                   "UBND TP Cần Thơ → Sở Nội vụ")  # fmt: skip
    create_account(page, "hoan.ct", "Nguyễn Khải Hoàn", "Phó Giám đốc Sở Nội vụ", "Thành viên đoàn kiểm tra",
                   "UBND TP Cần Thơ → Sở Nội vụ")  # fmt: skip
    page.context.clear_cookies()

    # Home Affairs of Cần Thơ: the plan, its team and its two visits.
    login(page, "noivu.ct", PASSWORD)
    page.goto("/inspections/plans/new/")
    page.get_by_label("Tên").first.fill("Kế hoạch kiểm tra công tác cải cách hành chính năm 2014")
    page.get_by_label("Năm").fill("2014")
    page.locator("#id_kind").select_option(value="province")
    page.locator("#id_issuer").select_option(label="Ủy ban nhân dân thành phố Cần Thơ")
    save(page)
    plan = InspectionPlan.objects.get(year=2014, issuer=city)
    assert page.url.endswith(f"/inspections/plans/{plan.pk}/")

    page.get_by_role("link", name="Thêm thành viên đoàn").click()
    page.locator("#id_user").select_option(label="Nguyễn Khải Hoàn (hoan.ct)")
    page.locator("#id_role").select_option(label="Phó trưởng đoàn")
    save(page)
    page.get_by_role("link", name="Thêm thành viên đoàn").click()
    page.get_by_label("…hoặc họ tên thành viên ngoài hệ thống").fill("Lê Văn Tâm")
    page.get_by_label("Cơ quan cử tham gia").fill("Văn phòng UBND thành phố")
    page.locator("#id_role").select_option(label="Thành viên")
    save(page)

    for unit in ("Sở Tư pháp", "Sở Tài chính"):
        page.get_by_role("link", name="Thêm buổi kiểm tra").click()
        page.locator("#id_unit").select_option(label=unit)
        page.get_by_label("Ngày").fill("25/09/2014")
        save(page)
    visit = InspectionVisit.objects.get(plan=plan, unit__code="STC", unit__parent=city)
    assert InspectionVisit.objects.filter(plan=plan).count() == 2
    page.context.clear_cookies()

    # The deputy leader leads the visit to Sở Tài chính: findings, then conclusion.
    login(page, "hoan.ct", PASSWORD)
    page.goto(f"/inspections/visits/{visit.pk}/")
    start = page.get_by_role("button", name="Bắt đầu kiểm tra")
    if start.count():
        start.click()
        page.wait_for_load_state()
    for code, finding in [*SHORTCOMINGS, STRENGTH]:
        section = page.locator(f"[data-testid=area][data-area-code='{code}']")
        kind = "Kết quả đạt được" if (code, finding) == STRENGTH else "Hạn chế, tồn tại"
        section.get_by_label(kind, exact=True).check()
        section.locator("textarea[name=text]").fill(finding)
        section.get_by_role("button", name="Lưu nhận xét").click()
        section.get_by_text(finding).wait_for()
    page.get_by_role("link", name="Kết luận…").click()
    page.get_by_label("Vẫn kết luận").check()
    save(page, "Kết luận buổi kiểm tra")
    expect(page.get_by_test_id("visit-status")).to_have_text("Đã kết luận")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONCLUDED

    # Home Affairs draw up the notice for Sở Tài chính, issue it with an explicit date, read its PDF back.
    page.context.clear_cookies()
    login(page, "noivu.ct", PASSWORD)
    page.goto(f"/documents/new/{plan.pk}/")
    page.get_by_label("Loại văn bản").select_option(label="Thông báo kết luận kiểm tra")
    page.locator("#id_visit").select_option(value=str(visit.pk))
    save(page, "Lập dự thảo")
    notice = Document.objects.get(plan=plan, kind="conclusion")
    form = page.get_by_test_id("document-form")
    form.locator("#id_signer_name").fill("Võ Thành Thống")
    save(page, "Lưu dự thảo")
    page.get_by_test_id("issue-start").get_by_label("Ngày ban hành").fill("25/09/2014")
    page.get_by_role("button", name="Ban hành…").click()
    expect(page.get_by_test_id("issue-date")).to_have_text("25/09/2014")
    number = page.get_by_test_id("issue-number").inner_text()
    page.get_by_role("button", name=f"Ban hành với số {number}").click()
    page.get_by_test_id("document-number").wait_for()
    assert number.startswith("01/TB-")
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.ISSUED and notice.issued_on.isoformat() == "2014-09-25"
    content = pdf_of(page)
    # (The header's two columns interleave line by line in the text layer.)
    in_order(content, ["ỦY BAN NHÂN DÂN THÀNH PHỐ", "CẦN THƠ", f"Số: {number}", "Cần Thơ, ngày 25 tháng 9 năm 2014",
                       "THÔNG BÁO", "Kính gửi: Sở Tài chính.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Thành Thống"])  # fmt: skip
    flat = " ".join(content.split())
    for _code, finding in SHORTCOMINGS:
        assert " ".join(finding.split())[:60] in flat

    # Withdrawn with a reason; the corrected one drawn up, issued with the next number.
    page.locator("[data-testid=withdraw] summary").click()
    page.get_by_label("Lý do thu hồi").fill("Ghi sai họ tên người ký.")
    page.get_by_label("Soạn văn bản đã sửa để thay thế").check()
    page.get_by_role("button", name="Thu hồi", exact=True).click()
    page.wait_for_load_state()
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.WITHDRAWN
    corrected = Document.objects.get(replaces=notice)
    page.goto(f"/documents/{corrected.pk}/")
    page.get_by_test_id("document-form").locator("#id_signer_name").fill("Võ Thành Thống")
    save(page, "Lưu dự thảo")
    page.get_by_test_id("issue-start").get_by_label("Ngày ban hành").fill("26/09/2014")
    page.get_by_role("button", name="Ban hành…").click()
    second = page.get_by_test_id("issue-number").inner_text()
    page.get_by_role("button", name=f"Ban hành với số {second}").click()
    page.get_by_test_id("document-number").wait_for()
    assert second.startswith("02/TB-") and second != number  # the withdrawn number is never reused
    assert "/admin/" not in page.url


def pdf_of(page) -> str:
    page.get_by_role("button", name="Tạo tệp PDF").click()
    link = page.get_by_test_id("download-pdf")
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    return text(download.value.path().read_bytes())
