"""Builders for inspection tests: a plan with a team and a visit, through the services."""

import datetime
from types import SimpleNamespace

from inspections import services
from inspections.models import FindingKind, PlanKind, ReformArea, TeamRole
from units.models import Role
from units.tests.factories import make_user


def area(code: str) -> ReformArea:
    return ReformArea.objects.get(code=code)


def make_visit_setup(cast, *, year: int = 2026, day: datetime.date | None = None, unit=None) -> SimpleNamespace:
    """A province plan led by `cast.inspector`, with `member` in the team and one visit to `cast.unit`."""
    member = make_user(f"member{year}", Role.INSPECTOR, cast.department)
    plan = services.plan_create(
        actor=cast.home_affairs,
        issuer=cast.province,
        year=year,
        title=f"Kế hoạch kiểm tra CCHC năm {year}",
        kind=PlanKind.PROVINCE,
    )
    team = plan.teams.get()
    services.team_member_add(actor=cast.home_affairs, team=team, user=cast.inspector, role=TeamRole.LEADER)
    services.team_member_add(actor=cast.home_affairs, team=team, user=member, role=TeamRole.MEMBER)
    visit = services.visit_schedule(
        actor=cast.home_affairs, plan=plan, unit=unit or cast.unit, scheduled_on=day or datetime.date(year, 5, 20)
    )
    return SimpleNamespace(plan=plan, team=team, visit=visit, leader=cast.inspector, member=member)


def add_finding(setup, code="PROCEDURES", kind=FindingKind.SHORTCOMING, text="Công khai TTHC chưa đầy đủ.", **extra):
    return services.finding_create(
        actor=setup.member, visit=setup.visit, area=area(code), kind=kind, text=text, **extra
    )


def make_remediation_setup(cast, *, due_on=datetime.date(2026, 9, 30), concluded=True, requires_evidence=False):
    """`make_visit_setup` plus a visit to cast.sibling, one shortcoming each, and a directive to both units."""
    from inspections.models import RemediationTask

    setup = make_visit_setup(cast)
    setup.sibling_visit = services.visit_schedule(
        actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=datetime.date(2026, 5, 21)
    )
    setup.sibling_head = make_user("siblinghead", Role.UNIT_HEAD, cast.sibling)
    setup.staff = make_user("staff", Role.UNIT_STAFF, cast.unit)
    setup.shortcoming = add_finding(setup)
    if concluded:
        services.visit_conclude(actor=setup.leader, visit=setup.visit)
        services.visit_conclude(actor=setup.leader, visit=setup.sibling_visit)
    setup.directive = services.directive_create(
        actor=setup.leader,
        visit=setup.visit,
        text="Công khai đầy đủ TTHC tại bộ phận một cửa.",
        units=[cast.unit, cast.sibling],
        findings=[setup.shortcoming],
        area=area("PROCEDURES"),
        due_on=due_on,
        requires_evidence=requires_evidence,
    )
    setup.task = RemediationTask.objects.get(directive=setup.directive, unit=cast.unit)
    setup.sibling_task = RemediationTask.objects.get(directive=setup.directive, unit=cast.sibling)
    return setup
