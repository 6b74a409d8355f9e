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
