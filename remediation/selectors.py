"""Reads of directives and remediation tasks, and who may see them.

- administrators: everything; Home Affairs staff and clerks: their province;
- inspectors: the directives and tasks of the visits of their teams (they verify them);
- unit heads and staff: the tasks of their subtree once the visit is concluded.
What each of them may *do* with a task is in `rules.py`.
"""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.caching import cached_for_queryset
from core.paging import page_without_count
from core.prefetch import keep_children
from inspections.models import Finding, TeamMember, VisitStatus
from inspections.selectors import PROVINCE_READERS, visible_visits_q, visits_visible_to
from units.models import UNIT_ROLES, Role, Unit, User
from units.selectors import in_scope_q, unit_lineage_ids

from .models import Directive, RemediationTask, TaskEvent, TaskStatus
from .states import LISTING_ORDER, overdue_q


def tasks_visible_to(user: User) -> QuerySet[RemediationTask]:
    tasks = RemediationTask.objects.all()
    if not user.is_authenticated:
        return tasks.none()
    if user.is_administrator:
        return tasks
    if user.role in PROVINCE_READERS:
        return tasks.filter(in_scope_q(user, "unit"))
    if user.role == Role.INSPECTOR:
        # The visits' rule on the task's visit: his teams as one list to look in (no EXISTS per task).
        return tasks.filter(visible_visits_q(user, "directive__visit__"))
    if user.is_unit_user:
        # A unit meets its tasks when the letter carrying them is issued or the team hands them over.
        return tasks.filter(
            in_scope_q(user, "unit"),
            directive__visit__status=VisitStatus.CONCLUDED,
            directive__handed_over_at__isnull=False,
        )
    return tasks.none()


def directives_visible_to(user: User) -> QuerySet[Directive]:
    """Directives of visible visits, and for unit users those that give their units a task."""
    directives = Directive.objects.all()
    if user.is_authenticated and user.is_unit_user:
        return directives.filter(pk__in=tasks_visible_to(user).values("directive"))
    return directives.filter(visit__in=visits_visible_to(user).values("pk"))


# The directives list: newest visits first, then as each visit's page lists them.
DIRECTIVE_LIST_ORDER = ("-visit__scheduled_on", "-visit_id", "position", "pk")


def directives_for_listing(directives: QuerySet[Directive]) -> QuerySet[Directive]:
    """What a row shows: the visit, its unit and area (its tasks are counted page by page)."""
    return directives.select_related("visit", "visit__unit", "area").order_by(*DIRECTIVE_LIST_ORDER)


# What a row of the directives list prints (templates/jinja2/remediation/directive_rows.html).
DIRECTIVE_ROW_FIELDS = (
    *("visit", "area", "text", "due_on", "due_days"),
    *("visit__scheduled_on", "visit__unit", "visit__unit__name", "area__name"),
)


def directive_tasks() -> QuerySet[RemediationTask]:
    """What the API shows of a directive's task: its id, unit and state."""
    return RemediationTask.objects.only("pk", "directive_id", "unit_id", "status")


def directive_id_prefetches() -> list[Prefetch]:
    """What the API shows of one directive's units, findings and tasks: their ids (and a task's state).
    A list's page reads them by its ids instead (DirectiveViewSet.keep_page_lists)."""
    return [
        Prefetch("units", queryset=Unit.objects.only("pk")),
        Prefetch("findings", queryset=Finding.objects.only("pk")),
        Prefetch("tasks", queryset=directive_tasks()),
    ]


def with_task_counts(user: User, directives) -> list[Directive]:
    """Set `.task_count` and `.done_count` on each directive of a page: the user's visible tasks only
    (a unit sees its own task of a shared directive), in one grouped query over the page's directives."""
    directives = list(directives)
    rows = (
        tasks_visible_to(user)
        .filter(directive__in=[directive.pk for directive in directives])
        .order_by()
        .values("directive")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.ACCEPTED)))
        .values_list("directive", "total", "done")
    )
    counts = {directive: (total, done) for directive, total, done in rows}
    for directive in directives:
        directive.task_count, directive.done_count = counts.get(directive.pk, (0, 0))
    return directives


# Set on a task read through a user's scope (`get_task_for`), so that the rules asking whether
# he may see it (a unit head's side, twice on his task page) need not run the scope again.
READ_IN_SCOPE_OF = "_cchc_read_in_scope_of"


def get_task_for(user: User, pk) -> RemediationTask:
    """The task if `user` may see it; 404 for missing and not-yours alike.

    The visit's team is left to its id (who is on it is read by ids): one joined table less saved
    PostgreSQL's planner ~2 ms of this query's 5 (get_finding_for likewise)."""
    try:
        task = (
            tasks_visible_to(user)
            .select_related("directive", "directive__visit", "directive__area", "unit", "delegate")
            .get(pk=pk)
        )
    except (RemediationTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    task.__dict__[READ_IN_SCOPE_OF] = user.pk
    return task


def is_visible_to(user: User, task: RemediationTask) -> bool:
    """Whether `user` may see `task`: known without a query when it was read through his scope."""
    if task.__dict__.get(READ_IN_SCOPE_OF) == user.pk:
        return True
    return tasks_visible_to(user).filter(pk=task.pk).exists()


def get_directive_for(user: User, pk) -> Directive:
    try:
        return directives_visible_to(user).select_related("visit", "visit__plan", "area").get(pk=pk)  # team by id
    except (Directive.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def for_listing(tasks: QuerySet[RemediationTask]) -> QuerySet[RemediationTask]:
    """Overdue first, then by deadline (none last), done ones last; what a list row shows, in one query.

    Only the joins a row needs: each more table costs PostgreSQL's planner more than the rows do.
    """
    return tasks.select_related("directive", "unit", "delegate").order_by(*LISTING_ORDER)


# What a list row prints (templates/jinja2/remediation/task_rows.html): not the directive's folded
# search text, nor the unit's path, nor the delegate's password hash.
TASK_ROW_FIELDS = (
    *("version", "directive_id", "unit_id", "status", "due_on", "delegate_id", "completed_on"),
    *("directive__text", "unit__name", "unit__short_name"),
    *("delegate__full_name", "delegate__first_name", "delegate__last_name", "delegate__username"),
)


def rows_for_listing(tasks: QuerySet[RemediationTask]) -> QuerySet[RemediationTask]:
    """`for_listing`, reading only the columns a row prints (a third of them)."""
    return for_listing(tasks).only(*TASK_ROW_FIELDS)


ON_TIME_Q = Q(status=TaskStatus.ACCEPTED) & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on")))


def task_counts(today=None) -> dict:
    """The counts every remediation figure is made of: by status, total, overdue, accepted on time."""
    counts = {status: Count("pk", filter=Q(status=status)) for status in TaskStatus.values}
    counts.update(
        total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)), on_time=Count("pk", filter=ON_TIME_Q)
    )
    return counts


def on_time_share(on_time: int, accepted: int, overdue: int) -> int | None:
    """Of the tasks whose outcome is known (accepted, or past their deadline), the percentage done on time.

    Tasks not yet due are left out: a fresh plan's tasks do not drag the share down.
    """
    settled = accepted + overdue
    return round(100 * on_time / settled) if settled else None


def status_counts(tasks: QuerySet[RemediationTask]) -> dict:
    """Counts by status plus the overdue and on-time counts, in one query, kept until a task (or what
    the filters read) changes: every list page and home page shows them over a province's 20,000 tasks."""
    today = timezone.localdate()
    return cached_for_queryset("task-counts", tasks, today, lambda: tasks.order_by().aggregate(**task_counts(today)))


def on_time_by_unit(tasks: QuerySet[RemediationTask]) -> list[dict]:
    """Per unit, by name: tasks, accepted, accepted on time, overdue, and the on-time share (two queries).

    The counts are kept like `status_counts`; the names are read each time (a unit renamed shows at once).
    """
    today = timezone.localdate()
    # Counted by unit id alone, then named: grouping by the name too sorted every task by it.
    rows = cached_for_queryset(
        "on-time",
        tasks,
        today,
        lambda: {row["unit"]: row for row in tasks.order_by().values("unit").annotate(**task_counts(today))},
    )
    result = []
    for unit, name in Unit.objects.filter(pk__in=list(rows)).order_by("name", "pk").values_list("pk", "name"):
        row = dict(rows[unit])
        row["unit__name"] = name
        row["share"] = on_time_share(row["on_time"], row[TaskStatus.ACCEPTED], row["overdue"])
        result.append(row)
    return result


TIMELINE_PAGE_SIZE = 20


def task_timeline(task: RemediationTask) -> QuerySet[TaskEvent]:
    """A task's steps, notes, comments and reminders, oldest first, with who took them (their files:
    `task_timeline_page`, or a prefetch where each file is asked for its step, as the API does)."""
    return task.events.select_related("actor").order_by("at", "pk")


def task_timeline_page(task: RemediationTask, number) -> Page:
    """The latest steps of the timeline (page 1), or earlier ones (page 2, ...), each page oldest
    first: a task sent back and forth for years keeps a bounded page, read without a count.
    The files of the page's steps are read by their ids into plain lists (core.prefetch): a
    prefetch built a related manager and a queryset per step, a fifth of a 20-step page."""
    page = page_without_count(task_timeline(task).reverse(), number, TIMELINE_PAGE_SIZE)
    page.object_list = page.object_list[::-1]
    keep_children(page.object_list, "evidence")
    return page


# --- who answers for a task, and who is told -----------------------------------------------


def unit_side(task: RemediationTask) -> set[User]:
    """Who answers for a task: the unit's head (and any unit-head user of it) and the delegate."""
    people = set(User.objects.filter(unit_id=task.unit_id, role=Role.UNIT_HEAD, is_active=True))
    if task.unit.head_id:
        people.add(task.unit.head)
    if task.delegate_id:
        people.add(task.delegate)
    return {person for person in people if person.is_active}


def inspector_side(task: RemediationTask) -> set[User]:
    """The portal users of the team that inspected (they verify the task)."""
    members = TeamMember.objects.filter(team_id=task.directive.visit.team_id, user__isnull=False, user__is_active=True)
    return {member.user for member in members.select_related("user")}


def delegate_candidates(task: RemediationTask) -> QuerySet[User]:
    """The only people a task may be delegated to: active unit users of the task's unit (or its predecessors)."""
    return User.objects.filter(unit_id__in=unit_lineage_ids(task.unit), role__in=UNIT_ROLES, is_active=True).order_by(
        "full_name", "username"
    )


def tasks_not_yet_announced(visit) -> list[RemediationTask]:
    """The tasks of a visit's directives whose unit has not been told of them."""
    return list(
        RemediationTask.objects.filter(directive__visit=visit, announced_at__isnull=True).select_related(
            "directive__visit", "unit", "unit__head", "delegate"
        )
    )
