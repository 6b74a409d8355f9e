"""Remediation: directives drafted from shortcomings, one task per target unit, and its trail."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.concurrency import Versioned

from .evidence import StoredEvidence
from .findings import Finding
from .reference import ReformArea
from .visits import InspectionVisit


class Directive(Versioned):
    """What units must do (kiến nghị, yêu cầu khắc phục); each target unit gets its own task."""

    visit = models.ForeignKey(
        InspectionVisit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="directives"
    )
    text = models.TextField(_("text"))
    area = models.ForeignKey(
        ReformArea, verbose_name=_("reform area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    due_days = models.PositiveIntegerField(
        _("days after the letter is issued"),
        null=True,
        blank=True,
        help_text=_("Instead of a date: the deadline falls this many days after the letter's issue."),
    )
    requires_evidence = models.BooleanField(_("evidence required"), default=False)
    units = models.ManyToManyField("units.Unit", verbose_name=_("target units"), related_name="+")
    findings = models.ManyToManyField(Finding, verbose_name=_("shortcomings"), related_name="directives", blank=True)
    position = models.PositiveIntegerField(default=0)
    # Set when the letter that carries the directive is issued: from then on it is only extended.
    locked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["visit", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class DirectiveExtension(models.Model):
    """A deadline moved after the letter was issued, with the reason."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="extensions")
    old_due_on = models.DateField(null=True)
    new_due_on = models.DateField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_due_on} → {self.new_due_on}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        return self.filter(Q(due_on__lt=today or timezone.localdate()) & ~Q(status=TaskStatus.ACCEPTED))

    def not_overdue(self, today: datetime.date | None = None):
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class RemediationTask(Versioned):
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
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation task")
        verbose_name_plural = _("remediation tasks")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["directive", "unit"], name="one_task_per_directive_and_unit")]
        indexes = [models.Index(fields=["unit", "status", "due_on"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.directive}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on and self.due_on < timezone.localdate() and self.status != TaskStatus.ACCEPTED)

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


class TaskEvent(models.Model):
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

    class Meta(StoredEvidence.Meta):
        pass


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


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    task = models.ForeignKey(RemediationTask, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message
