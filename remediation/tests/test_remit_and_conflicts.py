"""Issue 13's rules: a plan visits only its remit; nobody inspects, directs or verifies their own unit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import InspectionTeam, InspectionVisit, PlanKind, TeamMember, TeamRole
from inspections.selectors import is_team_member
from inspections.tests.factories import add_finding, area
from remediation import services as remediation_services
from remediation.rules import can_verify_task
from units import services as unit_services
from units.models import Role, UnitKind
from units.tests.factories import make_unit, make_user

D = datetime.date


def _self_plan(cast, leader, year=2026):
    plan = services.plan_create(
        actor=cast.home_affairs, issuer=cast.department, year=year, title="Tự kiểm tra", kind=PlanKind.SELF
    )
    services.team_member_add(actor=cast.home_affairs, team=plan.teams.get(), user=leader, role=TeamRole.LEADER)
    return plan


def test_a_self_inspection_cannot_visit_another_department(cast):
    plan = _self_plan(cast, cast.inspector)
    with pytest.raises(ValidationError) as refused:
        services.visit_schedule(actor=cast.inspector, plan=plan, unit=cast.other_department, scheduled_on=D(2026, 5, 4))
    assert "Sở Khoa học và Công nghệ" in refused.value.message_dict["unit"][0]
    visit = services.visit_schedule(actor=cast.inspector, plan=plan, unit=cast.unit, scheduled_on=D(2026, 5, 4))
    assert visit.unit == cast.unit


def test_the_api_answers_a_cross_department_visit_with_a_vietnamese_field_error(api, cast):
    plan = _self_plan(cast, cast.inspector)
    body = {"plan": plan.pk, "unit": cast.other_unit.pk, "scheduled_on": "2026-05-04"}
    response = api.as_(cast.inspector).post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400
    assert "tự kiểm tra chỉ kiểm tra Sở Khoa học và Công nghệ" in response.json()["unit"][0]
    assert not InspectionVisit.objects.filter(unit=cast.other_unit).exists()


def test_the_remit_follows_the_tree_as_it_stood_on_the_day_of_the_visit(cast):
    """A division moved to Sở Tư pháp in 2025 was still Sở KH&CN's for its 2024 self-inspection."""
    moved = make_unit("PX", "Phòng X", UnitKind.DIVISION, cast.department)
    unit_services.unit_move(actor=None, unit=moved, new_parent=cast.other_department, effective_on=D(2025, 1, 1))
    moved.refresh_from_db()
    plan = _self_plan(cast, cast.inspector, year=2024)
    assert services.visit_schedule(actor=None, plan=plan, unit=moved, scheduled_on=D(2024, 6, 3)).pk
    later = _self_plan(cast, cast.inspector, year=2025)
    with pytest.raises(ValidationError):
        services.visit_schedule(actor=None, plan=later, unit=moved, scheduled_on=D(2025, 6, 3))


def test_a_province_plan_stays_inside_its_province(cast):
    elsewhere = make_unit("UBND2", "Ủy ban nhân dân thành phố Cần Thơ", UnitKind.PROVINCE, None)
    department = make_unit("STC", "Sở Tài chính", UnitKind.DEPARTMENT, elsewhere)
    plan = services.plan_create(actor=None, issuer=cast.province, year=2026, title="Kiểm tra", kind=PlanKind.PROVINCE)
    with pytest.raises(ValidationError) as refused:
        services.visit_schedule(actor=None, plan=plan, unit=department, scheduled_on=D(2026, 5, 4))
    assert "unit" in refused.value.message_dict


def test_a_unit_head_is_refused_as_a_team_member_and_not_offered(client, cast, setup):
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(actor=cast.home_affairs, team=setup.team, user=cast.unit_head)
    assert "user" in refused.value.message_dict
    client.force_login(cast.home_affairs)
    url = reverse("inspections:member_add", args=[setup.plan.pk])
    assert f'value="{cast.unit_head.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {"user": cast.unit_head.pk, "role": TeamRole.MEMBER})
    assert response.status_code == 200  # the form again, with the reason
    assert not setup.team.members.filter(user=cast.unit_head).exists()


def test_nobody_joins_a_team_that_inspects_their_own_unit(cast, setup):
    insider = make_user("insider", Role.INSPECTOR, cast.unit)
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(actor=cast.home_affairs, team=setup.team, user=insider)
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in refused.value.message_dict["user"][0]


def test_a_team_cannot_be_sent_to_a_member_s_own_unit(cast, setup):
    with pytest.raises(ValidationError) as refused:
        services.visit_schedule(
            actor=cast.home_affairs, plan=setup.plan, unit=cast.department, scheduled_on=D(2026, 6, 1)
        )
    assert cast.inspector.get_full_name() in refused.value.message_dict["unit"][0]


def test_a_conflicted_membership_records_nothing_and_drafts_nothing(cast, setup):
    """A membership written around the services (or from before the rule) gives no rights on one's own unit."""
    insider = make_user("insider", Role.INSPECTOR, cast.unit)
    TeamMember.objects.create(team=setup.team, user=insider, full_name="Insider", role=TeamRole.DEPUTY)
    assert not is_team_member(insider, setup.visit)
    with pytest.raises(PermissionDenied):
        services.finding_create(actor=insider, visit=setup.visit, area=area("PROCEDURES"), kind="shortcoming", text="X")
    with pytest.raises(PermissionDenied):
        remediation_services.directive_create(
            actor=insider, visit=setup.visit, text="Khắc phục", units=[cast.unit], due_on=D(2026, 9, 30)
        )
    add_finding(setup)
    with pytest.raises(PermissionDenied):
        services.visit_conclude(actor=insider, visit=setup.visit)


def test_nobody_directs_their_own_unit_through_another_visit_of_the_plan(cast, setup):
    """Directives may target any unit inspected under the plan: one's own unit is refused there too."""
    second = InspectionTeam.objects.create(plan=setup.plan, name="Đoàn số 2")
    services.team_member_add(actor=cast.home_affairs, team=second, user=cast.home_affairs, role=TeamRole.LEADER)
    services.visit_schedule(
        actor=cast.home_affairs, plan=setup.plan, unit=cast.other_unit, scheduled_on=D(2026, 6, 1), team=second
    )
    clerk = make_user("stpclerk", Role.INSPECTOR, cast.other_unit)
    services.team_member_add(actor=cast.home_affairs, team=setup.team, user=clerk)
    with pytest.raises(PermissionDenied):
        remediation_services.directive_create(
            actor=clerk, visit=setup.visit, text="Khắc phục", units=[cast.other_unit], due_on=D(2026, 9, 30)
        )
    directive = remediation_services.directive_create(
        actor=clerk, visit=setup.visit, text="Khắc phục", units=[cast.unit], due_on=D(2026, 9, 30)
    )
    task = directive.tasks.get()
    assert can_verify_task(clerk, task)
    other = remediation_services.directive_create(
        actor=setup.leader, visit=setup.visit, text="Khắc phục", units=[cast.other_unit], due_on=D(2026, 9, 30)
    )
    assert not can_verify_task(clerk, other.tasks.get())
