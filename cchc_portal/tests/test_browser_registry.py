"""Issue 12, item 6: the organisation registry done in the browser as an administrator would.

A new city imported with its parents named by code path (one row ambiguous first, explained on
its row), a rename recorded ahead of its date and cancelled, a merge ticked without Ctrl.
"""

import datetime
import io

import pytest
from django.core.management import call_command

from conftest import login
from units.demo import DEMO_PASSWORD
from units.models import ScheduledReorganisation, ScheduledStatus, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITY = (
    "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Mã cấp trên,Địa danh,Hiệu lực từ\n"
    "UBNDCT,Ủy ban nhân dân thành phố Cần Thơ,UBND TP Cần Thơ,UBND thành phố,,Cần Thơ,01/01/2014\n"
    "STP,Sở Tư pháp,,Sở,UBNDCT,,01/01/2014\n"
    "STC,Sở Tài chính,,Sở,UBNDCT,,01/01/2014\n"
    "VP,Văn phòng Sở Tư pháp,,Phòng,{parent},,01/01/2014\n"
)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def upload(page, body: str):
    page.goto("/units/import/")
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(
        {"name": "can-tho.csv", "mimeType": "text/csv", "buffer": body.encode("utf-8-sig")}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_registry_import_schedule_and_merge_in_the_browser(demo, browser_page):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "admin", DEMO_PASSWORD)

    # STP is also the demo province's Sở Tư pháp: the row says so, with both places and what to write.
    upload(page, CITY.format(parent="STP"))
    assert page.get_by_test_id("import-errors").is_visible()
    row = page.locator('[data-testid="import-preview"] tr[data-line="5"]')
    assert (
        "trùng với nhiều đơn vị" in row.inner_text() and "dòng 3 của tệp (Sở Tư pháp, UBNDCT/STP)" in row.inner_text()
    )
    assert page.locator('[data-testid="import-preview"] tr.table-danger').count() == 1
    assert Unit.objects.filter(code="UBNDCT").count() == 0

    upload(page, CITY.format(parent="UBNDCT/STP"))
    assert page.get_by_test_id("import-ok").is_visible()
    assert "Sở Tư pháp (dòng 3 của tệp)" in page.locator('tr[data-line="5"]').inner_text()
    page.get_by_role("button", name="Nhập các đơn vị này").click()
    page.wait_for_load_state()
    city = Unit.objects.get(code="UBNDCT")
    office = Unit.objects.get(code="VP", parent__code="STP", parent__parent=city)

    # A rename decided today for the first of next month: scheduled, shown, then cancelled.
    later = datetime.date.today() + datetime.timedelta(days=40)
    page.goto(f"/units/{office.pk}/rename/")
    page.get_by_label("Tên chính thức mới").fill("Văn phòng Sở Tư pháp Cần Thơ")
    page.get_by_label("Ngày có hiệu lực").fill(later.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã lên lịch" in page.content()
    scheduled = page.get_by_test_id("unit-scheduled")
    assert later.strftime("%d/%m/%Y") in scheduled.inner_text() and "Cần Thơ" in scheduled.inner_text()
    office.refresh_from_db()
    assert office.name == "Văn phòng Sở Tư pháp"
    scheduled.get_by_role("button", name="Hủy").click()
    page.wait_for_load_state()
    assert ScheduledReorganisation.objects.get().status == ScheduledStatus.CANCELLED
    assert page.get_by_test_id("unit-scheduled").count() == 0

    # Merge: the search box narrows the tick boxes without diacritics; clicks without Ctrl add up.
    page.goto("/units/merge/")
    fieldset = page.locator("fieldset", has=page.locator('input[name="units"]'))
    search = fieldset.get_by_test_id("picker-search")
    search.fill("can tho tai chinh")
    visible = fieldset.locator(".form-check:visible")
    assert visible.count() == 1 and "Cần Thơ → Sở Tài chính" in visible.inner_text()
    visible.locator("input").check()
    search.fill("can tho tu phap")
    fieldset.locator(".form-check:visible", has_text="Cần Thơ → Sở Tư pháp").first.locator("input").check()
    search.fill("")
    assert fieldset.locator("input:checked").count() == 2
    page.get_by_label("…hoặc vào đơn vị mới có tên").fill("Sở Tư pháp và Tài chính")
    page.get_by_label("Mã của đơn vị mới").fill("STPTC")
    page.get_by_label("Loại đơn vị mới").select_option(label="Sở, ban, ngành")
    page.get_by_label("Đơn vị cấp trên của đơn vị mới").select_option(label="Ủy ban nhân dân thành phố Cần Thơ")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    merged = Unit.objects.get(code="STPTC")
    assert page.url.endswith(f"/units/{merged.pk}/")
    assert set(Unit.objects.filter(parent=city, valid_to__isnull=False).values_list("code", flat=True)) == {
        "STP",
        "STC",
    }
    assert Unit.objects.get(pk=office.pk).parent == merged
