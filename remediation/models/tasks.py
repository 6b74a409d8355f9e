"""Remediation tasks: one directive for one unit, its timeline, its evidence and its reminders."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.concurrency import Versioned
from core.models import StoredEvidence

from ..states import LISTING_INDEX, STATUS_STYLE, TaskStatus, is_overdue, overdue_q
from .directives import Directive


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        return self.filter(overdue_q(today))

    def not_overdue(self, today: datetime.date | None = None):
        return self.exclude(overdue_q(today))


class RemediationTask(QuickChoiceLabels, Versioned):
    """One directive for one unit: what that unit owes, by when, and where it stands."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="tasks"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegated_tasks",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The date the accepted report was submitted, for "done on time".
    completed_on = models.DateField(null=True, blank=True)
    # When the unit was told of the task; it is told once.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation task")
        verbose_name_plural = _("remediation tasks")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["directive", "unit"], name="one_task_per_directive_and_unit")]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            # The order of every task list, so a page of a province's tasks is read, not sorted.
            models.Index(*LISTING_INDEX, name="task_listing_order"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.directive}"

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    def overdue_on(self, today: datetime.date) -> bool:
        """`is_overdue` for a list's rows, which share one `today` (the time zone is looked up once)."""
        return is_overdue(self.due_on, self.status, today)

    @property
    def status_style(self) -> str:
        return STATUS_STYLE[self.status]

    @property
    def done_on_time(self) -> bool | None:
        if self.status != TaskStatus.ACCEPTED or not self.completed_on:
            return None
        return self.due_on is None or self.completed_on <= self.due_on


class EventKind(models.TextChoices):
    CREATED = "created", _("assigned")
    PROGRESS = "progress", _("progress note")
    SUBMITTED = "submitted", _("reported done")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")
    COMMENT = "comment", _("comment")
    DELEGATED = "delegated", _("delegated")
    EXTENDED = "extended", _("deadline extended")
    REMINDER = "reminder", _("reminder sent")


class TaskEvent(QuickChoiceLabels, models.Model):
    """The timeline of a task: every step, note, comment and reminder."""

    task = models.ForeignKey(RemediationTask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    note = models.TextField(blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["task", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"


class TaskEvidence(StoredEvidence):
    """A file handed in with a progress note or a report of completion."""

    event = models.ForeignKey(TaskEvent, on_delete=models.CASCADE, related_name="evidence")
    # Who uploaded or deleted which file stays in the history (the audit log reads it).
    history = HistoricalRecords()

    class Meta(StoredEvidence.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class ReminderLog(models.Model):
    """One reminder milestone sent for a task; unique, so running the job twice sends nothing twice."""

    task = models.ForeignKey(RemediationTask, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=40)
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "key"], name="one_reminder_per_milestone")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.key}"
