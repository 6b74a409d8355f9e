"""Directives and remediation tasks in bulk, as `directive_create`, the task services, `tasks_announce`
and `directives_lock` would have left them: one task per target unit with the directive's deadline,
a timeline event per step, evidence where the directive requires it, and the notifications sent."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Notification
from core.notifications import shorten
from core.samples import BLANK_PDF
from core.text import fold
from inspections.models import FindingKind, VisitStatus
from remediation.models import Directive, EventKind, RemediationTask, TaskEvent, TaskEvidence, TaskStatus
from remediation.services import task_url

from . import vocabulary
from .common import (
    World,
    apportion,
    dates_as_given,
    day_between,
    field_of,
    insert,
    record_history,
    snapshot,
)

DAY = datetime.timedelta(days=1)
# A tiny valid PDF: what evidence files hold (their type is checked by content on upload).
EVIDENCE_PDF = BLANK_PDF
# donvi's first tasks take each state in turn, so his workload always shows all of them.
DONVI_STATES = [
    (TaskStatus.OPEN, None),
    (TaskStatus.IN_PROGRESS, None),
    (TaskStatus.SUBMITTED, None),
    (TaskStatus.RETURNED, None),
    (TaskStatus.ACCEPTED, True),
    (TaskStatus.ACCEPTED, False),
]


def donvi_task_count(tasks: int) -> int:
    return min(tasks, max(len(DONVI_STATES), min(50, tasks // 400)))


def _budgets(world: World) -> None:
    """How many tasks each visit's directives give: donvi's share first, the rest by shortcomings."""
    tasks = world.sizes.tasks
    donvi = [v for v in world.visits if v.donvi and v.status == VisitStatus.CONCLUDED]
    share = donvi_task_count(tasks) if donvi else 0
    for visit, count in zip(donvi, apportion(share, [1.0] * len(donvi)), strict=True):
        visit.task_budget = count
    others = [v for v in world.visits if not v.donvi and not v.live and v.status != VisitStatus.PLANNED]
    weights = [
        sum(f.kind == FindingKind.SHORTCOMING for f in v.findings) * (1 if v.status == VisitStatus.CONCLUDED else 0.3)
        for v in others
    ]
    for visit, count in zip(others, apportion(tasks - share, weights), strict=True):
        visit.task_budget = count


def _directive_text(rng, remedy: str, year: int) -> str:
    tail = rng.choice(vocabulary.DIRECTIVE_TAILS).format(year=year)
    return f"{rng.choice(vocabulary.DIRECTIVE_LEADS)} {remedy}{tail}."


def plan_directives(world: World) -> None:
    """Unsaved directives for each visit, with their targets, linked shortcomings and deadline choices."""
    rng, clock = world.rng, world.clock
    _budgets(world)
    direction = next((a for a in world.areas if a.code == "DIRECTION"), None)
    synthetic = {unit.pk for d in world.departments for unit in [d.unit, *d.subunits]}
    for visit in world.visits:
        remaining = visit.task_budget
        if not remaining:
            continue
        shortcomings = [f for f in visit.findings if f.kind == FindingKind.SHORTCOMING]
        rng.shuffle(shortcomings)
        others = list({v.unit.pk: v.unit for v in visit.plan.visits if v.unit.pk != visit.unit.pk}.values())
        others = [unit for unit in others if unit.pk in synthetic]
        if visit.status == VisitStatus.CONCLUDED:
            created_from = visit.concluded_at - datetime.timedelta(hours=2)
        else:
            created_from = clock.at(visit.day, 15)
        created_from = max(created_from, visit.started_at + datetime.timedelta(minutes=1))
        while remaining > 0:
            position = len(visit.directives) + 1
            directive = Directive(
                visit=visit.visit,
                position=position,
                created_by=rng.choice(visit.team.users),
                created_at=min(created_from + datetime.timedelta(minutes=position), clock.now),
                requires_evidence=rng.random() < 0.25 and not (visit.donvi and position <= len(DONVI_STATES)),
                version=1,
            )
            if others and remaining >= 2 and not visit.donvi and rng.random() < 0.12:
                count = min(remaining, rng.randint(2, 4), 1 + len(others))
                directive.targets = [visit.unit, *rng.sample(others, count - 1)]
                directive.linked, directive.area = [], direction
                directive.text = rng.choice(vocabulary.GENERAL_DIRECTIVES)
            else:
                directive.targets = [visit.unit]
                directive.linked = [shortcomings.pop() for _ in range(min(len(shortcomings), rng.choice([1, 1, 2])))]
                remedy = next((f.remedy for f in directive.linked if f.remedy), "")
                if remedy:
                    directive.text = _directive_text(rng, remedy, visit.day.year)
                    directive.area = directive.linked[0].area
                else:
                    directive.text, directive.area = rng.choice(vocabulary.GENERAL_DIRECTIVES), direction
            directive.base_due = visit.day + datetime.timedelta(days=rng.choice([30, 45, 60, 90, 120]))
            directive.days = rng.choice([15, 30, 45, 60]) if rng.random() < 0.35 else None
            directive.search_text = fold(directive.text)  # bulk inserts skip save()
            remaining -= len(directive.targets)
            visit.directives.append(directive)


def _deadlines(world: World, directive: Directive, visit) -> None:
    """The deadline as drafted, and as fixed when the plan's remediation letter was issued (`directives_lock`)."""
    letter_at = visit.plan.letter_at
    days_style = directive.days is not None and (letter_at is not None or visit.plan.year == world.clock.year)
    directive.drafted = (None, directive.days) if days_style else (directive.base_due, None)
    directive.due_on, directive.due_days = directive.drafted
    if letter_at is not None:
        if days_style:
            directive.due_on = timezone.localdate(letter_at) + datetime.timedelta(days=directive.days)
        directive.locked_at = letter_at


class Timeline:
    """One task's steps from its announcement to its state, dated and in order."""

    def __init__(self, world: World, visit, directive, task):
        self.world, self.rng, self.clock = world, world.rng, world.clock
        self.visit, self.directive, self.task = visit, directive, task
        self.steps: list[tuple[str, datetime.datetime, str]] = []

    def add(self, kind: str, day: datetime.date, hour: int, note: str = "") -> None:
        self.steps.append((kind, self.clock.at(day, hour), note))

    def note(self, kind: str) -> str:
        rng = self.rng
        if kind == EventKind.PROGRESS:
            return rng.choice(vocabulary.PROGRESS_NOTES).format(pct=rng.choice([30, 50, 70, 80]))
        if kind == EventKind.SUBMITTED:
            return rng.choice(vocabulary.SUBMIT_NOTES).format(n=rng.randint(10, 250))
        if kind == EventKind.RETURNED:
            return rng.choice(vocabulary.RETURN_REASONS)
        return rng.choice(vocabulary.ACCEPT_NOTES)

    def build(self, status: str, on_time: bool | None) -> None:
        rng, clock = self.rng, self.clock
        start = timezone.localdate(self.task.announced_at) + DAY
        last = clock.today - DAY
        due = self.task.due_on
        if status == TaskStatus.OPEN:
            return
        if status == TaskStatus.IN_PROGRESS:
            first = day_between(rng, start, min(start + 90 * DAY, last))
            self.add(EventKind.PROGRESS, first, 10, self.note(EventKind.PROGRESS))
            if rng.random() < 0.3:
                self.add(
                    EventKind.PROGRESS,
                    day_between(rng, first + DAY, first + 40 * DAY),
                    10,
                    self.note(EventKind.PROGRESS),
                )
            return
        if status == TaskStatus.ACCEPTED and due is not None:
            submit = day_between(rng, start + DAY, due) if on_time else day_between(rng, due + 3 * DAY, due + 100 * DAY)
        else:
            submit = day_between(rng, start + DAY, start + 150 * DAY)
        submit = min(max(submit, start + DAY), last)
        if rng.random() < 0.45:
            self.add(EventKind.PROGRESS, day_between(rng, start, submit - DAY), 10, self.note(EventKind.PROGRESS))
        if status == TaskStatus.ACCEPTED and rng.random() < 0.15:
            first = day_between(rng, start, submit - 2 * DAY)
            self.add(EventKind.SUBMITTED, first, 11, self.note(EventKind.SUBMITTED))
            self.add(EventKind.RETURNED, first + DAY, 15, self.note(EventKind.RETURNED))
        self.add(EventKind.SUBMITTED, submit, 14, self.note(EventKind.SUBMITTED))
        if status == TaskStatus.RETURNED:
            self.add(EventKind.RETURNED, submit + rng.randint(1, 7) * DAY, 16, self.note(EventKind.RETURNED))
        elif status == TaskStatus.ACCEPTED:
            self.add(EventKind.ACCEPTED, submit + rng.randint(1, 10) * DAY, 16, self.note(EventKind.ACCEPTED))


def _choose_state(world: World, visit, donvi_states: list) -> tuple[str, bool | None]:
    rng = world.rng
    if visit.donvi and donvi_states:
        return donvi_states.pop(0)
    age = world.clock.year - visit.plan.year
    accept = min(0.88, 0.55 + 0.1 * age) if age else 0.2
    rest = 1 - accept
    weights = [rest * 0.3, rest * 0.3, rest * 0.2, rest * 0.2, accept] if age else [0.27, 0.3, 0.15, 0.08, 0.2]
    states = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.ACCEPTED]
    status = rng.choices(states, weights)[0]
    return status, (rng.random() < 0.7 if status == TaskStatus.ACCEPTED else None)


CHANGES = {
    EventKind.PROGRESS: TaskStatus.IN_PROGRESS,
    EventKind.SUBMITTED: TaskStatus.SUBMITTED,
    EventKind.ACCEPTED: TaskStatus.ACCEPTED,
    EventKind.RETURNED: TaskStatus.RETURNED,
}


def build(world: World) -> None:
    """Insert the directives (with their units and shortcomings), the tasks, their events and evidence."""
    clock = world.clock
    directives, tasks = [], []
    for visit in world.visits:
        for directive in visit.directives:
            _deadlines(world, directive, visit)
            # The team handed a concluded visit's tasks over as it concluded (`directives_hand_over`).
            concluded = visit.status == VisitStatus.CONCLUDED
            directive.handed_over_at = max(visit.concluded_at, directive.created_at) if concluded else None
            directive.made = []
            directives.append(directive)
    with dates_as_given(field_of(Directive, "created_at")):
        insert(Directive, directives)
    units_through, findings_through = Directive.units.through, Directive.findings.through
    insert(units_through, [units_through(directive=d, unit=u) for d in directives for u in d.targets])
    insert(findings_through, [findings_through(directive=d, finding=f) for d in directives for f in d.linked])
    created = [
        snapshot(d, d.created_at, d.created_by, due_on=d.drafted[0], due_days=d.drafted[1], locked_at=None)
        for d in directives
    ]
    record_history(Directive, created, created=True)
    record_history(Directive, [snapshot(d, d.locked_at, None, "locked") for d in directives if d.locked_at])
    world.counts["directives"] = len(directives)

    donvi_states = list(DONVI_STATES)
    for visit in world.visits:
        for directive in visit.directives:
            for unit in directive.targets:
                task = RemediationTask(directive=directive, unit=unit, due_on=directive.due_on, version=1)
                concluded = visit.status == VisitStatus.CONCLUDED
                task.announced_at = max(visit.concluded_at, directive.created_at) if concluded else None
                status, on_time = _choose_state(world, visit, donvi_states) if concluded else (TaskStatus.OPEN, None)
                if concluded and timezone.localdate(task.announced_at) + 4 * DAY > clock.today:
                    status, on_time = TaskStatus.OPEN, None  # told of it days ago: nothing done yet
                timeline = Timeline(world, visit, directive, task)
                if concluded:
                    timeline.build(status, on_time)
                moments = clock.in_order([directive.created_at] + [moment for _, moment, _ in timeline.steps])
                task.steps = [(EventKind.CREATED, moments[0], "")] + [
                    (kind, moment, note) for (kind, _, note), moment in zip(timeline.steps, moments[1:], strict=True)
                ]
                task.visit = visit
                tasks.append(task)
                directive.made.append(task)
    _apply_steps(world, tasks)
    with dates_as_given(field_of(RemediationTask, "updated_at")):
        insert(RemediationTask, tasks)
    _task_history(tasks)
    _events_and_notifications(world, tasks)
    world.counts["tasks"] = len(tasks)


def _apply_steps(world: World, tasks) -> None:
    for task in tasks:
        task.status, task.version, task.shots = TaskStatus.OPEN, 1, []
        for kind, moment, _note in task.steps[1:]:
            task.status = CHANGES[kind]
            task.version += 1
            if kind == EventKind.SUBMITTED:
                task.submitted_at = moment
            if kind == EventKind.ACCEPTED:
                task.completed_on = timezone.localtime(task.submitted_at).date()
            task.shots.append((moment, kind))
        task.updated_at = task.steps[-1][1]


def _actor(world: World, task, kind: str):
    if kind in (EventKind.PROGRESS, EventKind.SUBMITTED):
        side = world.unit_side.get(task.unit.pk)
        return side[0] if side else None
    if kind == EventKind.CREATED:
        return task.directive.created_by
    return task.visit.team.leader


def _task_history(tasks) -> None:
    created, changed = [], []
    for task in tasks:
        directive = task.directive
        opened = {
            "status": TaskStatus.OPEN,
            "version": 1,
            "submitted_at": None,
            "completed_on": None,
            "announced_at": None,
        }
        created.append(
            snapshot(task, directive.created_at, directive.created_by, due_on=directive.drafted[0], **opened)
        )
        version, submitted_at, completed_on = 1, None, None
        for moment, kind in task.shots:
            version += 1
            submitted_at = moment if kind == EventKind.SUBMITTED else submitted_at
            completed_on = task.completed_on if kind == EventKind.ACCEPTED else completed_on
            changed.append(
                snapshot(
                    task,
                    moment,
                    None,
                    kind,
                    status=CHANGES[kind],
                    version=version,
                    submitted_at=submitted_at,
                    completed_on=completed_on,
                )
            )
    record_history(RemediationTask, created, created=True)
    record_history(RemediationTask, changed)


def _notice(users, message: str, url: str, at: datetime.datetime, now: datetime.datetime, exclude=None):
    read = at + DAY if at < now - 14 * DAY else None
    return [
        Notification(user=user, message=message[:500], url=url, created_at=at, read_at=min(read, now) if read else None)
        for user in users
        if exclude is None or user.pk != exclude.pk
    ]


def _events_and_notifications(world: World, tasks) -> None:
    rng, now = world.rng, world.clock.now
    events, notices, evidence_for = [], [], []
    for task in tasks:
        url, text = task_url(task), shorten(task.directive.text)
        unit_side = world.unit_side.get(task.unit.pk, [])
        if task.announced_at:
            notices += _notice(
                unit_side, _("New remediation task: %(text)s") % {"text": text}, url, task.announced_at, now
            )
        for kind, moment, note in task.steps:
            actor = _actor(world, task, kind)
            effective = (
                timezone.localtime(moment).date() if kind == EventKind.SUBMITTED and rng.random() < 0.5 else None
            )
            event = TaskEvent(task=task, kind=kind, note=note, actor=actor, at=moment, effective_on=effective)
            events.append(event)
            if kind == EventKind.SUBMITTED:
                message = _("%(unit)s reported a task done: %(text)s") % {"unit": task.unit.name, "text": text}
                notices += _notice(task.visit.team.users, message, url, moment, now, exclude=actor)
                if task.directive.requires_evidence:
                    evidence_for.append(event)
            elif kind == EventKind.ACCEPTED:
                notices += _notice(unit_side, _("Task accepted: %(text)s") % {"text": text}, url, moment, now, actor)
            elif kind == EventKind.RETURNED:
                message = _("Task returned: %(reason)s") % {"reason": shorten(note, 120)}
                notices += _notice(unit_side, message, url, moment, now, exclude=actor)
    insert(TaskEvent, events)
    with dates_as_given(field_of(Notification, "created_at")):
        insert(Notification, notices)
    _evidence(world, evidence_for)
    world.counts["task_events"] = len(events)
    world.counts["notifications"] = len(notices)


def _evidence(world: World, events) -> None:
    """A stored file per report of a directive that requires evidence (`task_submit` refuses one without)."""
    rng = world.rng
    rows = []
    for event in events:
        name = f"evidence/tasks/{event.task.pk}/{rng.getrandbits(128):032x}.pdf"
        path = default_storage.save(name, ContentFile(EVIDENCE_PDF))
        world.stored.append(path)  # removed again if the build fails
        rows.append(
            TaskEvidence(
                event=event,
                file=path,
                original_name=rng.choice(vocabulary.EVIDENCE_NAMES),
                content_type="application/pdf",
                size=len(EVIDENCE_PDF),
                uploaded_by=event.actor,
                uploaded_at=event.at,
            )
        )
    with dates_as_given(field_of(TaskEvidence, "uploaded_at")):
        insert(TaskEvidence, rows)
    world.counts["evidence"] = len(rows)
