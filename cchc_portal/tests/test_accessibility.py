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
    ],
    "truongdoan": ["home", ("inspections:visit_detail", "live"), ("remediation:visit_directives", "live"),
                   ("inspections:plan_detail", "plan"), "remediation:task_list"],
    "thanhvien": ["home", ("inspections:visit_detail", "live")],
    "donvi": ["home", "remediation:task_list", ("remediation:task_detail", "task"), "reports:list", "dashboard:index"],
    "admin": ["home", "audit:list", "units:list"],
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
    }


def _url(entry, ids) -> str:
    if isinstance(entry, tuple):
        return reverse(entry[0], args=[ids[entry[1]]])
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
