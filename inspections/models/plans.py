"""Inspection plans and their teams."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels

from .reference import ReformArea


class PlanKind(models.TextChoices):
    PROVINCE = "province", _("Province-wide inspection")
    SELF = "self", _("Self-inspection of a department")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


# The colour of a plan's status badge.
STATUS_STYLE = {PlanStatus.DRAFT: "secondary", PlanStatus.ISSUED: "primary", PlanStatus.CLOSED: "dark"}


class InspectionPlan(QuickChoiceLabels):
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.PROVINCE)
    issuer = models.ForeignKey("units.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(_("scope and content"), blank=True)
    areas = models.ManyToManyField(ReformArea, verbose_name=_("reform areas"), related_name="plans")
    number = models.CharField(_("number and symbol"), max_length=50, blank=True, help_text=_("e.g. 09/KH-SKHCN"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Set when the plan document was issued in the portal: number, date and status then come from it.
    numbered_by_portal = models.BooleanField(default=False, editable=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status_style(self) -> str:
        return STATUS_STYLE.get(self.status, "dark")

    @property
    def reference(self) -> str:
        """`Kế hoạch số 09/KH-SKHCN ngày 23/02/2021`, or the title while unnumbered."""
        if not self.number:
            return self.title
        text = gettext("Plan no. %(number)s") % {"number": self.number}
        if self.issued_on:
            text += " " + gettext("of %(date)s") % {"date": self.issued_on.strftime("%d/%m/%Y")}
        return text


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy team leader")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class InspectionTeam(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=255, default="Đoàn kiểm tra")

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TeamMember(QuickChoiceLabels, models.Model):
    """A member of a team: a portal user, or an outside person recorded by name."""

    team = models.ForeignKey(InspectionTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="team_memberships"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    agency = models.CharField(_("agency represented"), max_length=255, blank=True)
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    position = models.PositiveIntegerField(default=0)

    # Who joined or left which team, and when (the audit log reads it).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], name="unique_user_per_team", condition=models.Q(user__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def is_leader(self) -> bool:
        return self.role == TeamRole.LEADER
