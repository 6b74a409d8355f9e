"""Numbering series an issuer keeps apart (Điều 15.1.c): which document kinds each one numbers.

Kinds are `DocumentKind` values chosen from a list, never typed: a kind that matches nothing
would leave its documents silently in the shared series. A kind belongs to one series of an
issuer at most, the shared series' name is reserved, and a series that has given numbers keeps
its name (its counters are kept under it) and is not deleted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import claim_version
from core.text import nfc
from units.models import Unit, User
from units.selectors import keeps_reference_data, units_visible_to

from .models import NUMBERED, Document, DocumentKind, NumberCounter, NumberingSeries
from .numbering import SHARED_SERIES


def may_manage_series(user: User) -> bool:
    return keeps_reference_data(user)


def _require(actor: User, issuer: Unit) -> None:
    if not may_manage_series(actor) or not units_visible_to(actor).filter(pk=issuer.pk).exists():
        raise PermissionDenied(_("Only administrators and Home Affairs staff manage the numbering series."))


def check_series(*, issuer: Unit, name: str, kinds: list[str], series: NumberingSeries | None = None) -> dict:
    """The cleaned values, or a ValidationError naming the field at fault (the portal's pages and the admin)."""
    name = nfc(name.strip())
    if not name:
        raise ValidationError({"name": _("Name the series, e.g. QĐ.")})
    if name.lower() == SHARED_SERIES:
        raise ValidationError({"name": _("“%(name)s” is the shared series' name.") % {"name": SHARED_SERIES}})
    unknown = [kind for kind in kinds if kind not in DocumentKind.values]
    if unknown:
        raise ValidationError({"kinds": _("Unknown document kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)}})
    if not kinds:
        raise ValidationError({"kinds": _("Tick at least one kind of document.")})
    others = NumberingSeries.objects.filter(issuer=issuer).exclude(pk=series.pk if series else None)
    for other in others:
        if other.name.lower() == name.lower():
            raise ValidationError({"name": _("%(issuer)s already has a series %(name)s.") % {
                "issuer": issuer.name, "name": other.name}})  # fmt: skip
        taken = [DocumentKind(kind).label for kind in kinds if kind in (other.kinds or [])]
        if taken:
            raise ValidationError({"kinds": _("Already numbered in the series %(name)s: %(kinds)s.") % {
                "name": other.name, "kinds": ", ".join(map(str, taken))}})  # fmt: skip
    if series is not None and series.name != name and series_has_numbers(series):
        raise ValidationError({"name": _("Numbers were given in this series: its name stays, or they would restart.")})
    moved = set(kinds) ^ set(series.kinds or []) if series is not None else set(kinds)
    _refuse_moving_numbered_kinds(issuer, moved)
    return {"name": name, "kinds": [kind for kind in DocumentKind.values if kind in kinds]}


def _refuse_moving_numbered_kinds(issuer: Unit, moved: set[str]) -> None:
    """A kind numbered this year stays in its series until 1 January: moved, its next number would
    restart in the other series and repeat one already given (02/QĐ-… twice)."""
    year = timezone.localdate().year
    numbered = set(
        Document.objects.filter(issuer=issuer, kind__in=moved, year=year, status__in=NUMBERED)
        .values_list("kind", flat=True)
        .distinct()
    )
    if numbered:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in DocumentKind.values if kind in numbered)
        raise ValidationError({"kinds": _(
            "Already numbered in %(year)s: %(kinds)s. Moving them to another series would repeat numbers; "
            "make the change from 1 January.") % {"year": year, "kinds": labels}})  # fmt: skip


def series_has_numbers(series: NumberingSeries) -> bool:
    return NumberCounter.objects.filter(issuer_id=series.issuer_id, series=series.name, last__gt=0).exists()


@transaction.atomic
def series_create(*, actor: User, issuer: Unit, name: str, kinds: list[str]) -> NumberingSeries:
    _require(actor, issuer)
    series = NumberingSeries(issuer=issuer, **check_series(issuer=issuer, name=name, kinds=kinds))
    series._history_user = actor
    series.save()
    return series


@transaction.atomic
def series_update(*, actor: User, series: NumberingSeries, name: str, kinds: list[str], version) -> NumberingSeries:
    _require(actor, series.issuer)
    values = check_series(issuer=series.issuer, name=name, kinds=kinds, series=series)
    claim_version(series, version)
    series.name, series.kinds = values["name"], values["kinds"]
    series._history_user = actor
    series.save(update_fields=["name", "kinds", "version"])
    return series


@transaction.atomic
def series_delete(*, actor: User, series: NumberingSeries, version) -> None:
    _require(actor, series.issuer)
    if series_has_numbers(series):
        raise ValidationError(_("Numbers were given in this series; it stays so that its register reads right."))
    claim_version(series, version)
    series._history_user = actor
    series.delete()
