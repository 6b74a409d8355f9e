"""Builders for remediation tests: a concluded visit with a directive to two units, through the services."""

import datetime

from conftest import current_version
from inspections import services
from inspections.tests.factories import add_finding, area, make_visit_setup
from remediation import services as remediation_services
from remediation.models import RemediationTask
from units.models import Role
from units.tests.factories import make_user


def make_remediation_setup(
    cast, *, due_on=datetime.date(2026, 9, 30), concluded=True, requires_evidence=False, handed_over=True
):
    """`make_visit_setup` plus a visit to cast.sibling, one shortcoming each, and a directive to both units."""
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
    setup.directive = remediation_services.directive_create(
        actor=setup.leader,
        visit=setup.visit,
        text="Công khai đầy đủ TTHC tại bộ phận một cửa.",
        units=[cast.unit, cast.sibling],
        findings=[setup.shortcoming],
        area=area("PROCEDURES"),
        due_on=due_on,
        requires_evidence=requires_evidence,
    )
    if concluded and handed_over:  # the units meet their tasks, as if the letter had been issued
        remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)
        setup.directive.refresh_from_db()
    setup.task = RemediationTask.objects.get(directive=setup.directive, unit=cast.unit)
    setup.sibling_task = RemediationTask.objects.get(directive=setup.directive, unit=cast.sibling)
    return setup


def extend(setup, directive, new_due_on: datetime.date, reason: str) -> None:
    """The team leader moves a directive's deadline to `new_due_on`, giving `reason`."""
    remediation_services.directive_extend(
        actor=setup.leader,
        directive=directive,
        new_due_on=new_due_on,
        reason=reason,
        expected_version=current_version(directive),
    )
