"""In the field on a 360 px phone: every control a thumb can meet is at least 44 px tall (issue 12, item 3).

Measured in Chromium with touch emulated, on the pages an inspector and a unit head use away from a
desk. A checkbox or radio counts with its label, which takes the tap too; links inside running text
are exempt, as WCAG 2.5.8 exempts them.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import ARTIFACTS, PHONE, login
from inspections.models import InspectionVisit
from inspections.tests.factories import area
from units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_HEIGHT = 44

# Every control on the page, with the height of what takes its tap.
MEASURE = """() => {
  const controls = document.querySelectorAll(
    'a.btn, button, input:not([type=hidden]), select, textarea, summary, .nav-link, .dropdown-item, .page-link');
  const small = [];
  for (const el of controls) {
    if (el.closest('.visually-hidden, [hidden], template')) continue;
    const target = (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('.form-check, label') || el) : el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not shown (a closed menu, a folded area)
    if (box.height < MIN_HEIGHT) small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(box.height)}px`);
  }
  return small;
}""".replace("MIN_HEIGHT", str(MIN_HEIGHT))


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, locale="vi-VN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_live_visit_page_has_no_control_under_44_px(demo, phone):
    from inspections import services
    from inspections.models import FindingKind
    from units.models import User

    visit = InspectionVisit.objects.get(scheduled_on=timezone.localdate(), unit__code="CCTĐC")
    member = User.objects.get(username="thanhvien")
    services.finding_create(actor=member, visit=visit, area=area("PROCEDURES"), kind=FindingKind.SHORTCOMING,
                            text="Chưa niêm yết TTHC tại bộ phận một cửa.")  # fmt: skip
    login(phone, "thanhvien", DEMO_PASSWORD)
    phone.goto(f"/inspections/visits/{visit.pk}/")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "touch-visit-360.png"), full_page=True)
    small = phone.evaluate(MEASURE)
    assert small == [], "\n".join(small)
    # The keyboard shortcut is not offered where there is no keyboard.
    placeholder = phone.locator("textarea[name=text]").first.get_attribute("placeholder")
    assert placeholder == "Đoàn ghi nhận điều gì?"


TASK_LINK = r"""() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))
  .find(href => /^\/remediation\/tasks\/\d+\/$/.test(href || ''))"""


def test_the_unit_heads_home_task_list_and_task_have_no_control_under_44_px(demo, phone):
    login(phone, "donvi", DEMO_PASSWORD)
    for page in ("/", "/remediation/tasks/", "task"):
        if page == "task":
            page = phone.evaluate(TASK_LINK)
        phone.goto(page)
        phone.screenshot(path=str(ARTIFACTS / f"touch-unit-head-{page.strip('/').replace('/', '-') or 'home'}.png"))
        small = phone.evaluate(MEASURE)
        assert small == [], f"{page}: " + "\n".join(small)
