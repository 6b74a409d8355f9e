"""The organisation registry: units, their dated names and their reorganisations.

A `Unit` row holds the unit's *current* name, code, parent and place; every
value it ever had lives in `UnitVersion` rows with validity dates, so a visit
or letter from 2021 still shows the unit as it was named in 2021. A
`Reorganisation` records a rename, move, merge or split with its date and its
predecessor and successor units.
"""

import datetime
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.text import fold


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    SUB_DEPARTMENT = "sub_department", _("Sub-department")
    CENTRE = "centre", _("Centre")


def within_paths_q(paths, prefix: str = "") -> Q:
    """Rows whose unit (`prefix` + "path", e.g. "visit__unit__") lies in one of the subtrees `paths`.

    A few indexed prefix matches, on SQLite and PostgreSQL alike.
    """
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(valid_to__isnull=True)

    def inactive(self):
        return self.filter(valid_to__isnull=False)

    def within(self, *paths: str):
        """Units whose tree path starts with any of `paths` (subtrees)."""
        return self.filter(within_paths_q(paths))

    def search(self, query: str):
        """Match every word of `query` against the folded name, short name and code."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Unit(QuickChoiceLabels, models.Model):
    name = models.CharField(_("official name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Abbreviation used in document numbers, e.g. SKHCN or TTr."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("Printed before the date on letters.")
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty while the unit exists."))
    # Materialised tree path ("/1/7/12/"): subtree queries are one indexed
    # prefix match. Maintained only by units.services.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # Folded name + short name + code, for search without diacritics on any database.
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["path", "search_text"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "code"],
                condition=Q(valid_to__isnull=True),
                name="unique_active_code_per_parent",
                violation_error_message=_("Another active unit under the same parent already uses this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join(filter(None, [self.name, self.short_name, self.code])))

    def version_on(self, date: datetime.date) -> "UnitVersion | None":
        """The unit as it was on `date` (its first version for earlier dates)."""
        return pick_version(list(self.versions.all()), date)

    def name_on(self, date: datetime.date) -> str:
        version = self.version_on(date)
        return version.name if version else self.name


class UnitVersion(models.Model):
    """One period during which a unit had a given name, code, parent and place."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("official name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=30)
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place_name = models.CharField(_("place name"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    reorganisation = models.ForeignKey(
        "Reorganisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )

    class Meta:
        verbose_name = _("unit version")
        verbose_name_plural = _("unit versions")
        ordering = ["unit", "valid_from", "pk"]
        indexes = [models.Index(fields=["unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    def covers(self, date: datetime.date) -> bool:
        return covers(self.valid_from, self.valid_to, date)


def covers(valid_from: datetime.date, valid_to: datetime.date | None, date: datetime.date) -> bool:
    """Whether a version valid from `valid_from` until (not including) `valid_to` was the one on `date`."""
    return valid_from <= date and (valid_to is None or date < valid_to)


class VersionName(NamedTuple):
    """A version as lists name a unit by it (`units.selectors.unit_versions_for`): no model object per row."""

    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None

    def covers(self, date: datetime.date) -> bool:
        return covers(self.valid_from, self.valid_to, date)


class ReorganisationKind(models.TextChoices):
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move to another parent")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolution")


class Reorganisation(models.Model):
    """A dated change to the organisation: who came before, who comes after."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReorganisationKind.choices)
    effective_on = models.DateField(_("effective date"))
    decision = models.CharField(
        _("decision"), max_length=255, blank=True, help_text=_("Number and date of the decision, if any.")
    )
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(Unit, related_name="reorganisations_out", verbose_name=_("predecessors"))
    successors = models.ManyToManyField(Unit, related_name="reorganisations_in", verbose_name=_("successors"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


Version = TypeVar("Version", UnitVersion, VersionName)


def pick_version(versions: list[Version], date: datetime.date) -> Version | None:
    """Of one unit's versions (oldest first), the one valid on `date`; the first for earlier dates."""
    for version in versions:
        if version.covers(date):
            return version
    return versions[0] if versions else None


class ScheduledStatus(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Could not be applied")
    CANCELLED = "cancelled", _("Cancelled")


class ScheduledReorganisation(models.Model):
    """A reorganisation decided ahead of its effective date; `units.scheduling` applies it on that day.

    `arguments` are those of the `units.services` function for `kind`, units written as their ids.
    It was checked against the registry when recorded and is checked again when applied.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReorganisationKind.choices)
    effective_on = models.DateField(_("effective date"), db_index=True)
    arguments = models.JSONField(default=dict)
    summary = models.CharField(_("change"), max_length=1000)
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    units = models.ManyToManyField(Unit, related_name="scheduled_reorganisations", verbose_name=_("units"))
    status = models.CharField(
        _("status"), max_length=20, choices=ScheduledStatus.choices, default=ScheduledStatus.PENDING
    )
    failure = models.TextField(_("why it could not be applied"), blank=True)
    reorganisation = models.OneToOneField(
        Reorganisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="scheduled"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled reorganisation")
        verbose_name_plural = _("scheduled reorganisations")
        ordering = ["effective_on", "pk"]
        indexes = [models.Index(fields=["status", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}: {self.summary}"
