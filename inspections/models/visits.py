"""Inspection visits: one unit, one date, one team."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.concurrency import Versioned

from .plans import InspectionPlan, InspectionTeam


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


# The colour of a visit's status badge, wherever it is drawn.
STATUS_STYLE = {VisitStatus.PLANNED: "secondary", VisitStatus.IN_PROGRESS: "warning", VisitStatus.CONCLUDED: "success"}


class InspectionVisit(QuickChoiceLabels, Versioned):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="visits")
    team = models.ForeignKey(InspectionTeam, verbose_name=_("team"), on_delete=models.PROTECT, related_name="visits")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    scheduled_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    unit_summary = models.TextField(_("the unit's summary of its results"), blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["scheduled_on", "pk"]
        indexes = [models.Index(fields=["unit", "scheduled_on"]), models.Index(fields=["status", "scheduled_on"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.scheduled_on:%d/%m/%Y}"

    @property
    def is_concluded(self) -> bool:
        return self.status == VisitStatus.CONCLUDED

    @property
    def status_style(self) -> str:
        return STATUS_STYLE.get(self.status, "success")

    def unit_name(self) -> str:
        """The unit as it was named on the day of the visit."""
        return self.unit.name_on(self.scheduled_on)


class VisitAttendee(models.Model):
    """Someone who received the team on the unit's side, e.g. ông Lâm Văn Tân, Giám đốc Sở KH&CN."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="attendees")
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("job title"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}" if self.title else self.full_name


class VisitEvent(QuickChoiceLabels, models.Model):
    """A change of a visit's status (start, conclude, reopen) with who, when and why."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=VisitStatus.choices)
    to_status = models.CharField(max_length=20, choices=VisitStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
