"""Reads of plans, teams, visits and findings, and who may see them.

Visibility (DOMAIN.md §5, issue 3):
- administrators: everything;
- Home Affairs staff and clerks: everything in their province;
- inspectors: the plans and visits of the teams they belong to (and plans they created);
- unit heads and staff: the concluded visits of their subtree, never one in progress.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from core.lookups import Ids
from core.paging import BlockPaginator, plain_rows
from units.models import Role, User, pick_version
from units.selectors import ancestry_on, in_scope_q, province_path, unit_versions_for

from .models import (
    Finding,
    FindingKind,
    InspectionPlan,
    InspectionVisit,
    PlanKind,
    TeamMember,
    TeamRole,
    VisitStatus,
)

PROVINCE_READERS = {Role.HOME_AFFAIRS, Role.CLERK}


def _member_of_team(user: User, team_field: str = "team") -> Q:
    """On one of the user's teams: one IN over his team rows (an EXISTS with an outer reference cost
    ~600 function calls to resolve and compile, on every inspector page)."""
    return Q(**{f"{team_field}__in": TeamMember.objects.filter(user=user).values("team")})


def visible_visits_q(user: User, visit: str = "") -> Q:
    """The rule of `visits_visible_to` on the visit that `visit` leads to (e.g. "visit__" from a finding).

    The unit's scope is a condition on the joined unit (`in_scope_q`), never a nested
    `unit IN (SELECT ...)`; findings and directives still take their visits as one semi-join,
    which counts a province's 50,000 findings faster than joining every row to its visit.
    """
    nothing = Q(pk__in=[])
    if not user.is_authenticated:
        return nothing
    if user.is_administrator:
        return Q()
    if user.role in PROVINCE_READERS:
        return in_scope_q(user, f"{visit}unit")
    if user.role == Role.INSPECTOR:
        return _member_of_team(user, f"{visit}team")
    if user.is_unit_user:
        return in_scope_q(user, f"{visit}unit") & Q(**{f"{visit}status": VisitStatus.CONCLUDED})
    return nothing


def visits_visible_to(user: User) -> QuerySet[InspectionVisit]:
    return InspectionVisit.objects.filter(visible_visits_q(user))


def plans_visible_to(user: User) -> QuerySet[InspectionPlan]:
    plans = InspectionPlan.objects.all()
    if not user.is_authenticated:
        return plans.none()
    if user.is_administrator:
        return plans
    if user.role in PROVINCE_READERS:
        return plans.filter(in_scope_q(user, "issuer"))
    if user.role == Role.INSPECTOR:
        on_team = TeamMember.objects.filter(user=user).values("team__plan")
        return plans.filter(Q(pk__in=on_team) | Q(created_by=user))
    if user.is_unit_user:
        return plans.filter(Exists(visits_visible_to(user).filter(plan=OuterRef("pk"))))
    return plans.none()


def findings_visible_to(user: User) -> QuerySet[Finding]:
    return Finding.objects.filter(visit__in=visits_visible_to(user).values("pk"))


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visit_for(user: User, pk, *, with_team: bool = False) -> InspectionVisit:
    """The visit if `user` may see it; 404 for missing and not-yours alike.

    Not the plan's issuer: no visit page prints it; the few actions that check it read it then.
    The team only `with_team` (the visit's page prints its name): who is on it is read by its id, and
    the joined table cost PostgreSQL's planner 0.4 of this query's 0.9 ms on a visit's directives.
    """
    related = ("plan", "unit", "team") if with_team else ("plan", "unit")
    return _get(visits_visible_to(user).select_related(*related), pk)


def get_plan_for(user: User, pk) -> InspectionPlan:
    return _get(plans_visible_to(user).select_related("issuer"), pk)  # its author by id only (who manages)


def get_finding_for(user: User, pk) -> Finding:
    """One finding with its visit, the visit's unit (who may record in it is asked of every finding's
    action) and its area. The scope is the visits' rule on the joined visit, and the plan and team
    are left to their ids: each joined table more cost PostgreSQL ~1 ms of planning (7.2 → 2.7 ms)."""
    findings = Finding.objects.filter(visible_visits_q(user, "visit__"))
    return _get(findings.select_related("visit", "visit__unit", "area"), pk)


# --- roles within a team -------------------------------------------------------


def plan_roles(user: User, plan_id: int) -> dict[int, str]:
    """The user's role in each team of a plan he is on ({team id: role}), in one query cached on the
    user for the request: a visit's page asks who records, who leads and who manages the plan."""
    cache = user.__dict__.setdefault("_cchc_plan_roles", {})
    if plan_id not in cache:
        members = TeamMember.objects.filter(team__plan_id=plan_id, user=user) if user.is_authenticated else None
        cache[plan_id] = {} if members is None else dict(members.values_list("team_id", "role"))
    return cache[plan_id]


def team_role(user: User, visit: InspectionVisit) -> str | None:
    """The user's role in the visit's team, or None."""
    return plan_roles(user, visit.plan_id).get(visit.team_id)


def belongs_to(user: User, unit) -> bool:
    """Whether `user` heads or works in `unit` or in a unit below it.

    Nobody inspects, directs or verifies the unit they belong to (issue 13): a team member who does
    is refused by the services and offered nothing on the pages.
    """
    if not user.is_authenticated or user.unit_id is None or unit is None:
        return False
    return user.unit.path.startswith(unit.path)


def is_team_member(user: User, visit: InspectionVisit) -> bool:
    """A member of the visit's team who does not belong to the visited unit: they record in it."""
    return team_role(user, visit) is not None and not belongs_to(user, visit.unit)


# Who leads a visit: the team leader, and the deputy leader (phó trưởng đoàn), who leads it when the
# leader is away (seed 004: the deputy conducted and concluded the visit).
LEADING_ROLES = frozenset({TeamRole.LEADER, TeamRole.DEPUTY})


def is_team_leader(user: User, visit: InspectionVisit) -> bool:
    """The leader or the deputy leader of the visit's team: they conclude and reopen it."""
    return team_role(user, visit) in LEADING_ROLES and not belongs_to(user, visit.unit)


def can_manage_plan(user: User, plan: InspectionPlan) -> bool:
    """Administrators, Home Affairs staff of the province, the plan's author and its team leaders."""
    if user.is_administrator or user.role == Role.HOME_AFFAIRS:
        return True
    if plan.created_by_id == user.pk:
        return True
    return TeamRole.LEADER in plan_roles(user, plan.pk).values()


def within_remit(plan: InspectionPlan, unit, day) -> bool:
    """Whether a plan may visit `unit` on `day`.

    A self-inspection visits its issuer and the units under it (as the tree stood that day, or stands
    now); a province plan, the units of its issuer's province.
    """
    if plan.kind == PlanKind.SELF:
        return plan.issuer_id in ancestry_on(unit, day)
    return unit.path.startswith(province_path(plan.issuer))


def can_create_plans(user: User) -> bool:
    return user.is_administrator or user.role in (Role.HOME_AFFAIRS, Role.INSPECTOR)


# --- pages ---------------------------------------------------------------------


def visit_unit_names(visits) -> None:
    """Set `.unit_label` on each visit: the unit as named on the visit's date (one query)."""
    visits = list(visits)
    versions = unit_versions_for({visit.unit_id for visit in visits})
    for visit in visits:
        version = pick_version(versions.get(visit.unit_id, []), visit.scheduled_on)
        visit.unit_label = version.name if version else visit.unit.name


def visits_for_list(queryset: QuerySet[InspectionVisit]) -> QuerySet[InspectionVisit]:
    """What a row of a visit list shows (its finding counts come with `with_finding_counts`, page by page)."""
    return queryset.select_related("plan", "team", "unit")


# The columns a list row prints, where a select_related would read every column of every table
# joined (a plan's purpose and scope, a unit's path and folded name): fewer to compile and to load.
VISIT_ROW_FIELDS = ("plan", "unit", "scheduled_on", "status", "plan__title", "unit__name")
FINDING_ROW_FIELDS = (
    *("visit", "area", "kind", "text"),
    *("visit__scheduled_on", "visit__unit", "visit__unit__name", "area__name"),
)


def visit_rows(visits: QuerySet[InspectionVisit]) -> QuerySet[InspectionVisit]:
    """Visits as a list row prints them (templates/jinja2/inspections/visit_rows.html)."""
    return visits.select_related(None).select_related("plan", "unit").only(*VISIT_ROW_FIELDS)


def in_list_order(visits: QuerySet[InspectionVisit], when: str | None) -> QuerySet[InspectionVisit]:
    """Past visits newest first; otherwise open ones first, soonest first (an inspector's day ahead)."""
    if when == "past":
        return visits.order_by("-scheduled_on", "pk")
    return visits.order_by("status", "scheduled_on", "pk")


# The findings search: newest visits first, then as each visit's page reads.
FINDING_SEARCH_ORDER = ("-visit__scheduled_on", "-visit_id", "area__position", "kind", "position", "pk")


def visit_dates(visit_ids) -> dict:
    """Each visit's date, by id: what lists read visit by visit are sorted on (the driver's values,
    unconverted: a province's lists sort 500 visits)."""
    return dict(
        plain_rows(InspectionVisit.objects.filter(pk__in_array=Ids(visit_ids)).values_list("pk", "scheduled_on"))
    )


def page_by_visit(rows: QuerySet, number, per_page: int, short: bool = False):
    """A page of rows ordered newest visit first (`-visit__scheduled_on`, `-visit_id`, ...), read visit by
    visit; `short` for a list that is probably short (a search), read and counted in one query."""
    return BlockPaginator(rows, per_page, block="visit", sort_keys=visit_dates, short=short).get_page(number)


def with_finding_counts(visits) -> list[InspectionVisit]:
    """Set `.finding_count` and `.shortcoming_count` on each visit of a page (one grouped query).

    Counting for the page only, not in the list's query, keeps long lists flat:
    the database never counts the findings of visits it does not show.
    """
    visits = list(visits)
    rows = (
        Finding.objects.filter(visit__in=[visit.pk for visit in visits])
        .order_by()  # the model's order (by area) joins every finding to its area, even grouped
        .values("visit")
        .annotate(total=Count("pk"), shortcomings=Count("pk", filter=Q(kind=FindingKind.SHORTCOMING)))
        .values_list("visit", "total", "shortcomings")
    )
    counts = {visit: (total, shortcomings) for visit, total, shortcomings in rows}
    for visit in visits:
        visit.finding_count, visit.shortcoming_count = counts.get(visit.pk, (0, 0))
    return visits
