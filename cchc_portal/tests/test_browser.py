"""The portal as people meet it: Chromium, driven by Playwright, against a live server."""

import io

import pytest
from django.core.management import call_command

from conftest import login
from units.demo import DEMO_PASSWORD
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HOMES = [
    ("admin", "admin", "Quản trị hệ thống"),
    ("noivu", "home_affairs", "Tổng quan toàn tỉnh"),
    ("truongdoan", "inspector", "Lịch kiểm tra của tôi"),
    ("thanhvien", "inspector", "Lịch kiểm tra của tôi"),
    ("donvi", "unit", "Khắc phục sau kiểm tra của Chi cục Tiêu chuẩn Đo lường Chất lượng"),
]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("browser_page", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("username, role, heading", ROLE_HOMES)
def test_each_demo_user_logs_in_and_lands_on_their_home_page(demo, browser_page, username, role, heading):
    page = browser_page
    login(page, username, DEMO_PASSWORD)
    home = page.get_by_test_id("role-home")
    assert home.get_attribute("data-role") == role
    assert heading in home.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_wrong_password_shows_a_vietnamese_message(demo, browser_page):
    login(browser_page, "donvi", "sai-mat-khau")
    assert "Vui lòng điền vào" in browser_page.content()


def test_unit_browser_search_without_diacritics_on_a_phone(demo, browser_page):
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto("/units/")
    page.get_by_placeholder("Tên, tên viết tắt hoặc mã").fill("so khoa hoc")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Sở Khoa học và Công nghệ").click()
    # The merge of 01/03/2025 shows in the history of Sở KH&CN.
    reorganisations = page.get_by_test_id("unit-reorganisations").inner_text()
    assert "01/03/2025" in reorganisations and "Sở Thông tin và Truyền thông" in reorganisations


def test_menu_collapses_on_a_phone_and_opens(demo, browser_page):
    page = browser_page
    login(page, "admin", DEMO_PASSWORD)
    link = page.locator("#main-nav").get_by_role("link", name="Nhập danh sách đơn vị")
    assert not link.is_visible()
    page.get_by_role("button", name="Trình đơn").click()
    page.locator("#main-nav.collapse.show").wait_for()  # the opening animation has finished
    link.click()
    page.wait_for_url("**/units/import/")


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_a_unit_found_without_diacritics_and_the_filters_follow_from_list_to_list(demo, browser_page):
    """Issue 11: filters labelled, in the URL, remembered across lists; the unit picker finds "chi cuc tieu chuan"."""
    unit = Unit.objects.get(name="Chi cục Tiêu chuẩn Đo lường Chất lượng", valid_to__isnull=True)
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto("/remediation/tasks/")
    filters = page.get_by_test_id("filters")
    filters.get_by_test_id("picker-search").fill("chi cuc tieu chuan")
    assert filters.get_by_label("Đơn vị", exact=True).input_value() == str(unit.pk)
    filters.get_by_label("Năm", exact=True).fill("2021")
    filters.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**unit={unit.pk}**")
    assert "year=2021" in page.url

    page.get_by_role("link", name="Nhận xét", exact=True).click()  # another list: the same unit and year
    page.wait_for_url(f"**/inspections/findings/?**unit={unit.pk}**")
    assert "year=2021" in page.url
    assert page.get_by_test_id("filters").get_by_label("Đơn vị", exact=True).input_value() == str(unit.pk)

    page.get_by_role("link", name="Xóa bộ lọc").click()
    page.wait_for_url("**/inspections/findings/")
    page.get_by_role("link", name="Buổi kiểm tra", exact=True).click()
    assert page.url.endswith("/inspections/visits/")  # forgotten everywhere
