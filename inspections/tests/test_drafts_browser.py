"""No lost or doubled findings (issue 12, part 2): drafts cleared exactly when the server confirms, restored
whole (the kind too), and an entry sent twice stored once. Chromium at phone width, the demo's visit of today."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import login
from inspections.models import Finding, FindingKind, InspectionVisit
from units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Chưa niêm yết đầy đủ TTHC tại bộ phận một cửa"


@pytest.fixture
def visit_page(transactional_db, browser_page):
    call_command("load_demo", stdout=io.StringIO())
    visit = InspectionVisit.objects.get(scheduled_on=timezone.localdate(), unit__code="CCTĐC")
    login(browser_page, "thanhvien", DEMO_PASSWORD)
    browser_page.goto(f"/inspections/visits/{visit.pk}/")
    return visit, browser_page


def procedures(page):
    return page.locator("[data-testid=area][data-area-code='PROCEDURES']")


def stored(visit):
    return list(Finding.objects.filter(visit=visit, text=TEXT).values_list("kind", flat=True))


def test_ctrl_enter_right_after_typing_saves_once_and_leaves_no_draft(visit_page):
    visit, page = visit_page
    section = procedures(page)
    section.get_by_label("Hạn chế, tồn tại", exact=True).check()
    section.locator("textarea[name=text]").fill(TEXT)
    section.locator("textarea[name=text]").press("Control+Enter")  # within the draft timer's 300 ms
    section.get_by_text(TEXT).wait_for()
    page.wait_for_timeout(600)  # past the timer: it must not write the saved entry back
    page.reload()
    assert "Đã khôi phục bản nháp" not in procedures(page).inner_text()
    assert procedures(page).locator("textarea[name=text]").input_value() == ""
    assert stored(visit) == [FindingKind.SHORTCOMING]


def test_a_double_click_stores_one_finding(visit_page):
    visit, page = visit_page
    section = procedures(page)
    section.get_by_label("Hạn chế, tồn tại", exact=True).check()
    section.locator("textarea[name=text]").fill(TEXT)
    section.get_by_role("button", name="Lưu nhận xét").dblclick()
    section.get_by_text(TEXT).first.wait_for()
    page.wait_for_timeout(800)
    assert stored(visit) == [FindingKind.SHORTCOMING]
    assert procedures(page).get_by_text(TEXT).count() == 1


def test_a_save_whose_answer_is_lost_then_sent_again_after_a_reload_is_stored_once(visit_page):
    visit, page = visit_page
    section = procedures(page)
    section.get_by_label("Hạn chế, tồn tại", exact=True).check()
    section.locator("textarea[name=text]").fill(TEXT)

    def reach_the_server_then_lose_the_answer(route):
        route.fetch()  # the server stores it...
        route.abort()  # ...and the phone never hears back

    page.route("**/findings/new/", reach_the_server_then_lose_the_answer)
    section.get_by_role("button", name="Lưu nhận xét").click()
    page.get_by_text("Mất kết nối").wait_for()
    assert stored(visit) == [FindingKind.SHORTCOMING]
    page.unroute("**/findings/new/")

    page.reload()  # the draft comes back whole: the text, the kind, and the entry's token
    section = procedures(page)
    assert section.locator("textarea[name=text]").input_value() == TEXT
    assert section.get_by_label("Hạn chế, tồn tại", exact=True).is_checked()
    section.get_by_role("button", name="Lưu nhận xét").click()
    page.wait_for_timeout(800)
    assert stored(visit) == [FindingKind.SHORTCOMING]  # recognised, not stored twice
    page.reload()
    assert procedures(page).locator("textarea[name=text]").input_value() == ""


def test_offline_the_draft_keeps_every_field_and_saves_when_back(visit_page):
    visit, page = visit_page
    section = procedures(page)
    section.get_by_label("Hạn chế, tồn tại", exact=True).check()
    section.locator("textarea[name=text]").fill(TEXT)
    page.context.set_offline(True)
    section.get_by_role("button", name="Lưu nhận xét").click()
    page.get_by_text("Mất kết nối").wait_for()
    page.context.set_offline(False)
    assert stored(visit) == []
    section.get_by_role("button", name="Lưu nhận xét").click()
    section.get_by_text(TEXT).wait_for()
    assert stored(visit) == [FindingKind.SHORTCOMING]
