"""Reorganisations recorded ahead of their date, applied by the daily job when the day comes.

`reorganise` is what the registry pages call: a change dated today or earlier happens now
through `units.services`; a later one is checked now (run in a transaction that is rolled
back) and stored as a `ScheduledReorganisation`. `apply_due` runs the stored ones whose day
has come, each in its own transaction, and records why one could not be applied (a unit
since merged, a code since taken) instead of guessing.
"""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from . import services
from .models import Reorganisation, ReorganisationKind, ScheduledReorganisation, ScheduledStatus, Unit, User

log = logging.getLogger(__name__)

ACTIONS = {
    ReorganisationKind.RENAME: services.unit_rename,
    ReorganisationKind.MOVE: services.unit_move,
    ReorganisationKind.MERGE: services.units_merge,
    ReorganisationKind.SPLIT: services.unit_split,
    ReorganisationKind.DISSOLVE: services.unit_dissolve,
}


class _RollBack(Exception):
    pass


def reorganise(*, actor: User | None, kind: str, effective_on: datetime.date, **arguments):
    """Apply the change now if its date has come, otherwise schedule it. Returns the
    `Reorganisation` made or the `ScheduledReorganisation` stored."""
    if effective_on <= timezone.localdate():
        return ACTIONS[kind](actor=actor, effective_on=effective_on, **arguments)
    return schedule(actor=actor, kind=kind, effective_on=effective_on, **arguments)


def schedule(*, actor: User | None, kind: str, effective_on: datetime.date, **arguments) -> ScheduledReorganisation:
    services.require_admin(actor)
    _try(actor=actor, kind=kind, effective_on=effective_on, arguments=arguments)
    involved = _units_in(arguments)
    with transaction.atomic():
        scheduled = ScheduledReorganisation.objects.create(
            kind=kind,
            effective_on=effective_on,
            arguments=_encode(arguments),
            summary=describe(kind, arguments)[:1000],
            decision=arguments.get("decision", ""),
            note=arguments.get("note", ""),
            created_by=actor,
        )
        scheduled.units.set(involved)
    return scheduled


def _try(*, actor, kind, effective_on, arguments) -> None:
    """Run the change against today's registry and undo it: raises what it would raise on its day."""
    token = services.future_dates_allowed.set(True)
    try:
        with transaction.atomic():
            # Fresh copies: the trial changes the units it is given, in memory too.
            ACTIONS[kind](actor=actor, effective_on=effective_on, **_decode(_encode(arguments)))
            raise _RollBack
    except _RollBack:
        pass
    finally:
        services.future_dates_allowed.reset(token)


@transaction.atomic
def cancel(*, actor: User | None, scheduled: ScheduledReorganisation) -> ScheduledReorganisation:
    services.require_admin(actor)
    scheduled = ScheduledReorganisation.objects.select_for_update().get(pk=scheduled.pk)
    if scheduled.status not in (ScheduledStatus.PENDING, ScheduledStatus.FAILED):
        raise ValidationError(_("This reorganisation was already applied or cancelled."))
    scheduled.status = ScheduledStatus.CANCELLED
    scheduled.settled_at = timezone.now()
    scheduled.save(update_fields=["status", "settled_at"])
    return scheduled


def due(today: datetime.date | None = None):
    return ScheduledReorganisation.objects.filter(
        status=ScheduledStatus.PENDING, effective_on__lte=today or timezone.localdate()
    )


def apply_due(today: datetime.date | None = None) -> dict[str, int]:
    """Apply every scheduled reorganisation whose date has come, oldest first. Safe to run twice at once."""
    counts = {"applied": 0, "failed": 0}
    for pk in list(due(today).order_by("effective_on", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            locked = ScheduledReorganisation.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if locked is None:
                # Another run is applying this one: it applies the later ones too, in order, after it.
                break
            scheduled = locked
            if scheduled.status != ScheduledStatus.PENDING:  # cancelled meanwhile
                continue
            try:
                with transaction.atomic(), _in_the_name_of(scheduled.created_by):
                    reorganisation = ACTIONS[scheduled.kind](
                        actor=None, effective_on=scheduled.effective_on, **_decode(scheduled.arguments)
                    )
            except Exception as error:  # one that cannot apply must not hold back the others
                scheduled.status = ScheduledStatus.FAILED
                scheduled.failure = _failure_text(error)
                counts["failed"] += 1
                log.warning("scheduled reorganisation %s not applied: %r", scheduled.pk, error)
            else:
                Reorganisation.objects.filter(pk=reorganisation.pk).update(created_by=scheduled.created_by)
                scheduled.status = ScheduledStatus.APPLIED
                scheduled.reorganisation = reorganisation
                counts["applied"] += 1
            scheduled.settled_at = timezone.now()
            scheduled.save(update_fields=["status", "failure", "reorganisation", "settled_at"])
    return counts


@contextmanager
def _in_the_name_of(user: User | None):
    """The history (and so the audit log) names who recorded the change, as a request would.

    django-simple-history reads the user from `HistoricalRecords.context.request`, which its
    middleware sets for a request; the daily job has none, so it stands one in.
    """
    had = hasattr(HistoricalRecords.context, "request")
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user, META={})
    try:
        yield
    finally:
        if had:
            HistoricalRecords.context.request = previous
        else:
            del HistoricalRecords.context.request


def _failure_text(error: Exception) -> str:
    if isinstance(error, ValidationError | PermissionDenied):
        return " ".join(getattr(error, "messages", [str(error)]))
    if isinstance(error, Unit.DoesNotExist):
        return _("A unit of this change is no longer in the registry.")
    return _("The change could not be applied (%(error)s); record it again.") % {"error": type(error).__name__}


def scheduled_for(unit: Unit) -> list[ScheduledReorganisation]:
    """What is waiting for its date (or failed on it) for this unit, for its page."""
    return list(
        unit.scheduled_reorganisations.filter(status__in=[ScheduledStatus.PENDING, ScheduledStatus.FAILED])
        .select_related("created_by")
        .order_by("effective_on", "pk")
    )


def describe(kind: str, arguments: dict) -> str:
    """One line a person reads on the unit's page: what will change."""
    if kind == ReorganisationKind.RENAME:
        return _("%(old)s will be named %(new)s") % {"old": arguments["unit"].name, "new": arguments["name"]}
    if kind == ReorganisationKind.MOVE:
        return _("%(unit)s will move under %(parent)s") % {
            "unit": arguments["unit"].name,
            "parent": arguments["new_parent"].name,
        }
    if kind == ReorganisationKind.MERGE:
        into = arguments.get("into")
        target = into.name if into is not None else arguments["new_unit"]["name"]
        names = ", ".join(unit.name for unit in arguments["units"] if into is None or unit.pk != into.pk)
        return _("%(units)s will merge into %(target)s") % {"units": names, "target": target}
    if kind == ReorganisationKind.SPLIT:
        parts = ", ".join(part["name"] for part in arguments["parts"])
        return _("%(unit)s will split into %(parts)s") % {"unit": arguments["unit"].name, "parts": parts}
    return _("%(unit)s will be dissolved") % {"unit": arguments["unit"].name}


def _units_in(value) -> list[Unit]:
    if isinstance(value, Unit):
        return [value]
    if isinstance(value, dict):
        return [unit for item in value.values() for unit in _units_in(item)]
    if isinstance(value, list | tuple):
        return [unit for item in value for unit in _units_in(item)]
    return []


def _encode(value):
    if isinstance(value, Unit):
        return {"unit_id": value.pk}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"unit_id"}:
            return Unit.objects.get(pk=value["unit_id"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value
