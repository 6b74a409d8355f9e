"""Directives: what units must do after a visit (kiến nghị, yêu cầu khắc phục), and their extensions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.concurrency import Versioned
from core.text import fold
from inspections.models import Finding, InspectionVisit, ReformArea


class Directive(QuickChoiceLabels, Versioned):
    """What units must do; each target unit gets its own task."""

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
    # When its units met their tasks: the letter carrying it was issued, or the team handed it over.
    # Until then the directive is the team's draft and its units neither see nor hear of it.
    handed_over_at = models.DateTimeField(_("handed over to the units"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The text folded (no diacritics, lower case), kept on save: the directive and task lists search it
    # without folding 20,000 texts on every query.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["visit", "position", "pk"]
        indexes = [models.Index(fields=["visit", "position", "id"], name="directive_order")]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.search_text = fold(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_at is not None


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
