"""Reads of directives and remediation tasks, and who may see and act on them.

- administrators: everything; Home Affairs staff and clerks: their province;
- inspectors: the directives and tasks of the visits of their teams (they verify them);
- unit heads and staff: the tasks of their subtree once the visit is concluded;
  a unit head acts on all of them, a staff member on those delegated to them.
"""

from __future__ import annotations

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from units.models import Role, User
from units.selectors import unit_ids_visible_to

from ..models import Directive, RemediationTask, TaskEvent, TaskStatus, TeamMember, VisitStatus
from .records import PROVINCE_READERS, visits_visible_to


def tasks_visible_to(user: User) -> QuerySet[RemediationTask]:
    tasks = RemediationTask.objects.all()
    if not user.is_authenticated:
        return tasks.none()
    if user.is_administrator:
        return tasks
    if user.role in PROVINCE_READERS:
        return tasks.filter(unit__in=unit_ids_visible_to(user))
    if user.role == Role.INSPECTOR:
        return tasks.filter(Exists(TeamMember.objects.filter(team=OuterRef("directive__visit__team"), user=user)))
    if user.is_unit_user:
        return tasks.filter(unit__in=unit_ids_visible_to(user), directive__visit__status=VisitStatus.CONCLUDED)
    return tasks.none()


def directives_visible_to(user: User) -> QuerySet[Directive]:
    """Directives of visible visits, and for unit users those that give their units a task."""
    directives = Directive.objects.all()
    if user.is_authenticated and user.is_unit_user:
        return directives.filter(pk__in=tasks_visible_to(user).values("directive"))
    return directives.filter(visit__in=visits_visible_to(user).values("pk"))


def get_task_for(user: User, pk) -> RemediationTask:
    """The task if `user` may see it; 404 for missing and not-yours alike."""
    try:
        return (
            tasks_visible_to(user)
            .select_related(
                "directive", "directive__visit", "directive__visit__team", "directive__area", "unit", "delegate"
            )
            .get(pk=pk)
        )
    except (RemediationTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_directive_for(user: User, pk) -> Directive:
    try:
        return directives_visible_to(user).select_related("visit", "visit__team", "visit__plan", "area").get(pk=pk)
    except (Directive.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_act_on_task(user: User, task: RemediationTask) -> bool:
    """Report progress and completion: the unit head (task in their scope) or the delegate."""
    if task.delegate_id == user.pk:
        return True
    return user.role == Role.UNIT_HEAD and tasks_visible_to(user).filter(pk=task.pk).exists()


def can_verify_task(user: User, task: RemediationTask) -> bool:
    """Accept or return: members of the team that inspected, never someone of the unit side."""
    if user.is_unit_user:
        return False
    return TeamMember.objects.filter(team_id=task.directive.visit.team_id, user=user).exists()


def for_listing(tasks: QuerySet[RemediationTask]) -> QuerySet[RemediationTask]:
    """Overdue first, then by deadline (none last); what a list row shows, in one query."""
    today = timezone.localdate()
    overdue = Case(
        When(Q(due_on__lt=today) & ~Q(status=TaskStatus.ACCEPTED), then=Value(0)),
        When(status=TaskStatus.ACCEPTED, then=Value(3)),
        When(due_on__isnull=True, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        tasks.select_related(
            "directive", "directive__area", "directive__visit", "directive__visit__plan", "unit", "delegate"
        )
        .annotate(urgency=overdue)
        .order_by("urgency", "due_on", "pk")
    )


def status_counts(tasks: QuerySet[RemediationTask]) -> dict:
    """Counts by status plus the overdue count, in one query."""
    today = timezone.localdate()
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in TaskStatus.values}
    aggregates["overdue"] = Count("pk", filter=Q(due_on__lt=today) & ~Q(status=TaskStatus.ACCEPTED))
    aggregates["total"] = Count("pk")
    return tasks.order_by().aggregate(**aggregates)


def on_time_by_unit(tasks: QuerySet[RemediationTask]) -> list[dict]:
    """Per unit: tasks, accepted, accepted on time, overdue, and the on-time share, in one query."""
    today = timezone.localdate()
    rows = (
        tasks.order_by()
        .values("unit", "unit__name")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(status=TaskStatus.ACCEPTED)),
            on_time=Count(
                "pk",
                filter=Q(status=TaskStatus.ACCEPTED) & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on"))),
            ),
            overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=TaskStatus.ACCEPTED)),
        )
        .order_by("unit__name")
    )
    result = []
    for row in rows:
        row["share"] = round(100 * row["on_time"] / row["total"]) if row["total"] else None
        result.append(row)
    return result


def task_timeline(task: RemediationTask) -> list[TaskEvent]:
    return list(task.events.select_related("actor").prefetch_related(Prefetch("evidence")).order_by("at", "pk"))
