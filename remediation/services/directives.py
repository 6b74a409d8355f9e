"""Writes of directives: draft from a visit's shortcomings, edit while draft, extend, lock on issue."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import claim_version
from core.text import MAX_TEXT
from inspections.models import Finding, FindingKind, InspectionVisit, ReformArea
from inspections.selectors import belongs_to, is_team_leader, is_team_member
from units.models import Unit, User

from ..models import Directive, DirectiveExtension, EventKind, RemediationTask, TaskEvent, TaskStatus
from ..rules import can_extend
from ..states import DONE
from .tasks import task_open, tasks_announce


def _require_drafter(actor: User | None, visit: InspectionVisit) -> None:
    if actor is not None and not is_team_member(actor, visit):
        raise PermissionDenied(_("Only members of the inspection team may draft its directives."))


def _refuse_own_units(actor: User | None, units) -> None:
    """Nobody directs the unit they belong to, even through another visit of the same plan."""
    own = [unit.name for unit in units if actor is not None and belongs_to(actor, unit)]
    if own:
        raise PermissionDenied(
            _("You belong to %(names)s: directives for your own unit are drafted by others.")
            % {"names": ", ".join(own)}
        )


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
    _refuse_own_units(actor, units)
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
    tasks_announce([task_open(directive=directive, unit=unit, actor=actor) for unit in units])
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
    expected_version,
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
    _refuse_own_units(actor, new_units)
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
    directive.tasks.exclude(status__in=DONE).update(due_on=due_on)
    tasks_announce(
        [task_open(directive=directive, unit=unit, actor=actor) for unit in new_units if unit.pk not in current]
    )
    return directive


@transaction.atomic
def directive_delete(*, actor: User | None, directive: Directive, expected_version) -> None:
    directive = Directive.objects.select_for_update().select_related("visit").get(pk=directive.pk)
    _require_drafter(actor, directive.visit)
    _require_editable(directive)
    _refuse_own_units(actor, directive.units.all())
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
    expected_version,
) -> Directive:
    """Move a deadline later, with a reason; open tasks follow and each records it.

    A deadline given in days becomes this date for good (the letter's issue no longer moves it).
    """
    directive = Directive.objects.select_for_update().select_related("visit").get(pk=directive.pk)
    if actor is not None and not can_extend(actor, directive):
        raise PermissionDenied(_("Only the team leader or Home Affairs staff may extend a deadline."))
    _refuse_own_units(actor, directive.units.all())
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
    for task in directive.tasks.exclude(status__in=DONE):
        RemediationTask.objects.filter(pk=task.pk).update(due_on=new_due_on, version=F("version") + 1)
        TaskEvent.objects.create(
            task=task, kind=EventKind.EXTENDED, note=reason.strip(), actor=actor, effective_on=new_due_on
        )
    return directive


@transaction.atomic
def directives_lock(*, directives, issued_on: datetime.date) -> None:
    """Called when the letter carrying `directives` is issued: fix their deadlines, freeze them, hand them over."""
    now = timezone.now()
    for directive in Directive.objects.select_for_update().filter(pk__in=[d.pk for d in directives]):
        if directive.is_locked:
            continue
        if directive.due_days is not None:
            directive.due_on = issued_on + datetime.timedelta(days=directive.due_days)
        directive.locked_at = now
        directive.handed_over_at = directive.handed_over_at or now
        directive.save(update_fields=["due_on", "locked_at", "handed_over_at"])
        directive.tasks.exclude(status__in=DONE).update(due_on=directive.due_on)
    _announce([d.pk for d in directives])


@transaction.atomic
def directives_hand_over(*, actor: User | None, visit: InspectionVisit) -> list[Directive]:
    """The team gives the units their tasks without waiting for a letter (a self-inspection's notice
    may carry them itself): they are announced and the units see them. The directives stay drafts
    until a letter carries them (edits show on the tasks); a deadline counted in days from the
    letter has nothing to count from, so it needs a date first.
    """
    visit = InspectionVisit.objects.get(pk=visit.pk)
    if actor is not None and not is_team_leader(actor, visit):
        raise PermissionDenied(_("The team leader or the deputy leader hands the tasks over to the units."))
    if not visit.is_concluded:
        raise ValidationError(_("Conclude the visit before handing its tasks over to the units."))
    pending = list(Directive.objects.select_for_update().filter(visit=visit, handed_over_at__isnull=True))
    if not pending:
        raise ValidationError(_("Every directive of this visit has already been handed over."))
    undated = [d for d in pending if d.due_on is None and d.due_days is not None]
    if undated:
        raise ValidationError(
            _(
                "A deadline counted from the letter has nothing to count from: give a date to %(texts)s, or issue the letter."
            )
            % {"texts": "; ".join(f"“{d.text[:60]}”" for d in undated)}
        )
    now = timezone.now()
    for directive in pending:
        directive.handed_over_at = now
        directive._history_user = actor
        directive.save(update_fields=["handed_over_at"])
    _announce([d.pk for d in pending])
    return pending


def _announce(directive_ids: list[int]) -> None:
    tasks = RemediationTask.objects.filter(directive_id__in=directive_ids, announced_at__isnull=True)
    tasks_announce(list(tasks.select_related("directive__visit", "unit", "unit__head", "delegate")))


def directives_release(*, directives) -> None:
    """Called when the letter carrying `directives` is withdrawn: a corrected letter may carry them again.

    Their deadlines stay as they were until that letter is issued (a deadline in days is then counted anew).
    """
    for directive in Directive.objects.select_for_update().filter(pk__in=[d.pk for d in directives]):
        if directive.is_locked:
            directive.locked_at = None
            directive._change_reason = "released"
            directive.save(update_fields=["locked_at"])
