"""A visit's life: planned → in progress → concluded, and reopened with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from ..models import InspectionVisit, VisitEvent, VisitStatus
from ..selectors import is_team_leader, is_team_member
from ..signals import visit_concluded


def require_recorder(actor: User | None, visit: InspectionVisit) -> None:
    """Only members of the visit's team record in it, and only until it is concluded."""
    if actor is not None and not is_team_member(actor, visit):
        raise PermissionDenied(_("Only members of the inspection team may record in this visit."))
    if visit.is_concluded:
        raise ValidationError(_("The visit is concluded: its findings are locked. The team leader may reopen it."))


def require_leader(actor: User | None, visit: InspectionVisit) -> None:
    if actor is not None and not is_team_leader(actor, visit):
        raise PermissionDenied(_("Only the team leader or the deputy leader may conclude or reopen the visit."))


def move_status(visit: InspectionVisit, to_status: str, actor: User | None, reason: str = "") -> InspectionVisit:
    VisitEvent.objects.create(visit=visit, from_status=visit.status, to_status=to_status, reason=reason, actor=actor)
    visit.status = to_status
    if to_status == VisitStatus.CONCLUDED:
        visit.concluded_at, visit.concluded_by = timezone.now(), actor
    visit._change_reason = reason or to_status
    visit._history_user = actor
    visit.save()
    return visit


def _locked(visit: InspectionVisit) -> InspectionVisit:
    # Re-read the row under a lock: status changes must not race each other.
    return InspectionVisit.objects.select_for_update().select_related("plan", "team", "unit").get(pk=visit.pk)


@transaction.atomic
def visit_start(*, actor: User | None, visit: InspectionVisit) -> InspectionVisit:
    """Mark a planned visit as under way (also done by recording its first finding)."""
    visit = _locked(visit)
    require_recorder(actor, visit)
    if visit.status == VisitStatus.PLANNED:
        move_status(visit, VisitStatus.IN_PROGRESS, actor)
    return visit


@transaction.atomic
def visit_update_summary(*, actor: User | None, visit: InspectionVisit, unit_summary: str) -> InspectionVisit:
    visit = _locked(visit)
    require_recorder(actor, visit)
    visit.unit_summary = unit_summary
    visit.save(update_fields=["unit_summary"])
    return visit


@transaction.atomic
def visit_conclude(*, actor: User | None, visit: InspectionVisit) -> InspectionVisit:
    """The team leader concludes the visit; from then on its findings are locked."""
    visit = _locked(visit)
    require_leader(actor, visit)
    if visit.is_concluded:
        raise ValidationError(_("The visit is already concluded."))
    move_status(visit, VisitStatus.CONCLUDED, actor)
    # Apps above this one act on it (remediation tells units of their tasks).
    visit_concluded.send(sender=InspectionVisit, visit=visit, actor=actor)
    return visit


@transaction.atomic
def visit_reopen(*, actor: User | None, visit: InspectionVisit, reason: str) -> InspectionVisit:
    """The team leader reopens a concluded visit, giving a reason that is recorded."""
    visit = _locked(visit)
    require_leader(actor, visit)
    if not visit.is_concluded:
        raise ValidationError(_("Only a concluded visit can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the visit.")})
    return move_status(visit, VisitStatus.IN_PROGRESS, actor, reason.strip())
