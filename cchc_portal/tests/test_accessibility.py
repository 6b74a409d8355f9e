"""Issue 13: axe-core on every main page, for each role, at 360 px and at desktop width.

Seed 002 orders a unit to make its pages work for people with disabilities: the portal meets the
standard it enforces. axe-core comes from PyPI's axe-playwright-python (it bundles axe.min.js;
nothing is fetched). No serious or critical violation is allowed; the others are reported.
"""

import io
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from conftest import login
from inspections.models import InspectionVisit, VisitStatus
from remediation.models import RemediationTask
from reports.models import Document, DocumentStatus
from units.demo import DEMO_PASSWORD
from units.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"serious", "critical"}
# Each role's own pages, as they use them (the URL names and what they are about).
PAGES = {
    None: ["login", "password_reset"],
    "noivu": [
        "home", "dashboard:index", "inspections:plan_list", "inspections:visit_list", "inspections:finding_search",
        "remediation:task_list", "remediation:directive_list", "reports:list", ("reports:detail", "document"),
        "reports:register", "units:list", ("units:detail", "unit"), "audit:list", "core:notification_list",
        "people:list", "people:create", ("people:detail", "person"), "reports:series_list", "reports:series_create",
    ],
    "truongdoan": ["home", ("inspections:visit_detail", "live"), ("remediation:visit_directives", "live", "draft=1"),
                   ("inspections:plan_detail", "plan"), "remediation:task_list"],
    "thanhvien": ["home", ("inspections:visit_detail", "live")],
    "donvi": ["home", "remediation:task_list", ("remediation:task_detail", "task"), "reports:list", "dashboard:index"],
    "admin": ["home", "audit:list", "units:list", "units:import", "units:merge", "inspections:area_list",
              "inspections:area_create"],
}  # fmt: skip


def _demo_ids() -> dict:
    donvi = User.objects.get(username="donvi")
    live = InspectionVisit.objects.filter(team__members__user__username="thanhvien", status=VisitStatus.IN_PROGRESS)
    visit = (
        live.order_by("pk").first() or InspectionVisit.objects.filter(team__members__user__username="thanhvien").first()
    )
    return {
        "live": visit.pk,
        "plan": visit.plan_id,
        "task": RemediationTask.objects.filter(unit=donvi.unit).order_by("pk").first().pk,
        "document": Document.objects.filter(status=DocumentStatus.ISSUED).order_by("pk").first().pk,
        "unit": donvi.unit_id,
        "person": donvi.pk,
    }


def _url(entry, ids) -> str:
    if isinstance(entry, tuple):  # (name, object) or (name, object, query): a form opened on asking
        url = reverse(entry[0], args=[ids[entry[1]]])
        return f"{url}?{entry[2]}" if len(entry) > 2 else url
    return reverse(entry)


@pytest.mark.parametrize("browser_page", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("username", list(PAGES))
def test_no_serious_or_critical_violation_on_any_main_page(browser_page, username, capsys):
    call_command("load_demo", stdout=io.StringIO())
    ids = _demo_ids()
    page = browser_page
    if username:
        login(page, username, DEMO_PASSWORD)
    blocking, others = [], Counter()
    for entry in PAGES[username]:
        url = _url(entry, ids)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        for violation in AXE.run(page).response["violations"]:
            where = f"{url} {violation['id']} ({violation['impact']}): {violation['help']}"
            nodes = [
                (node["target"], node.get("failureSummary", "")[:160], node["html"][:120])
                for node in violation["nodes"][:2]
            ]
            if violation["impact"] in BLOCKING:
                blocking.append(f"{where} at {nodes}")
            else:
                others[violation["impact"]] += 1
    with capsys.disabled():
        print(f"\naxe {username or 'anonymous'} {page.viewport_size['width']}px: {len(PAGES[username])} pages, "
              f"{len(blocking)} serious/critical, others {dict(others)}")  # fmt: skip
    assert blocking == [], "\n".join(blocking)


FOCUS_STYLE = """() => { const s = getComputedStyle(document.activeElement);
  return {id: document.activeElement.id, tag: document.activeElement.outerHTML.slice(0, 80),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, ring: s.boxShadow !== 'none',
          style: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow}; }"""


def _tab_to(page, element_id: str, limit: int = 40) -> None:
    """Tab until `element_id` has the focus, checking that every stop shows where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"].startswith("<body"):
            continue  # the document itself, before the first control
        assert focus["outline"] or focus["ring"], f"no visible focus on {focus}"
        if focus["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} not reached by Tab")


def test_signing_in_and_choosing_a_password_by_keyboard_alone(browser_page):
    """No mouse: Tab to each field, type, Enter; the policy is read with the field, errors are tied to it."""
    call_command("load_demo", stdout=io.StringIO())
    page = browser_page
    page.goto(reverse("login"))
    _tab_to(page, "id_username")
    page.keyboard.type("noivu")
    _tab_to(page, "id_password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(reverse("password_change"))
    new = page.locator("#id_new_password1")
    policy = page.locator(f"#{new.get_attribute('aria-describedby')}")
    assert "ít nhất 8 ký tự" in policy.inner_text()  # the policy, announced with the field
    _tab_to(page, "id_old_password")
    page.keyboard.type(DEMO_PASSWORD)
    _tab_to(page, "id_new_password1")
    page.keyboard.type("12345678")
    _tab_to(page, "id_new_password2")
    page.keyboard.type("12345678")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_new_password2_error")
    new = page.locator("#id_new_password2")
    assert new.get_attribute("aria-invalid") == "true"
    described = new.get_attribute("aria-describedby").split()
    error = page.locator("#id_new_password2_error")
    assert "id_new_password2_error" in described and "hoàn toàn là số" in error.inner_text()
    assert User.objects.get(username="noivu").check_password(DEMO_PASSWORD)  # nothing changed
