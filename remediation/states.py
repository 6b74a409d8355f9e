"""A remediation task's life, as data: its statuses, the one transition table, and overdue.

open ──progress──▶ in_progress ──submit──▶ submitted ──accept──▶ accepted
  │                     ▲                      │
  └──────submit─────────┼──────────────────────┤
                        └──progress── returned ◀┘ return (with a reason)

Services check every change against `TRANSITIONS`; pages, templates and the
API ask `actions_open_from` which buttons to offer; nothing else compares
statuses. "Overdue" is defined once, in Python (`is_overdue`) and in SQL
(`overdue_q`) side by side.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "In progress")  # "Đang thực hiện", not the visit's word
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Side(models.TextChoices):
    """Who takes a step: the unit that owes the task, or the team that inspected."""

    UNIT = "unit", _("the unit")
    TEAM = "team", _("the inspection team")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    side: str
    refusal: str  # why the step is not possible from another status
    note_required: str = ""  # the message when the note is missing; empty if the note is optional
    note_field: str = "note"  # the field that carries the note in forms and the API


# Statuses from which the unit may still work on its task.
UNIT_WORKING = frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "progress",
            UNIT_WORKING,
            TaskStatus.IN_PROGRESS,
            Side.UNIT,
            _("The task has been reported done; wait for the inspectors' answer."),
            _("Write a progress note."),
        ),
        Transition(
            "submit",
            UNIT_WORKING,
            TaskStatus.SUBMITTED,
            Side.UNIT,
            _("The task has already been reported done."),
            _("Write what was done."),
        ),
        Transition(
            "accept",
            frozenset({TaskStatus.SUBMITTED}),
            TaskStatus.ACCEPTED,
            Side.TEAM,
            _("Only a task reported done can be accepted."),
        ),
        Transition(
            "return",
            frozenset({TaskStatus.SUBMITTED}),
            TaskStatus.RETURNED,
            Side.TEAM,
            _("Only a task reported done can be returned."),
            _("Say why the task is returned."),
            note_field="reason",
        ),
    ]
}


def transition(action: str, status: str, note: str = "") -> Transition:
    """The transition `action` from `status`, checked: ValidationError if not allowed or the note is missing."""
    step = TRANSITIONS[action]
    if status not in step.sources:
        raise ValidationError(str(step.refusal))
    if step.note_required and not (note or "").strip():
        raise ValidationError({step.note_field: str(step.note_required)})
    return step


def actions_open_from(status: str, sides: set[str]) -> list[str]:
    """The actions that the given sides may take on a task in `status`, in the table's order."""
    return [t.action for t in TRANSITIONS.values() if t.side in sides and status in t.sources]


# A task that is accepted owes nothing more; any other task past its deadline is overdue.
DONE = frozenset({TaskStatus.ACCEPTED})


def is_overdue(due_on: datetime.date | None, status: str, today: datetime.date | None = None) -> bool:
    return bool(due_on and due_on < (today or timezone.localdate()) and status not in DONE)


def done_expression() -> ExpressionWrapper:
    """True for a task that owes nothing more: the first key of every task list (see `LISTING_ORDER`)."""
    return ExpressionWrapper(Q(status__in=sorted(DONE)), output_field=BooleanField())


# Overdue first, then by deadline, those without one after, done ones last: an overdue deadline is
# earlier than any coming one, so ordering by (done, deadline) is that order, and an index serves it
# (`LISTING_INDEX`; on PostgreSQL an ascending index already puts NULLs last).
LISTING_ORDER = (done_expression(), F("due_on").asc(nulls_last=True), F("id"))
LISTING_INDEX = (done_expression(), F("due_on"), F("id"))


def overdue_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The same rule as `is_overdue`, for the database (`prefix` for a related task, e.g. "tasks__")."""
    return Q(**{f"{prefix}due_on__lt": today or timezone.localdate()}) & ~Q(**{f"{prefix}status__in": DONE})


# The colour of each status's badge (Bootstrap's names), so templates never compare statuses.
STATUS_STYLE = {
    TaskStatus.OPEN: "secondary",
    TaskStatus.IN_PROGRESS: "info",
    TaskStatus.SUBMITTED: "primary",
    TaskStatus.ACCEPTED: "success",
    TaskStatus.RETURNED: "warning",
}
