"""Plans, teams and the schedule of visits."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from units.models import Role, Unit, User
from units.selectors import units_visible_to

from ..models import (
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    PlanKind,
    PlanStatus,
    ReformArea,
    TeamMember,
    TeamRole,
    VisitAttendee,
)
from ..selectors import belongs_to, can_create_plans, can_manage_plan, within_remit
from .visits import require_recorder

PLAN_FIELDS = ("title", "year", "kind", "issuer", "purpose", "scope", "number", "issued_on", "status")


def _require_manager(actor: User | None, plan: InspectionPlan) -> None:
    if actor is not None and not can_manage_plan(actor, plan):
        raise PermissionDenied(
            _("Only Home Affairs staff, the plan's author and its team leaders may change this plan.")
        )


def _check_issuer(actor: User | None, issuer: Unit, kind: str) -> None:
    if actor is None:
        return
    if not units_visible_to(actor).filter(pk=issuer.pk).exists():
        raise ValidationError({"issuer": _("Choose an issuing unit of your province.")})
    # An inspector may plan only the self-inspection of their own department.
    if actor.role == Role.INSPECTOR and not actor.is_administrator:
        own_department = Unit.objects.filter(pk__in=actor.unit.ancestor_ids() + [actor.unit_id], kind="department")
        if kind != PlanKind.SELF or not own_department.filter(pk=issuer.pk).exists():
            raise ValidationError({"issuer": _("Inspectors may plan only a self-inspection of their own department.")})


def _check_plan_values(values: dict) -> None:
    year = values.get("year")
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    if not (values.get("title") or "").strip():
        raise ValidationError({"title": _("Enter the title of the plan.")})
    if values.get("status") == PlanStatus.ISSUED and not (values.get("number") and values.get("issued_on")):
        raise ValidationError({"number": _("An issued plan needs its number and date.")})


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    issuer: Unit,
    year: int,
    title: str,
    kind: str = PlanKind.PROVINCE,
    purpose: str = "",
    scope: str = "",
    areas: list[ReformArea] | None = None,
    number: str = "",
    issued_on: datetime.date | None = None,
    status: str = PlanStatus.DRAFT,
) -> InspectionPlan:
    """Create a plan with one empty team. Areas default to every reform area in use."""
    if actor is not None and not can_create_plans(actor):
        raise PermissionDenied(_("You may not create inspection plans."))
    values = {"title": title, "year": year, "status": status, "number": number, "issued_on": issued_on}
    _check_plan_values(values)
    _check_issuer(actor, issuer, kind)
    plan = InspectionPlan.objects.create(
        issuer=issuer,
        year=year,
        title=title.strip(),
        kind=kind,
        purpose=purpose,
        scope=scope,
        number=number.strip(),
        issued_on=issued_on,
        status=status,
        created_by=actor,
    )
    plan.areas.set(areas if areas else ReformArea.objects.active())
    InspectionTeam.objects.create(plan=plan, name=_("Inspection team"))
    return plan


@transaction.atomic
def plan_update(
    *, actor: User | None, plan: InspectionPlan, areas: list[ReformArea] | None = None, **values
) -> InspectionPlan:
    """Change the fields given (only those: callers pass what the user changed)."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    _require_manager(actor, plan)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update got unexpected fields {unknown}")
    numbering = {"number", "issued_on", "status"} & set(values)
    if numbering and plan.numbered_by_portal:
        raise ValidationError(
            {
                "number": _(
                    "The plan was issued through the portal; its number, date and status come from that document."
                )
            }
        )
    merged = {field: values.get(field, getattr(plan, field)) for field in PLAN_FIELDS}
    _check_plan_values(merged)
    if ("issuer" in values and values["issuer"] != plan.issuer) or ("kind" in values and values["kind"] != plan.kind):
        _check_issuer(actor, merged["issuer"], merged["kind"])
    for field, value in values.items():
        setattr(plan, field, value.strip() if isinstance(value, str) else value)
    plan._change_reason = "update"
    plan.save()
    if areas is not None:
        if not areas:
            raise ValidationError({"areas": _("Choose at least one reform area.")})
        plan.areas.set(areas)
    return plan


def _same_day_in(year: int, day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


@transaction.atomic
def plan_copy(*, actor: User | None, plan: InspectionPlan, year: int, title: str | None = None) -> InspectionPlan:
    """Copy a plan to another year: areas, teams, members and units, with fresh dates and statuses.

    Each visit keeps its day and month in the new year; the copy is a draft
    without number, and units that no longer exist are left out.
    """
    _require_manager(actor, plan)
    if actor is not None and not can_create_plans(actor):
        raise PermissionDenied(_("You may not create inspection plans."))
    _check_issuer(actor, plan.issuer, plan.kind)
    if year == plan.year:
        raise ValidationError({"year": _("Choose a different year for the copy.")})
    new_title = title or plan.title.replace(str(plan.year), str(year))
    copy = InspectionPlan.objects.create(
        issuer=plan.issuer,
        year=year,
        title=new_title,
        kind=plan.kind,
        purpose=plan.purpose,
        scope=plan.scope,
        status=PlanStatus.DRAFT,
        copied_from=plan,
        created_by=actor,
    )
    copy.areas.set(plan.areas.active() if plan.areas.active().exists() else ReformArea.objects.active())
    teams = {}
    for team in plan.teams.prefetch_related("members"):
        teams[team.pk] = InspectionTeam.objects.create(plan=copy, name=team.name)
        bulk_create_with_history(
            [
                TeamMember(
                    team=teams[team.pk],
                    user=member.user,
                    full_name=member.full_name,
                    title=member.title,
                    agency=member.agency,
                    role=member.role,
                    position=member.position,
                )
                for member in team.members.all()
            ],
            TeamMember,
            default_user=actor,
        )
    InspectionVisit.objects.bulk_create(
        InspectionVisit(
            plan=copy,
            team=teams[visit.team_id],
            unit=visit.unit,
            scheduled_on=_same_day_in(year, visit.scheduled_on),
            place=visit.place,
        )
        for visit in plan.visits.select_related("unit").order_by("scheduled_on", "pk")
        if visit.unit.is_active
    )
    return copy


# --- teams -------------------------------------------------------------------------


@transaction.atomic
def team_member_add(
    *,
    actor: User | None,
    team: InspectionTeam,
    user: User | None = None,
    full_name: str = "",
    title: str = "",
    agency: str = "",
    role: str = TeamRole.MEMBER,
) -> TeamMember:
    """Add a portal user or an outside person (by name) to a team; one leader per team."""
    _require_manager(actor, team.plan)
    if user is not None:
        full_name = full_name or user.get_full_name()
        title = title or user.title
        agency = agency or (user.unit.name if user.unit_id else "")
        if team.members.filter(user=user).exists():
            raise ValidationError({"user": _("%(name)s is already in this team.") % {"name": full_name}})
        _check_member(team, user)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the member's full name or choose a user.")})
    if role == TeamRole.LEADER and team.members.filter(role=TeamRole.LEADER).exists():
        raise ValidationError({"role": _("The team already has a leader.")})
    position = team.members.count()
    member = TeamMember(
        team=team, user=user, full_name=full_name.strip(), title=title, agency=agency, role=role, position=position
    )
    member._history_user = actor  # the history says who added whom, outside a request too
    member.save()
    return member


@transaction.atomic
def team_member_set_role(*, actor: User | None, member: TeamMember, role: str) -> TeamMember:
    """Give a member another role (an outside member may be the deputy); a team keeps one leader."""
    _require_manager(actor, member.team.plan)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a role in the team.")})
    # The team row is locked, so two managers naming two leaders at once queue up.
    team = InspectionTeam.objects.select_for_update().get(pk=member.team_id)
    leader = team.members.filter(role=TeamRole.LEADER).exclude(pk=member.pk).first()
    if role == TeamRole.LEADER and leader is not None:
        raise ValidationError(
            {"role": _("%(name)s leads this team: give them another role first.") % {"name": leader.full_name}}
        )
    member = TeamMember.objects.get(pk=member.pk)
    if member.role != role:
        member.role = role
        member._history_user = actor
        member.save(update_fields=["role"])
    return member


@transaction.atomic
def team_member_remove(*, actor: User | None, member: TeamMember) -> None:
    _require_manager(actor, member.team.plan)
    member._history_user = actor
    member.delete()


def _check_member(team: InspectionTeam, user: User) -> None:
    """A portal user on a team inspects: never a unit's own people, never someone of a visited unit."""
    if user.is_unit_user:
        raise ValidationError(
            {"user": _("A unit's head or staff cannot sit on an inspection team; add an outside member by name.")}
        )
    for visit in team.visits.select_related("unit"):
        if belongs_to(user, visit.unit):
            raise ValidationError({"user": _conflict(user, visit.unit)})


def _conflict(user: User, unit: Unit) -> str:
    return _("%(name)s belongs to %(unit)s, which this team inspects: nobody inspects their own unit.") % {
        "name": user.get_full_name() or user.username,
        "unit": unit.name,
    }


def _check_team_for(team: InspectionTeam, unit: Unit) -> None:
    for member in team.members.filter(user__isnull=False).select_related("user__unit"):
        if belongs_to(member.user, unit):
            raise ValidationError({"unit": _conflict(member.user, unit)})


# --- the schedule ----------------------------------------------------------------------


def _check_visit(plan: InspectionPlan, team: InspectionTeam, unit: Unit, scheduled_on: datetime.date | None) -> None:
    if team.plan_id != plan.pk:
        raise ValidationError({"team": _("Choose a team of this plan.")})
    if scheduled_on is None:
        raise ValidationError({"scheduled_on": _("Enter the date of the visit.")})
    if scheduled_on < unit.valid_from or (unit.valid_to is not None and scheduled_on >= unit.valid_to):
        raise ValidationError({"unit": _("%(name)s did not exist on that date.") % {"name": unit.name}})
    # A plan's last visits may run into the first quarter of the next year, never later.
    if not datetime.date(plan.year, 1, 1) <= scheduled_on <= datetime.date(plan.year + 1, 3, 31):
        raise ValidationError(
            {
                "scheduled_on": _(
                    "%(day)s does not belong to the %(year)s plan: its visits fall in %(year)s "
                    "(or, for the last ones, by 31/03/%(next)s)."
                )
                % {"day": f"{scheduled_on:%d/%m/%Y}", "year": plan.year, "next": plan.year + 1}
            }
        )
    if not within_remit(plan, unit, scheduled_on):
        if plan.kind == PlanKind.SELF:
            message = _("A self-inspection visits only %(issuer)s and the units under it.")
        else:
            message = _("A province plan visits only the units of %(issuer)s's province.")
        raise ValidationError({"unit": message % {"issuer": plan.issuer.name}})
    _check_team_for(team, unit)


@transaction.atomic
def visit_schedule(
    *,
    actor: User | None,
    plan: InspectionPlan,
    unit: Unit,
    scheduled_on: datetime.date,
    team: InspectionTeam | None = None,
    place: str = "",
) -> InspectionVisit:
    """Add a unit to visit, on a date, to the plan's schedule."""
    _require_manager(actor, plan)
    team = team or plan.teams.order_by("pk").first()
    _check_visit(plan, team, unit, scheduled_on)
    if actor is not None and not units_visible_to(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose a unit of your province.")})
    return InspectionVisit.objects.create(plan=plan, team=team, unit=unit, scheduled_on=scheduled_on, place=place)


@transaction.atomic
def visit_reschedule(
    *, actor: User | None, visit: InspectionVisit, scheduled_on: datetime.date, place: str | None = None, team=None
) -> InspectionVisit:
    visit = InspectionVisit.objects.select_for_update().select_related("plan", "team", "unit").get(pk=visit.pk)
    _require_manager(actor, visit.plan)
    if visit.is_concluded:
        raise ValidationError(_("A concluded visit cannot be rescheduled."))
    _check_visit(visit.plan, team or visit.team, visit.unit, scheduled_on)
    visit.scheduled_on = scheduled_on
    if place is not None:
        visit.place = place
    if team is not None:
        visit.team = team
    visit.save(update_fields=["scheduled_on", "place", "team"])
    return visit


@transaction.atomic
def plan_record_issue(*, plan: InspectionPlan, number: str, issued_on: datetime.date) -> None:
    """Called by `reports` when the plan document is issued: the plan takes its number and date."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    plan.number, plan.issued_on, plan.status = number, issued_on, PlanStatus.ISSUED
    plan.numbered_by_portal = True
    plan._change_reason = "issued"
    plan.save(update_fields=["number", "issued_on", "status", "numbered_by_portal"])


@transaction.atomic
def visit_set_attendees(*, actor: User | None, visit: InspectionVisit, attendees: list[tuple[str, str]]) -> None:
    """Replace the list of people who received the team (name, title)."""
    require_recorder(actor, visit)
    visit.attendees.all().delete()
    VisitAttendee.objects.bulk_create(
        VisitAttendee(visit=visit, full_name=name.strip(), title=title.strip())
        for name, title in attendees
        if name.strip()
    )
