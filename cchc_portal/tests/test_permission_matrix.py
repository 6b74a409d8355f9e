"""Issue 13's permission matrix: every role against every page, API endpoint and action, each outcome written down.

Each row is one request (a URL name, a method, the objects it is about) and the outcome expected
for each of the ten roles, in the order of `ROLES`:

    A administrator          H Home Affairs            L team leader        D deputy leader
    M team member            O inspector outside       U unit head (the visited unit)
    X unit head elsewhere    S unit staff (the visited unit)               N nobody signed in

Outcomes: 2 success (2xx), 3 a redirect elsewhere than the login, L the login page, 1 401,
4 403, 0 404, 5 405, B 400 (a form or field error: the request was let in), C 409.
Actions are posted empty, so that they reach the permission checks and, where they are let in,
stop at the form's errors; each role's request runs in a savepoint that is rolled back.
A URL of the portal without a row fails `test_every_url_has_a_row`.
"""

import datetime
import re
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from conftest import current_version
from core.models import Notification, SpreadsheetExport
from inspections import services
from inspections.models import TeamRole
from inspections.tests import files
from inspections.tests.factories import add_finding
from remediation import services as remediation_services
from remediation.tests.factories import make_remediation_setup
from reports import services as report_services
from reports.models import NumberingSeries
from reports.tests.factories import draft as make_draft
from units import scheduling
from units.models import Role
from units.tests.factories import make_user

ROLES = "AHLDMOUXSN"
D = datetime.date


@pytest.fixture
def world(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = make_remediation_setup(cast, requires_evidence=False)
    deputy = make_user("deputy", Role.INSPECTOR, cast.department)
    services.team_member_add(actor=cast.home_affairs, team=r.team, user=deputy, role=TeamRole.DEPUTY)
    live = services.visit_schedule(
        actor=cast.home_affairs, plan=r.plan, unit=cast.other_unit, scheduled_on=D(2026, 6, 1)
    )
    live_finding = add_finding(
        type("S", (), {"member": r.member, "visit": live})(), text="Chưa niêm yết TTHC.", files=[files.pdf()]
    )
    remediation_services.task_progress(
        actor=cast.unit_head,
        task=r.task,
        note="Đang làm",
        expected_version=current_version(r.task),
        files=[files.pdf()],
    )
    # Another year's plan covering every area: a form's choices read across plans come once each.
    services.plan_create(actor=cast.home_affairs, issuer=cast.province, year=2025, title="Kế hoạch năm 2025")
    draft = make_draft(actor=r.leader, kind="remediation_letter", plan=r.plan)
    notice = make_draft(actor=r.leader, kind="conclusion", plan=r.plan, visit=r.visit)
    notice = report_services.document_issue(actor=r.leader, document=notice, expected_version=current_version(notice))
    export = report_services.export_create(actor=cast.home_affairs, documents=[notice], title="Gói")
    sheet = SpreadsheetExport.objects.create(
        requested_by=cast.home_affairs, name="tasks", title="Nhiệm vụ", filename="x.xlsx", rows=1
    )
    scheduled = scheduling.schedule(
        actor=cast.admin,
        kind="rename",
        unit=cast.unit,
        name="Chi cục mới",
        effective_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    user = cast.unit_head
    ids = {
        "scheduled": scheduled.pk,
        "person": r.staff.pk,
        "series": NumberingSeries.objects.create(issuer=cast.province, name="QĐ", kinds=["team_decision"]).pk,
        "plan": r.plan.pk,
        "visit": r.visit.pk,
        "live": live.pk,
        "area": live_finding.area_id,
        "finding": r.shortcoming.pk,
        "live_finding": live_finding.pk,
        "evidence": live_finding.evidence.get().pk,
        "directive": r.directive.pk,
        "task": r.task.pk,
        "task_evidence": r.task.events.filter(evidence__isnull=False).first().evidence.get().pk,
        "member": r.team.members.get(user=r.member).pk,
        "notification": Notification.objects.filter(user=user).first().pk,
        "spreadsheet": sheet.pk,
        "draft": draft.pk,
        "document": notice.pk,
        "export": export.pk,
        "unit": cast.unit.pk,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
    }
    people = {
        "A": cast.admin,
        "H": cast.home_affairs,
        "L": r.leader,
        "D": deputy,
        "M": r.member,
        "O": cast.outside_inspector,
        "U": cast.unit_head,
        "X": cast.other_head,
        "S": r.staff,
        "N": None,
    }
    return ids, people


def _outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        return "L" if "/accounts/login/" in response["Location"] else "3"
    return {401: "1", 403: "4", 404: "0", 405: "5", 400: "B", 409: "C"}.get(code, str(code)[0])


def _path(name: str, args: tuple, ids: dict) -> str:
    if name.startswith("api:"):
        route = API[name[4:]]
        return "/api/v1/" + route.format(**ids)
    return reverse(name, args=[ids.get(arg, arg) for arg in args])


def _body(row, ids, api: bool):
    data = {key: str(value).format(**ids) for key, value in (row[4] if len(row) > 4 else {}).items()}
    if api:
        return {"data": data, "format": data.pop("format", "json")}
    # A bound form: an empty POST would render like a GET and hide what the role may do.
    return {"data": {"matrix": "1", **data}}


def _client(user, api: bool):
    client = APIClient() if api else Client()
    if user is not None and api:
        client.force_authenticate(user)
    elif user is not None:
        client.force_login(user)
    return client


# What a page does not show as elements: scripts, templates and comments.
NOT_ELEMENTS = re.compile(r"<script.*?</script>|<template.*?</template>|<!--.*?-->", re.S)
# Attributes that name other elements by id.
NAMING = re.compile(
    r'\s(?:for|aria-(?:describedby|labelledby|controls|owns|errormessage|activedescendant)|list)="([^"]+)"'
)


# A box or an option of a form, with its field's name and its value.
CHOICE = re.compile(r'<input[^>]*type="(?:checkbox|radio)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
SELECT = re.compile(r'<select[^>]*name="([^"]+)"(.*?)</select>', re.S)
OPTION = re.compile(r'<option[^>]*value="([^"]*)"')


def _page_problems(response) -> list[str]:
    """Ids a page gives twice (a label's `for` names the first only: the second field is unlabelled),
    ids a label or an `aria-*` attribute names that no element has (a help text not drawn), and
    choices a form offers twice (a plan's areas came once per plan covering them)."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = NOT_ELEMENTS.sub("", response.content.decode())
    ids = Counter(re.findall(r"""\sid=["']([^"']+)["']""", html))
    named = {name for value in NAMING.findall(html) for name in value.split()}
    problems = [f"{value} twice" for value, n in ids.items() if n > 1]
    problems += [f"{value} missing" for value in named - set(ids)]
    for form in re.findall(r"<form.*?</form>", html, re.S):
        choices = Counter(CHOICE.findall(form))
        choices.update((name, value) for name, options in SELECT.findall(form) for value in OPTION.findall(options))
        problems += [f"{name}={value} offered twice" for (name, value), n in choices.items() if n > 1]
    return sorted(problems)


def observe(row, ids, people, clients=None, page_problems=None) -> str:
    """The outcomes of one row for every role; `clients` (role, api) → a signed-in client, reused;
    `page_problems` (a list) gets what `_page_problems` finds on each page answered."""
    name, method, args = row[:3]
    path = _path(name, args, ids)
    api = name.startswith("api:")
    clients = {} if clients is None or name == "logout" else clients  # a logout ends the shared session
    outcomes = []
    for role in ROLES:
        if (role, api) not in clients:
            clients[role, api] = _client(people[role], api)
        point = transaction.savepoint()
        try:
            response = getattr(clients[role, api], method)(path, **(_body(row, ids, api) if method != "get" else {}))
            outcomes.append(_outcome(response))
            broken = _page_problems(response) if page_problems is not None else []
            if broken:
                page_problems.append(f"{role} {method.upper()} {path}: {', '.join(broken)}")
        finally:
            transaction.savepoint_rollback(point)
    return "".join(outcomes)


# API routes under /api/v1/, by the router's name, with the objects they are about.
API = {
    "token": "auth/token/",
    "me": "me/",
    "stats": "stats/",
    "unit-list": "units/",
    "unit-detail": "units/{unit}/",
    "unit-history": "units/{unit}/history/",
    "unit-import-units": "units/import/",
    "unit-merge": "units/merge/",
    "unit-dissolve": "units/{unit}/dissolve/",
    "unit-move": "units/{unit}/move/",
    "unit-rename": "units/{unit}/rename/",
    "unit-split": "units/{unit}/split/",
    "reform-area-list": "reform-areas/",
    "reform-area-detail": "reform-areas/{area}/",
    "plan-list": "plans/",
    "plan-detail": "plans/{plan}/",
    "plan-copy": "plans/{plan}/copy/",
    "inspection-list": "inspections/",
    "inspection-detail": "inspections/{visit}/",
    "inspection-live": "inspections/{live}/",
    "inspection-conclude": "inspections/{live}/conclude/",
    "inspection-reopen": "inspections/{visit}/reopen/",
    "inspection-start": "inspections/{live}/start/",
    "finding-list": "findings/",
    "finding-detail": "findings/{finding}/",
    "finding-live": "findings/{live_finding}/",
    "finding-evidence": "findings/{live_finding}/evidence/",
    "finding-evidence-file": "findings/{live_finding}/evidence/{evidence}/",
    "directive-list": "directives/",
    "directive-detail": "directives/{directive}/",
    "directive-extend": "directives/{directive}/extend/",
    "directive-hand-over": "directives/hand-over/",
    "task-list": "tasks/",
    "task-detail": "tasks/{task}/",
    "task-accept": "tasks/{task}/accept/",
    "task-comment": "tasks/{task}/comment/",
    "task-delegate": "tasks/{task}/delegate/",
    "task-evidence-file": "tasks/{task}/evidence/{task_evidence}/",
    "task-progress": "tasks/{task}/progress/",
    "task-return-": "tasks/{task}/return/",
    "task-submit": "tasks/{task}/submit/",
    "task-timeline": "tasks/{task}/timeline/",
    "notification-list": "notifications/",
    "notification-read": "notifications/{notification}/read/",
    "document-list": "documents/",
    "document-detail": "documents/{document}/",
    "document-draft": "documents/{draft}/",
    "document-issue": "documents/{draft}/issue/",
    "document-issue-check": "documents/{draft}/issue-check/",
    "document-pdf": "documents/{document}/pdf/",
    "document-withdraw": "documents/{document}/withdraw/",
    "document-render": "documents/{document}/render/",
    "api-root": "",
}

# (URL name, method, arguments, outcomes for A H L D M O U X S N)
MATRIX = [
    ("home", "get", (), "22 222 2 222 L"),
    ("healthz", "get", (), "22 222 2 222 2"),
    ("ping", "get", (), "22 222 2 222 L"),
    ("login", "get", (), "33 333 3 333 2"),
    ("logout", "post", (), "LL LLL L LLL L"),
    ("password_change", "get", (), "22 222 2 222 L"),
    ("password_change_done", "get", (), "22 222 2 222 L"),
    ("password_reset", "get", (), "22 222 2 222 2"),
    ("password_reset_done", "get", (), "22 222 2 222 2"),
    ("password_reset_confirm", "get", ("uid", "set-password"), "22 222 2 222 2"),
    ("password_reset_complete", "get", (), "22 222 2 222 2"),
    ("units:list", "get", (), "22 222 2 222 L"),
    ("units:create", "get", (), "24 444 4 444 L"),
    ("units:merge", "get", (), "24 444 4 444 L"),
    ("units:import", "get", (), "24 444 4 444 L"),
    ("units:import_template", "get", (), "24 444 4 444 L"),
    ("units:scheduled_cancel", "post", ("scheduled",), "34 444 4 444 L"),
    ("people:list", "get", (), "22 444 4 444 L"),
    ("people:create", "get", (), "22 444 4 444 L"),
    ("people:detail", "get", ("person",), "22 444 4 444 L"),
    ("people:password", "post", ("person",), "BB 444 4 444 L"),
    ("people:active", "post", ("person",), "33 444 4 444 L"),
    ("reports:series_list", "get", (), "22 444 4 444 L"),
    ("reports:series_create", "get", (), "22 444 4 444 L"),
    ("reports:series_edit", "get", ("series",), "22 444 4 444 L"),
    ("reports:series_delete", "post", ("series",), "33 444 4 444 L"),
    ("inspections:area_list", "get", (), "24 444 4 444 L"),
    ("inspections:area_create", "get", (), "24 444 4 444 L"),
    ("inspections:area_edit", "get", ("area",), "24 444 4 444 L"),
    ("units:detail", "get", ("unit",), "22 222 2 202 L"),
    ("units:rename", "get", ("unit",), "24 444 4 444 L"),
    ("units:move", "get", ("unit",), "24 444 4 444 L"),
    ("units:split", "get", ("unit",), "24 444 4 444 L"),
    ("units:dissolve", "get", ("unit",), "24 444 4 444 L"),
    ("units:head", "get", ("unit",), "24 444 4 444 L"),
    ("inspections:plan_list", "get", (), "22 222 2 222 L"),
    ("inspections:plan_create", "get", (), "22 222 2 444 L"),
    ("inspections:plan_detail", "get", ("plan",), "22 222 0 202 L"),
    ("inspections:plan_edit", "get", ("plan",), "22 244 0 404 L"),
    ("inspections:plan_copy", "get", ("plan",), "22 244 0 404 L"),
    ("inspections:visit_add", "get", ("plan",), "22 244 0 404 L"),
    ("inspections:member_add", "get", ("plan",), "22 244 0 404 L"),
    ("inspections:member_role", "post", ("member",), "33 344 0 404 L", {"role": "secretary"}),
    ("inspections:member_remove", "post", ("member",), "33 344 0 404 L"),
    ("inspections:visit_list", "get", (), "22 222 2 222 L"),
    ("inspections:visit_detail", "get", ("visit",), "22 222 0 202 L"),
    ("inspections:visit_detail", "get", ("live",), "22 222 0 000 L"),
    ("inspections:visit_attendees", "post", ("live",), "44 333 0 000 L"),
    ("inspections:visit_reschedule", "get", ("live",), "22 244 0 000 L"),
    ("inspections:visit_start", "post", ("live",), "44 333 0 000 L"),
    ("inspections:visit_conclude", "get", ("live",), "44 224 0 000 L"),
    ("inspections:visit_conclude", "post", ("live",), "44 334 0 000 L", {"confirmed": "on"}),
    ("inspections:visit_reopen", "post", ("visit",), "44 224 0 404 L"),
    ("inspections:visit_area", "get", ("live", "area"), "22 222 0 000 L"),
    ("inspections:finding_create", "post", ("live",), "44 222 0 000 L", {"area": "{area}", "kind": "shortcoming"}),
    ("inspections:similar", "get", ("live",), "22 222 0 000 L"),
    ("inspections:finding_search", "get", (), "22 222 2 222 L"),
    ("inspections:finding_edit", "get", ("live_finding",), "44 222 0 000 L"),
    ("inspections:finding_delete", "post", ("live_finding",), "44 333 0 000 L"),
    ("inspections:finding_move", "post", ("live_finding",), "44 333 0 000 L"),
    ("inspections:finding_attach", "post", ("live_finding",), "44 333 0 000 L"),
    ("inspections:finding_repeat", "post", ("live_finding",), "44 333 0 000 L"),
    ("inspections:finding_similar", "get", ("live_finding",), "22 222 0 000 L"),
    ("inspections:finding_history", "get", ("live_finding",), "22 222 0 000 L"),
    # A concluded visit's finding, which its unit sees: get_finding_for's scope for every role.
    ("inspections:finding_history", "get", ("finding",), "22 222 0 202 L"),
    ("inspections:finding_similar", "get", ("finding",), "22 222 0 202 L"),
    ("inspections:evidence_download", "get", ("evidence",), "22 222 0 000 L"),
    ("inspections:evidence_delete", "post", ("evidence",), "44 333 0 000 L"),
    ("remediation:visit_directives", "get", ("visit",), "22 222 0 202 L"),
    ("remediation:visit_directives", "post", ("visit",), "44 222 0 404 L"),  # drafting: the team only
    ("remediation:directives_hand_over", "post", ("visit",), "44 334 0 404 L"),
    ("remediation:directive_list", "get", (), "22 222 2 222 L"),
    ("remediation:directive_edit", "get", ("directive",), "44 222 0 404 L"),
    ("remediation:directive_delete", "post", ("directive",), "44 333 0 404 L"),
    ("remediation:directive_extend", "get", ("directive",), "22 224 0 404 L"),
    ("remediation:task_list", "get", (), "22 222 2 222 L"),
    ("remediation:tasks_bulk_accept", "post", (), "44 333 4 444 L"),
    ("remediation:task_on_time", "get", (), "22 222 2 222 L"),
    ("remediation:task_detail", "get", ("task",), "22 222 0 202 L"),
    ("remediation:task_report", "post", ("task",), "44 444 0 204 L"),
    ("remediation:task_accept", "post", ("task",), "44 222 0 404 L"),
    ("remediation:task_return", "post", ("task",), "44 222 0 404 L"),
    ("remediation:task_comment", "post", ("task",), "22 222 0 202 L"),
    ("remediation:task_delegate", "post", ("task",), "44 444 0 304 L"),
    ("remediation:task_evidence_download", "get", ("task_evidence",), "22 222 0 202 L"),
    ("core:notification_list", "get", (), "22 222 2 222 L"),
    ("core:notification_open", "post", ("notification",), "00 000 0 300 L"),
    ("core:notifications_read_all", "post", (), "33 333 3 333 L"),
    ("core:spreadsheet", "get", ("spreadsheet",), "02 000 0 000 L"),
    ("core:spreadsheet_download", "get", ("spreadsheet",), "00 000 0 000 L"),
    ("reports:list", "get", (), "22 222 2 222 L"),
    ("reports:create", "get", ("plan",), "22 222 0 404 L"),
    ("reports:report_create", "post", (), "33 444 4 444 L", {"kind": "remediation_report"}),
    ("reports:detail", "get", ("document",), "22 222 0 202 L"),
    ("reports:detail", "get", ("draft",), "22 222 0 000 L"),
    ("reports:preview", "get", ("draft",), "22 222 0 000 L"),
    ("reports:issue", "get", ("draft",), "22 244 0 000 L"),
    ("reports:issue", "post", ("draft",), "33 344 0 000 L"),
    ("reports:withdraw", "post", ("document",), "33 344 0 404 L", {"reason": "Ban hành nhầm."}),
    ("reports:render", "post", ("document",), "33 333 0 303 L"),
    ("reports:status", "get", ("document",), "22 222 0 202 L"),
    ("reports:pdf", "get", ("document",), "00 000 0 000 L"),
    ("reports:register", "get", (), "22 222 2 222 L"),
    ("reports:export_create", "post", (), "33 333 3 333 L", {"plan": "{plan}"}),
    ("reports:export", "get", ("export",), "02 000 0 000 L"),
    ("reports:export_download", "get", ("export",), "00 000 0 000 L"),
    ("reports:export_again", "post", ("export",), "03 000 0 000 L"),
    ("dashboard:index", "get", (), "22 222 2 222 L"),
    ("dashboard:unit_history", "get", ("unit",), "22 222 2 202 L"),
    ("audit:list", "get", (), "22 444 4 444 L"),
    ("schema", "get", (), "22 222 2 222 1"),
    ("api-docs", "get", (), "22 222 2 222 1"),
    ("api-redoc", "get", (), "22 222 2 222 1"),
    ("api:token", "post", (), "BB BBB B BBB B"),
    ("api:me", "get", (), "22 222 2 222 1"),
    ("api:stats", "get", (), "22 222 2 222 1"),
    ("api:unit-list", "get", (), "22 222 2 222 1"),
    ("api:unit-list", "post", (), "B4 444 4 444 1"),
    ("api:unit-detail", "get", (), "22 222 2 202 1"),
    ("api:unit-history", "get", (), "22 222 2 202 1"),
    ("api:unit-import-units", "post", (), "B4 444 4 444 1"),
    ("api:unit-merge", "post", (), "B4 444 4 444 1"),
    ("api:unit-dissolve", "post", (), "B4 444 4 404 1"),
    ("api:unit-move", "post", (), "B4 444 4 404 1"),
    ("api:unit-rename", "post", (), "B4 444 4 404 1"),
    ("api:unit-split", "post", (), "B4 444 4 404 1"),
    ("api:reform-area-list", "get", (), "22 222 2 222 1"),
    ("api:reform-area-detail", "get", (), "22 222 2 222 1"),
    ("api:plan-list", "get", (), "22 222 2 222 1"),
    ("api:plan-list", "post", (), "BB BBB B 444 1"),
    ("api:plan-detail", "get", (), "22 222 0 202 1"),
    ("api:plan-detail", "patch", (), "22 244 0 404 1"),
    ("api:plan-copy", "post", (), "BB B44 0 404 1"),
    ("api:inspection-list", "get", (), "22 222 2 222 1"),
    ("api:inspection-list", "post", (), "BB BBB B 444 1"),
    ("api:inspection-detail", "get", (), "22 222 0 202 1"),
    ("api:inspection-live", "get", (), "22 222 0 000 1"),
    ("api:inspection-live", "patch", (), "22 244 0 000 1"),
    ("api:inspection-conclude", "post", (), "44 224 0 000 1"),
    ("api:inspection-reopen", "post", (), "44 BB4 0 404 1"),
    ("api:inspection-start", "post", (), "44 222 0 000 1"),
    ("api:finding-list", "get", (), "22 222 2 222 1"),
    ("api:finding-list", "post", (), "BB BBB B 444 1"),
    ("api:finding-detail", "get", (), "22 222 0 202 1"),
    ("api:finding-live", "get", (), "22 222 0 000 1"),
    ("api:finding-live", "patch", (), "44 CCC 0 000 1"),
    ("api:finding-live", "delete", (), "44 CCC 0 000 1"),
    ("api:finding-evidence", "post", (), "44 BBB 0 000 1", {"format": "multipart", "note": ""}),
    ("api:finding-evidence-file", "get", (), "22 222 0 000 1"),
    ("api:directive-list", "get", (), "22 222 2 222 1"),
    ("api:directive-list", "post", (), "BB BBB B 444 1"),
    ("api:directive-detail", "get", (), "22 222 0 202 1"),
    ("api:directive-detail", "patch", (), "44 CCC 0 404 1"),
    ("api:directive-extend", "post", (), "BB BB4 0 404 1"),
    ("api:directive-hand-over", "post", (), "44 BB4 B 444 1", {"inspection": "{visit}"}),
    ("api:task-list", "get", (), "22 222 2 222 1"),
    ("api:task-detail", "get", (), "22 222 0 202 1"),
    ("api:task-accept", "post", (), "44 BBB 0 404 1"),
    ("api:task-comment", "post", (), "BB BBB 0 B0B 1"),
    ("api:task-delegate", "post", (), "44 444 0 B04 1"),
    ("api:task-evidence-file", "get", (), "22 222 0 202 1"),
    ("api:task-progress", "post", (), "44 444 0 B04 1", {"format": "multipart", "note": ""}),
    ("api:task-return-", "post", (), "44 BBB 0 404 1"),
    ("api:task-submit", "post", (), "44 444 0 B04 1", {"format": "multipart", "note": ""}),
    ("api:task-timeline", "get", (), "22 222 0 202 1"),
    ("api:notification-list", "get", (), "22 222 2 222 1"),
    ("api:notification-read", "post", (), "00 000 0 200 1"),
    ("api:document-list", "get", (), "22 222 2 222 1"),
    ("api:document-list", "post", (), "BB BBB B 444 1"),
    ("api:document-detail", "get", (), "22 222 0 202 1"),
    ("api:document-draft", "get", (), "22 222 0 000 1"),
    ("api:document-draft", "patch", (), "CC CCC 0 000 1"),
    ("api:document-issue", "post", (), "CC C44 0 000 1"),
    ("api:document-issue-check", "get", (), "22 244 0 000 1"),
    ("api:document-pdf", "get", (), "00 000 0 000 1"),
    ("api:document-withdraw", "post", (), "22 244 0 404 1", {"reason": "Ban hành nhầm."}),
    ("api:document-render", "post", (), "22 222 0 202 1"),
    ("api:api-root", "get", (), "22 222 2 222 1"),
]


def _all_url_names() -> set[str]:
    """Every named URL of the portal (the admin's aside), API routes as `api:<name>`."""

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, prefix

    names = set()
    for name, prefix in walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        names.add(f"api:{name}" if prefix.startswith("api/v1/") else name)
    return names


def test_every_url_has_a_row():
    """A new page or endpoint fails here until the matrix says what each role gets from it."""
    missing = _all_url_names() - {row[0] for row in MATRIX}
    assert sorted(missing) == []


def test_the_matrix_is_large():
    assert len(MATRIX) * len(ROLES) >= 1500  # rows × roles (the closing note quotes it)


def test_each_role_gets_what_the_matrix_says(world):
    """All rows against one world (each request in a rolled-back savepoint); every mismatch is listed.

    Every page answered is also read for what `_page_problems` finds: ids given twice or named and
    missing, and a choice a form offers twice.
    """
    ids, people = world
    wrong, clients, page_problems = [], {}, []
    for row in MATRIX:
        expected, got = row[3].replace(" ", ""), observe(row, ids, people, clients, page_problems)
        if got != expected:
            wrong.append(f"{row[0]} {row[1]} {row[2]}: expected {expected}, got {got} ({ROLES})")
    assert (wrong, page_problems) == ([], [])
