"""Writes of remediation tasks: open and announce them, report back, verify, discuss, delegate.

Every change of status goes through `_take`, which asks `rules.check_action`
(the actor's side, then `states.TRANSITIONS`) and claims the version the actor
read, so a stale or missing version is a conflict and changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import claim_version
from core.errors import StaleVersion
from core.notifications import in_portal_language, notify, shorten
from core.text import MAX_TEXT
from core.uploads import check_files, removed_on_error, store_upload
from units.models import Unit, User

from ..models import EventKind, RemediationTask, TaskEvent, TaskEvidence
from ..rules import can_delegate, can_verify_task, check_action
from ..selectors import delegate_candidates, inspector_side, tasks_visible_to, unit_side
from ..states import TaskStatus


def task_url(task: RemediationTask) -> str:
    return reverse("remediation:task_detail", args=[task.pk])


def task_open(*, directive, unit: Unit, actor: User | None) -> RemediationTask:
    """A directive's task for one unit, with its first timeline entry."""
    task = RemediationTask.objects.create(directive=directive, unit=unit, due_on=directive.due_on)
    TaskEvent.objects.create(task=task, kind=EventKind.CREATED, actor=actor)
    return task


def tasks_announce(tasks) -> int:
    """Tell each unit of its new tasks once it can see them (visit concluded, directive handed over)."""
    announced = 0
    now = timezone.now()
    with in_portal_language():
        for task in tasks:
            if task.announced_at is None and task.directive.is_handed_over and task.directive.visit.is_concluded:
                message = _("New remediation task: %(text)s") % {"text": shorten(task.directive.text)}
                notify(unit_side(task), message, task_url(task))
                RemediationTask.objects.filter(pk=task.pk).update(announced_at=now)
                task.announced_at = now
                announced += 1
    return announced


def _locked_task(task: RemediationTask) -> RemediationTask:
    return (
        RemediationTask.objects.select_for_update(of=("self",))
        .select_related("directive", "directive__visit", "unit", "unit__head", "delegate")
        .get(pk=task.pk)
    )


def _take(task: RemediationTask, actor: User | None, action: str, expected_version, note: str = "", **fields):
    """Check and apply one transition of the table."""
    _apply(task, check_action(actor, task, action, note), actor, expected_version, **fields)


def _apply(task: RemediationTask, step, actor: User | None, expected_version, **fields) -> None:
    claim_version(task, expected_version)
    task.status = step.target
    for name, value in fields.items():
        setattr(task, name, value)
    task._history_user = actor
    task.save()


def _store_task_evidence(event: TaskEvent, checked: list, actor: User | None, stored: list[str]) -> None:
    for upload, name, extension, content_type in checked:
        path = store_upload(upload, f"evidence/tasks/{event.task_id}", extension, stored)
        TaskEvidence.objects.create(
            event=event, file=path, original_name=name, content_type=content_type, size=upload.size, uploaded_by=actor
        )


def _check_effective_on(effective_on: datetime.date | None) -> None:
    if effective_on and effective_on > timezone.localdate():
        raise ValidationError({"effective_on": _("The date the work was done cannot be in the future.")})


def task_progress(
    *,
    actor: User | None,
    task: RemediationTask,
    note: str,
    expected_version,
    effective_on: datetime.date | None = None,
    files=None,
) -> TaskEvent:
    """A progress note (with optional evidence); an open or returned task is then in progress."""
    with removed_on_error() as stored, transaction.atomic():
        task = _locked_task(task)
        step = check_action(actor, task, "progress", note)
        checked = check_files(files)
        _check_effective_on(effective_on)
        _apply(task, step, actor, expected_version)
        event = TaskEvent.objects.create(
            task=task, kind=EventKind.PROGRESS, note=note.strip(), effective_on=effective_on, actor=actor
        )
        _store_task_evidence(event, checked, actor, stored)
    return event


def task_submit(
    *,
    actor: User | None,
    task: RemediationTask,
    note: str,
    expected_version,
    effective_on: datetime.date | None = None,
    files=None,
) -> TaskEvent:
    """The unit reports the task done: a note, and evidence where the directive requires it."""
    with removed_on_error() as stored, transaction.atomic():
        task = _locked_task(task)
        step = check_action(actor, task, "submit", note)
        checked = check_files(files)
        if task.directive.requires_evidence and not checked:
            raise ValidationError({"files": _("This directive requires evidence: attach at least one file.")})
        _check_effective_on(effective_on)
        now = timezone.now()
        _apply(task, step, actor, expected_version, submitted_at=now)
        event = TaskEvent.objects.create(
            task=task, kind=EventKind.SUBMITTED, note=note.strip(), effective_on=effective_on, actor=actor, at=now
        )
        _store_task_evidence(event, checked, actor, stored)
        with in_portal_language():
            message = _("%(unit)s reported a task done: %(text)s") % {
                "unit": task.unit.name,
                "text": shorten(task.directive.text),
            }
            notify(inspector_side(task), message, task_url(task), exclude=actor)
    return event


@transaction.atomic
def task_accept(*, actor: User | None, task: RemediationTask, expected_version, note: str = "") -> RemediationTask:
    """The team accepts the report; the task counts as done on the day it was reported."""
    task = _locked_task(task)
    completed_on = timezone.localtime(task.submitted_at).date() if task.submitted_at else timezone.localdate()
    _take(task, actor, "accept", expected_version, note, completed_on=completed_on)
    TaskEvent.objects.create(task=task, kind=EventKind.ACCEPTED, note=(note or "").strip(), actor=actor)
    with in_portal_language():
        message = _("Task accepted: %(text)s") % {"text": shorten(task.directive.text)}
        notify(unit_side(task), message, task_url(task), exclude=actor)
    return task


@transaction.atomic
def task_return(*, actor: User | None, task: RemediationTask, reason: str, expected_version) -> RemediationTask:
    """Send a reported task back to the unit, saying what is missing (the reason is required)."""
    task = _locked_task(task)
    _take(task, actor, "return", expected_version, reason)
    TaskEvent.objects.create(task=task, kind=EventKind.RETURNED, note=reason.strip(), actor=actor)
    with in_portal_language():
        message = _("Task returned: %(reason)s") % {"reason": shorten(reason.strip(), 120)}
        notify(unit_side(task), message, task_url(task), exclude=actor)
    return task


@transaction.atomic
def task_comment(*, actor: User, task: RemediationTask, note: str) -> TaskEvent:
    """A message in the task's thread; the other side is notified."""
    task = _locked_task(task)
    if not tasks_visible_to(actor).filter(pk=task.pk).exists():
        raise PermissionDenied
    if not (note or "").strip():
        raise ValidationError({"note": _("Write a comment.")})
    event = TaskEvent.objects.create(task=task, kind=EventKind.COMMENT, note=note.strip()[:MAX_TEXT], actor=actor)
    inspectors = inspector_side(task)
    others = (unit_side(task) if actor in inspectors else inspectors) - {actor}
    with in_portal_language():
        message = _("%(name)s commented: %(text)s") % {"name": actor.get_full_name(), "text": shorten(note.strip())}
        notify(others, message, task_url(task))
    return event


@transaction.atomic
def task_delegate(
    *, actor: User | None, task: RemediationTask, delegate: User | None, expected_version
) -> RemediationTask:
    """The unit head hands the task to a member of the unit (None takes it back)."""
    task = _locked_task(task)
    if actor is not None and not can_delegate(actor, task):
        raise PermissionDenied(_("Only the unit's head may delegate its tasks."))
    if delegate is not None and not delegate_candidates(task).filter(pk=delegate.pk).exists():
        raise ValidationError({"delegate": _("Delegate only to a member of %(unit)s.") % {"unit": task.unit.name}})
    claim_version(task, expected_version)
    task.delegate = delegate
    task._history_user = actor
    task.save(update_fields=["delegate", "updated_at", "version"])
    TaskEvent.objects.create(
        task=task, kind=EventKind.DELEGATED, note=delegate.get_full_name() if delegate else "", actor=actor
    )
    if delegate is not None:
        with in_portal_language():
            message = _("A task was delegated to you: %(text)s") % {"text": shorten(task.directive.text)}
            notify([delegate], message, task_url(task), exclude=actor)
    return task


def tasks_accept_many(*, actor: User, versions: dict[int, object]) -> int:
    """Accept every reported task of `versions` ({task id: version read}) that `actor` may verify.

    A task changed since it was read, or one the actor may not verify, is left as it is.
    """
    accepted = 0
    fresh = RemediationTask.objects.filter(pk__in=list(versions), status=TaskStatus.SUBMITTED)
    for task in fresh.select_related("directive__visit").order_by("pk"):
        if not can_verify_task(actor, task):
            continue
        try:
            task_accept(actor=actor, task=task, expected_version=versions[task.pk])
        except StaleVersion:
            continue  # changed since the list was read: left for a second look
        accepted += 1
    return accepted
