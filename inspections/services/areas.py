"""The reform areas (DOMAIN.md §3), shared by every province: added, renamed, reordered or retired, never deleted.

A retired area stays on the findings, plans and letters that name it and is offered no more.
Its code is what the API and the exports name it by, so it is chosen once and kept.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.concurrency import claim_version
from core.text import nfc
from units.models import User

from ..models import ReformArea

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")


def may_manage_areas(user: User) -> bool:
    # The areas are shared by every province on the portal: its administrators keep them.
    return user.is_authenticated and user.is_active and user.is_administrator


def _require(actor: User) -> None:
    if not may_manage_areas(actor):
        raise PermissionDenied(_("Only administrators keep the reform areas (every province shares them)."))


def _clean_name(name: str, exclude=None) -> str:
    name = nfc(name.strip())
    if not name:
        raise ValidationError({"name": _("Name the reform area.")})
    # Compared in Python: SQLite folds the case of ASCII letters only.
    if any(
        other.casefold() == name.casefold()
        for other in ReformArea.objects.exclude(pk=exclude).values_list("name", flat=True)
    ):
        raise ValidationError({"name": _("Another reform area already has this name.")})
    return name


@transaction.atomic
def area_create(*, actor: User, code: str, name: str, position: int | None = None) -> ReformArea:
    _require(actor)
    code = code.strip().upper()
    if not CODE.match(code):
        raise ValidationError({"code": _("Write the code in capital letters, digits and _ (e.g. DIGITAL_GOV).")})
    if ReformArea.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already used.") % {"code": code}})
    if position is None:
        last = ReformArea.objects.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    area = ReformArea(code=code, name=_clean_name(name), position=position)
    area._history_user = actor
    area.save()
    return area


@transaction.atomic
def area_update(*, actor: User, area: ReformArea, name: str, position: int, is_active: bool, version) -> ReformArea:
    _require(actor)
    name = _clean_name(name, exclude=area.pk)
    if not is_active and area.is_active and ReformArea.objects.active().exclude(pk=area.pk).count() == 0:
        raise ValidationError({"is_active": _("At least one reform area stays in use.")})
    claim_version(area, version)
    area.name, area.position, area.is_active = name, position, is_active
    area._history_user = actor
    area.save(update_fields=["name", "position", "is_active", "version"])
    return area
