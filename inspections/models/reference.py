"""Reform areas: reference data, ordered, kept by administrators and Home Affairs (DOMAIN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Versioned


class ReformAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReformArea(Versioned):
    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Retired areas stay attached to past findings but are offered no more.
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ReformAreaQuerySet.as_manager()
    history = HistoricalRecords()  # renames and retirements reach the audit log

    class Meta:
        verbose_name = _("reform area")
        verbose_name_plural = _("reform areas")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
