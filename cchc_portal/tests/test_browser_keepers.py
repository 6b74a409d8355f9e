"""Issue 12, item 7: Home Affairs keep people and numbering series, administrators the reform areas, in the portal."""

import io

import pytest
from django.core.management import call_command

from conftest import login
from inspections.models import ReformArea
from reports.models import NumberingSeries
from reports.numbering import series_for
from units.demo import DEMO_PASSWORD
from units.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Chi-Cuc-Do-Luong-2026"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_home_affairs_keep_people_series_and_areas_without_the_admin(demo, browser_page):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "noivu", DEMO_PASSWORD)
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("lan.chicuc")
    page.get_by_label("Họ và tên").fill("Võ Thị Lan")
    page.locator("#id_role").select_option(label="Cán bộ đơn vị")
    page.get_by_test_id("picker-search").fill("chi cuc tieu chuan")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã tạo tài khoản lan.chicuc" in page.content()
    person = User.objects.get(username="lan.chicuc")
    assert person.unit.code == "CCTĐC" and person.role == Role.UNIT_STAFF
    assert "Administrator" not in page.content() and "Quản trị hệ thống" not in page.locator("#id_role").inner_text()

    # The role changes, then the account is deactivated.
    page.locator("#id_role").select_option(label="Thủ trưởng đơn vị")
    page.get_by_test_id("account-form").get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert User.objects.get(pk=person.pk).role == Role.UNIT_HEAD
    page.get_by_role("button", name="Khóa tài khoản").click()
    page.wait_for_load_state()
    assert "Đã khóa tài khoản" in page.content() and not User.objects.get(pk=person.pk).is_active

    # A numbering series with its kinds ticked, not typed.
    page.goto("/documents/series/new/")
    page.get_by_label("Cơ quan ban hành").select_option(label="Sở Khoa học và Công nghệ")
    page.get_by_label("Tên sổ số").fill("QĐ")
    page.get_by_label("Quyết định thành lập Đoàn kiểm tra").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    series = NumberingSeries.objects.get()
    assert series.kinds == ["team_decision"] and series_for(series.issuer_id, "team_decision") == "QĐ"
    assert "Quyết định thành lập Đoàn kiểm tra" in page.get_by_test_id("series-list").inner_text()

    # A reform area added and retired, by an administrator (every province shares the areas).
    assert page.goto("/inspections/areas/").status == 403
    page.context.clear_cookies()
    login(page, "admin", DEMO_PASSWORD)
    page.goto("/inspections/areas/new/")
    page.get_by_label("Mã").fill("DIGITAL_GOV")
    page.locator("#id_name").fill("Xây dựng chính quyền số")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Xây dựng chính quyền số").click()
    page.get_by_label("Đang sử dụng (được chọn cho kế hoạch và kết quả kiểm tra mới)").uncheck()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert not ReformArea.objects.get(code="DIGITAL_GOV").is_active
    assert "Ngừng sử dụng" in page.get_by_test_id("area-list").inner_text()
    assert "/admin/" not in page.url
