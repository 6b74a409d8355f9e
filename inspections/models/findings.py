"""Findings: what a visit found, per reform area, with indicators and evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.concurrency import Versioned
from core.models import StoredEvidence
from core.text import fold

from .reference import ReformArea
from .visits import InspectionVisit


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Result achieved")
    SHORTCOMING = "shortcoming", _("Shortcoming")


class Finding(QuickChoiceLabels, Versioned):
    visit = models.ForeignKey(
        InspectionVisit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="findings"
    )
    area = models.ForeignKey(
        ReformArea, verbose_name=_("reform area"), on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(default=0)
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("repeats an earlier shortcoming"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeated_by",
    )
    # Folded text (no diacritics, lower case), for search on any database.
    search_text = models.TextField(editable=False, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The browser's key for one typed entry: the same draft sent twice (a double click, a reload during
    # the save, a retry when the network is back) is stored once.
    entry_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "entry_token"])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["area__position", "kind", "position", "pk"]
        indexes = [models.Index(fields=["visit", "area", "kind", "position"])]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "entry_token"], condition=~models.Q(entry_token=""), name="one_finding_per_entry"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.search_text = fold(self.text)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Indicator(models.Model):
    """A measured number: `dịch vụ công trực tuyến mức độ 4 = 20`, `tỷ lệ văn bản điện tử = 98 %`."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=255)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit of measure"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        value = f"{self.value.normalize():f}"
        return f"{self.name} = {value} {self.unit}".strip()


class FindingEvidence(StoredEvidence):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    # Who uploaded or deleted which file stays in the history (the audit log reads it).
    history = HistoricalRecords()

    class Meta(StoredEvidence.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
