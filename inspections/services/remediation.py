"""Directives and remediation tasks: drafting, reporting back, verifying, extending."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc_portal.concurrency import claim_version
from units.models import Role, Unit, User
from units.selectors import unit_lineage_ids

from ..models import (
    Directive,
    DirectiveExtension,
    EventKind,
    Finding,
    FindingKind,
    InspectionVisit,
    Notification,
    ReformArea,
    RemediationTask,
    TaskEvent,
    TaskEvidence,
    TaskStatus,
    TeamMember,
    VisitStatus,
)
from ..selectors import can_act_on_task, can_verify_task, is_team_leader, is_team_member, tasks_visible_to
from .findings import _check_files, removed_on_error

MAX_TEXT = 20_000


# --- notifications --------------------------------------------------------------------


def task_url(task: RemediationTask) -> str:
    return reverse("inspections:task_detail", args=[task.pk])


def unit_side(task: RemediationTask) -> set[User]:
    """Who answers for a task: the unit's head (and any unit-head user of it) and the delegate."""
    people = set(User.objects.filter(unit_id=task.unit_id, role=Role.UNIT_HEAD, is_active=True))
    if task.unit.head_id:
        people.add(task.unit.head)
    if task.delegate_id:
        people.add(task.delegate)
    return {person for person in people if person.is_active}


def inspector_side(task: RemediationTask) -> set[User]:
    members = TeamMember.objects.filter(team_id=task.directive.visit.team_id, user__isnull=False, user__is_active=True)
    return {member.user for member in members.select_related("user")}


def notify(users, message: str, task: RemediationTask | None = None, exclude: User | None = None) -> None:
    """In-app notifications, written in the portal's language whoever triggers them."""
    url = task_url(task) if task else ""
    Notification.objects.bulk_create(
        Notification(user=user, message=message[:500], url=url, task=task)
        for user in users
        if exclude is None or user.pk != exclude.pk
    )


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- directives -------------------------------------------------------------------------


def _require_drafter(actor: User | None, visit: InspectionVisit) -> None:
    if actor is not None and not is_team_member(actor, visit):
        raise PermissionDenied(_("Only members of the inspection team may draft its directives."))


def _inspected_units(visit: InspectionVisit) -> set[int]:
    return set(visit.plan.visits.values_list("unit_id", flat=True))


def _check_directive(
    visit: InspectionVisit, text: str, units: list[Unit], findings: list[Finding], due_on, due_days
) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the units must do.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The text is too long (at most %(n)s characters).") % {"n": MAX_TEXT}})
    if not units:
        raise ValidationError({"units": _("Choose at least one unit that must act.")})
    inspected = _inspected_units(visit)
    stray = [unit.name for unit in units if unit.pk not in inspected]
    if stray:
        raise ValidationError(
            {
                "units": _("Only units inspected under this plan can be given tasks: %(names)s.")
                % {"names": ", ".join(stray)}
            }
        )
    for finding in findings:
        if finding.kind != FindingKind.SHORTCOMING or finding.visit.plan_id != visit.plan_id:
            raise ValidationError({"findings": _("Link only shortcomings found under this plan.")})
    if (due_on is None) == (due_days is None):
        raise ValidationError({"due_on": _("Give either a deadline date or a number of days after the letter.")})
    if due_on is not None and due_on < visit.scheduled_on:
        raise ValidationError({"due_on": _("The deadline cannot be before the visit.")})
    if due_days is not None and not 1 <= due_days <= 3650:
        raise ValidationError({"due_days": _("Give a number of days between 1 and 3650.")})
    return text


def _open_task(directive: Directive, unit: Unit, actor: User | None) -> RemediationTask:
    task = RemediationTask.objects.create(directive=directive, unit=unit, due_on=directive.due_on)
    TaskEvent.objects.create(task=task, kind=EventKind.CREATED, actor=actor)
    return task


def announce_tasks(tasks) -> None:
    """Tell each unit of a new task, once it can see it (its visit is concluded)."""
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            if task.directive.visit.status == VisitStatus.CONCLUDED:
                notify(
                    unit_side(task), _("New remediation task: %(text)s") % {"text": _short(task.directive.text)}, task
                )


@transaction.atomic
def directive_create(
    *,
    actor: User | None,
    visit: InspectionVisit,
    text: str,
    units: list[Unit],
    findings: list[Finding] | None = None,
    area: ReformArea | None = None,
    due_on: datetime.date | None = None,
    due_days: int | None = None,
    requires_evidence: bool = False,
) -> Directive:
    """Draft a directive and give each target unit its own task."""
    visit = InspectionVisit.objects.select_related("plan", "team").get(pk=visit.pk)
    _require_drafter(actor, visit)
    findings = list(findings or [])
    units = list(dict.fromkeys(units))
    text = _check_directive(visit, text, units, findings, due_on, due_days)
    position = (visit.directives.aggregate(top=Max("position"))["top"] or 0) + 1
    directive = Directive.objects.create(
        visit=visit,
        text=text,
        area=area,
        due_on=due_on,
        due_days=due_days,
        requires_evidence=requires_evidence,
        position=position,
        created_by=actor,
    )
    directive.units.set(units)
    directive.findings.set(findings)
    tasks = [_open_task(directive, unit, actor) for unit in units]
    announce_tasks(tasks)
    return directive


def _require_editable(directive: Directive) -> None:
    if directive.is_locked:
        raise ValidationError(
            _("The letter carrying this directive has been issued: it can no longer be edited, only extended.")
        )


@transaction.atomic
def directive_update(
    *,
    actor: User | None,
    directive: Directive,
    expected_version: int | None,
    text: str | None = None,
    units: list[Unit] | None = None,
    findings: list[Finding] | None = None,
    area: ReformArea | None = None,
    due_on: datetime.date | None = None,
    due_days: int | None = None,
    requires_evidence: bool | None = None,
) -> Directive:
    """Change a draft directive; units added get a task, units removed lose theirs if untouched."""
    directive = Directive.objects.select_for_update().select_related("visit", "visit__plan").get(pk=directive.pk)
    _require_drafter(actor, directive.visit)
    _require_editable(directive)
    new_units = list(dict.fromkeys(units)) if units is not None else list(directive.units.all())
    new_findings = list(findings) if findings is not None else list(directive.findings.all())
    if due_on is None and due_days is None:
        due_on, due_days = directive.due_on, directive.due_days
    new_text = _check_directive(
        directive.visit, directive.text if text is None else text, new_units, new_findings, due_on, due_days
    )
    claim_version(directive, expected_version)
    current = {task.unit_id: task for task in directive.tasks.all()}
    wanted = {unit.pk for unit in new_units}
    for unit_id, task in current.items():
        if unit_id not in wanted:
            if task.status != TaskStatus.OPEN or task.events.exclude(kind=EventKind.CREATED).exists():
                raise ValidationError(
                    {
                        "units": _("%(name)s has already acted on its task; it cannot be removed.")
                        % {"name": task.unit.name}
                    }
                )
            task.delete()
    directive.text, directive.due_on, directive.due_days = new_text, due_on, due_days
    if area is not None:
        directive.area = area
    if requires_evidence is not None:
        directive.requires_evidence = requires_evidence
    directive._history_user = actor
    directive.save()
    directive.units.set(new_units)
    directive.findings.set(new_findings)
    directive.tasks.exclude(status=TaskStatus.ACCEPTED).update(due_on=due_on)
    announce_tasks([_open_task(directive, unit, actor) for unit in new_units if unit.pk not in current])
    return directive


@transaction.atomic
def directive_delete(*, actor: User | None, directive: Directive, expected_version: int | None) -> None:
    directive = Directive.objects.select_for_update().select_related("visit").get(pk=directive.pk)
    _require_drafter(actor, directive.visit)
    _require_editable(directive)
    if (
        directive.tasks.exclude(status=TaskStatus.OPEN).exists()
        or TaskEvent.objects.filter(task__directive=directive).exclude(kind=EventKind.CREATED).exists()
    ):
        raise ValidationError(_("Units have already acted on this directive; it cannot be deleted."))
    claim_version(directive, expected_version)
    directive.delete()


@transaction.atomic
def directive_extend(
    *,
    actor: User | None,
    directive: Directive,
    new_due_on: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> Directive:
    """Move a deadline later, with a reason; open tasks follow and each records it.

    A deadline given in days becomes this date for good (the letter's issue no longer moves it).
    """
    directive = Directive.objects.select_for_update().select_related("visit").get(pk=directive.pk)
    if actor is not None and not (
        is_team_leader(actor, directive.visit) or actor.role == Role.HOME_AFFAIRS or actor.is_administrator
    ):
        raise PermissionDenied(_("Only the team leader or Home Affairs staff may extend a deadline."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if new_due_on is None or (directive.due_on and new_due_on <= directive.due_on):
        raise ValidationError({"due_on": _("The new deadline must be later than the current one.")})
    claim_version(directive, expected_version)
    DirectiveExtension.objects.create(
        directive=directive, old_due_on=directive.due_on, new_due_on=new_due_on, reason=reason.strip(), actor=actor
    )
    directive.due_on, directive.due_days = new_due_on, None
    directive._history_user = actor
    directive.save(update_fields=["due_on", "due_days", "version"])
    for task in directive.tasks.exclude(status=TaskStatus.ACCEPTED):
        RemediationTask.objects.filter(pk=task.pk).update(due_on=new_due_on, version=F("version") + 1)
        TaskEvent.objects.create(
            task=task, kind=EventKind.EXTENDED, note=reason.strip(), actor=actor, effective_on=new_due_on
        )
    return directive


@transaction.atomic
def directives_lock(*, directives, issued_on: datetime.date) -> None:
    """Called when the letter carrying `directives` is issued: fix their deadlines and freeze them."""
    now = timezone.now()
    for directive in Directive.objects.select_for_update().filter(pk__in=[d.pk for d in directives]):
        if directive.is_locked:
            continue
        if directive.due_days is not None:
            directive.due_on = issued_on + datetime.timedelta(days=directive.due_days)
        directive.locked_at = now
        directive.save(update_fields=["due_on", "locked_at"])
        directive.tasks.exclude(status=TaskStatus.ACCEPTED).update(due_on=directive.due_on)


# --- tasks -----------------------------------------------------------------------------------


def _locked_task(task: RemediationTask) -> RemediationTask:
    return (
        RemediationTask.objects.select_for_update(of=("self",))
        .select_related("directive", "directive__visit", "unit", "unit__head", "delegate")
        .get(pk=task.pk)
    )


def _require_actor(actor: User | None, task: RemediationTask) -> None:
    if actor is not None and not can_act_on_task(actor, task):
        raise PermissionDenied(_("Only the unit's head or the person the task is delegated to may report on it."))


def _require_verifier(actor: User | None, task: RemediationTask) -> None:
    if actor is not None and not can_verify_task(actor, task):
        raise PermissionDenied(_("Only members of the inspection team may verify this task."))


def _store_task_evidence(event: TaskEvent, checked: list, actor: User | None, stored: list[str]) -> None:
    from cchc_portal.uploads import storage_name

    for upload, name, extension, content_type in checked:
        path = default_storage.save(storage_name(f"evidence/tasks/{event.task_id}", extension), upload)
        stored.append(path)
        TaskEvidence.objects.create(
            event=event, file=path, original_name=name, content_type=content_type, size=upload.size, uploaded_by=actor
        )


def _set_status(task: RemediationTask, status: str, expected_version: int | None, **fields) -> None:
    claim_version(task, expected_version)
    task.status = status
    for name, value in fields.items():
        setattr(task, name, value)
    task.save()


def task_progress(
    *,
    actor: User | None,
    task: RemediationTask,
    note: str,
    expected_version: int | None = None,
    effective_on: datetime.date | None = None,
    files=None,
) -> TaskEvent:
    """A progress note (with optional evidence); an open or returned task is then in progress."""
    with removed_on_error() as stored, transaction.atomic():
        task = _locked_task(task)
        _require_actor(actor, task)
        if task.status in (TaskStatus.SUBMITTED, TaskStatus.ACCEPTED):
            raise ValidationError(_("The task has been reported done; wait for the inspectors' answer."))
        if not (note or "").strip():
            raise ValidationError({"note": _("Write a progress note.")})
        checked = _check_files(files)
        _set_status(task, TaskStatus.IN_PROGRESS, expected_version)
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
    expected_version: int | None = None,
    effective_on: datetime.date | None = None,
    files=None,
) -> TaskEvent:
    """The unit reports the task done: a note, and evidence where the directive requires it."""
    with removed_on_error() as stored, transaction.atomic():
        task = _locked_task(task)
        _require_actor(actor, task)
        if task.status in (TaskStatus.SUBMITTED, TaskStatus.ACCEPTED):
            raise ValidationError(_("The task has already been reported done."))
        if not (note or "").strip():
            raise ValidationError({"note": _("Write what was done.")})
        checked = _check_files(files)
        if task.directive.requires_evidence and not checked:
            raise ValidationError({"files": _("This directive requires evidence: attach at least one file.")})
        if effective_on and effective_on > timezone.localdate():
            raise ValidationError({"effective_on": _("The date the work was done cannot be in the future.")})
        now = timezone.now()
        _set_status(task, TaskStatus.SUBMITTED, expected_version, submitted_at=now)
        event = TaskEvent.objects.create(
            task=task, kind=EventKind.SUBMITTED, note=note.strip(), effective_on=effective_on, actor=actor, at=now
        )
        _store_task_evidence(event, checked, actor, stored)
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                inspector_side(task),
                _("%(unit)s reported a task done: %(text)s")
                % {"unit": task.unit.name, "text": _short(task.directive.text)},
                task,
                exclude=actor,
            )
    return event


@transaction.atomic
def task_accept(
    *, actor: User | None, task: RemediationTask, expected_version: int | None = None, note: str = ""
) -> RemediationTask:
    task = _locked_task(task)
    _require_verifier(actor, task)
    if task.status != TaskStatus.SUBMITTED:
        raise ValidationError(_("Only a task reported done can be accepted."))
    completed_on = timezone.localtime(task.submitted_at).date() if task.submitted_at else timezone.localdate()
    _set_status(task, TaskStatus.ACCEPTED, expected_version, completed_on=completed_on)
    TaskEvent.objects.create(task=task, kind=EventKind.ACCEPTED, note=(note or "").strip(), actor=actor)
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            unit_side(task), _("Task accepted: %(text)s") % {"text": _short(task.directive.text)}, task, exclude=actor
        )
    return task


@transaction.atomic
def task_return(
    *, actor: User | None, task: RemediationTask, reason: str, expected_version: int | None = None
) -> RemediationTask:
    """Send a reported task back to the unit, saying what is missing."""
    task = _locked_task(task)
    _require_verifier(actor, task)
    if task.status != TaskStatus.SUBMITTED:
        raise ValidationError(_("Only a task reported done can be returned."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the task is returned.")})
    _set_status(task, TaskStatus.RETURNED, expected_version)
    TaskEvent.objects.create(task=task, kind=EventKind.RETURNED, note=reason.strip(), actor=actor)
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            unit_side(task),
            _("Task returned: %(reason)s") % {"reason": _short(reason.strip(), 120)},
            task,
            exclude=actor,
        )
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
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            others,
            _("%(name)s commented: %(text)s") % {"name": actor.get_full_name(), "text": _short(note.strip())},
            task,
        )
    return event


@transaction.atomic
def task_delegate(*, actor: User | None, task: RemediationTask, delegate: User | None) -> RemediationTask:
    """The unit head hands the task to a staff member of the unit (None takes it back)."""
    task = _locked_task(task)
    if actor is not None and not (actor.role == Role.UNIT_HEAD and can_act_on_task(actor, task)):
        raise PermissionDenied(_("Only the unit's head may delegate its tasks."))
    if delegate is not None and (delegate.unit_id not in unit_lineage_ids(task.unit) or not delegate.is_unit_user):
        raise ValidationError({"delegate": _("Delegate only to a member of %(unit)s.") % {"unit": task.unit.name}})
    task.delegate = delegate
    task.save(update_fields=["delegate", "updated_at"])
    TaskEvent.objects.create(
        task=task, kind=EventKind.DELEGATED, note=delegate.get_full_name() if delegate else "", actor=actor
    )
    if delegate is not None:
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                [delegate],
                _("A task was delegated to you: %(text)s") % {"text": _short(task.directive.text)},
                task,
                exclude=actor,
            )
    return task


def tasks_accept_many(*, actor: User, tasks) -> int:
    """Accept every reported task of the list that `actor` may verify; the others are left as they are."""
    accepted = 0
    fresh = RemediationTask.objects.filter(pk__in=[task.pk for task in tasks], status=TaskStatus.SUBMITTED)
    for task in fresh.select_related("directive__visit"):
        if can_verify_task(actor, task):
            task_accept(actor=actor, task=task)
            accepted += 1
    return accepted
