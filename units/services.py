"""Writes to the organisation registry. Every change to a unit goes through here.

Each function checks that the actor may make the change, validates it (raising
`ValidationError` with messages a person can act on), runs atomically and keeps
the dated `UnitVersion` history and `Reorganisation` records consistent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Reorganisation, ReorganisationKind, Unit, UnitKind, UnitVersion, User


def require_admin(actor: User | None) -> None:
    # actor=None is the system itself (migrations, load_demo, imports from the shell).
    if actor is not None and not actor.is_administrator:
        raise PermissionDenied(_("Only an administrator may change the organisation registry."))


def _require_active(unit: Unit, field: str = "unit") -> None:
    if not unit.is_active:
        raise ValidationError({field: _("%(name)s no longer exists.") % {"name": unit.name}})


# Set by units.scheduling while it checks a change recorded ahead of its date (in a rolled-back transaction).
future_dates_allowed: ContextVar[bool] = ContextVar("future_dates_allowed", default=False)


def _check_date(unit: Unit, effective_on: datetime.date) -> None:
    if effective_on > timezone.localdate() and not future_dates_allowed.get():
        raise ValidationError({"effective_on": _("The effective date cannot be in the future.")})
    current = unit.versions.filter(valid_to__isnull=True).first()
    if current and effective_on <= current.valid_from:
        raise ValidationError(
            {
                "effective_on": _(
                    "The effective date must be after %(date)s, when the current details of %(name)s took effect."
                )
                % {"date": current.valid_from.strftime("%d/%m/%Y"), "name": unit.name}
            }
        )


def _check_placement(*, kind: str, parent: Unit | None, unit: Unit | None = None) -> None:
    if kind == UnitKind.PROVINCE:
        if parent is not None:
            raise ValidationError({"parent": _("A provincial People's Committee has no parent unit.")})
        return
    if parent is None:
        raise ValidationError({"parent": _("Choose the parent unit.")})
    _require_active(parent, "parent")
    if unit is not None and unit.pk and parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its own subunits.")})


def _check_code_free(*, code: str, parent: Unit | None, exclude: Iterable[int] = ()) -> None:
    if not code.strip():
        raise ValidationError({"code": _("Enter the code used in document numbers.")})
    # Compared in Python: SQLite folds the case of ASCII letters only, and codes use Đ.
    siblings = Unit.objects.active().filter(parent=parent).exclude(pk__in=list(exclude)).only("name", "code")
    clash = next((unit for unit in siblings if unit.code.lower() == code.strip().lower()), None)
    if clash is not None:
        raise ValidationError(
            {"code": _("The code %(code)s is already used by %(name)s.") % {"code": code, "name": clash.name}}
        )


def _open_version(unit: Unit, valid_from: datetime.date, reorganisation: Reorganisation | None) -> UnitVersion:
    return UnitVersion.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        code=unit.code,
        parent=unit.parent,
        place_name=unit.place_name,
        valid_from=valid_from,
        reorganisation=reorganisation,
    )


def _close_version(unit: Unit, on: datetime.date) -> None:
    unit.versions.filter(valid_to__isnull=True).update(valid_to=on)


def _set_path(unit: Unit) -> None:
    """Recompute the tree path of `unit` and of its whole subtree."""
    old = unit.path
    new = f"{unit.parent.path if unit.parent_id else '/'}{unit.pk}/"
    if old == new:
        return
    unit.path = new
    Unit.objects.filter(pk=unit.pk).update(path=new)
    if old:
        moved = list(Unit.objects.filter(path__startswith=old).exclude(pk=unit.pk))
        for descendant in moved:
            descendant.path = new + descendant.path[len(old) :]
        Unit.objects.bulk_update(moved, ["path"])


def _change_version(unit: Unit, on: datetime.date, reorganisation: Reorganisation, **changes) -> None:
    """End the unit's current version on `on` and start one with `changes` applied."""
    _close_version(unit, on)
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.refresh_search_text()
    unit.save()
    _set_path(unit)
    _open_version(unit, on, reorganisation)


def _new_reorganisation(*, kind, effective_on, decision, note, actor, predecessors, successors) -> Reorganisation:
    reorganisation = Reorganisation.objects.create(
        kind=kind, effective_on=effective_on, decision=decision, note=note, created_by=actor
    )
    reorganisation.predecessors.set(predecessors)
    reorganisation.successors.set(successors)
    return reorganisation


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    place_name: str = "",
    valid_from: datetime.date | None = None,
    head: User | None = None,
    reorganisation: Reorganisation | None = None,
) -> Unit:
    """Create a unit with its first version. Place name defaults to the parent's."""
    require_admin(actor)
    if not name.strip():
        raise ValidationError({"name": _("Enter the official name.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Unknown kind of unit.")})
    _check_placement(kind=kind, parent=parent)
    _check_code_free(code=code, parent=parent)
    unit = Unit(
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        kind=kind,
        parent=parent,
        place_name=(place_name or (parent.place_name if parent else "")).strip(),
        valid_from=valid_from or timezone.localdate(),
        head=head,
    )
    unit.refresh_search_text()
    unit.save()
    _set_path(unit)
    _open_version(unit, unit.valid_from, reorganisation)
    return unit


@transaction.atomic
def unit_set_head(*, actor: User | None, unit: Unit, head: User | None) -> Unit:
    require_admin(actor)
    if head is not None and head.unit_id != unit.pk:
        raise ValidationError({"head": _("The head must be a member of the unit.")})
    unit.head = head
    unit.save(update_fields=["head"])
    return unit


@transaction.atomic
def unit_rename(
    *,
    actor: User | None,
    unit: Unit,
    effective_on: datetime.date,
    name: str,
    short_name: str | None = None,
    code: str | None = None,
    place_name: str | None = None,
    decision: str = "",
    note: str = "",
) -> Reorganisation:
    """Give a unit a new name (and optionally short name, code, place) from a date.

    Records before that date keep showing the old name.
    """
    require_admin(actor)
    _require_active(unit)
    _check_date(unit, effective_on)
    changes = {
        "name": name.strip(),
        "short_name": unit.short_name if short_name is None else short_name.strip(),
        "code": unit.code if code is None else code.strip(),
        "place_name": unit.place_name if place_name is None else place_name.strip(),
    }
    if not changes["name"]:
        raise ValidationError({"name": _("Enter the official name.")})
    if all(getattr(unit, field) == value for field, value in changes.items()):
        raise ValidationError(_("Nothing changes: the new details are the same as the current ones."))
    if changes["code"].lower() != unit.code.lower():
        _check_code_free(code=changes["code"], parent=unit.parent, exclude=[unit.pk])
    reorganisation = _new_reorganisation(
        kind=ReorganisationKind.RENAME,
        effective_on=effective_on,
        decision=decision,
        note=note,
        actor=actor,
        predecessors=[unit],
        successors=[unit],
    )
    _change_version(unit, effective_on, reorganisation, **changes)
    return reorganisation


@transaction.atomic
def unit_move(
    *,
    actor: User | None,
    unit: Unit,
    new_parent: Unit,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
) -> Reorganisation:
    """Place a unit (with its subtree) under another parent from a date."""
    require_admin(actor)
    _require_active(unit)
    _check_date(unit, effective_on)
    if new_parent.pk == unit.parent_id:
        raise ValidationError({"parent": _("The unit is already under %(name)s.") % {"name": new_parent.name}})
    _check_placement(kind=unit.kind, parent=new_parent, unit=unit)
    _check_code_free(code=unit.code, parent=new_parent, exclude=[unit.pk])
    reorganisation = _new_reorganisation(
        kind=ReorganisationKind.MOVE,
        effective_on=effective_on,
        decision=decision,
        note=note,
        actor=actor,
        predecessors=[unit],
        successors=[unit],
    )
    _change_version(unit, effective_on, reorganisation, parent=new_parent)
    return reorganisation


def _close_unit(unit: Unit, on: datetime.date) -> None:
    _close_version(unit, on)
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])


@transaction.atomic
def units_merge(
    *,
    actor: User | None,
    units: list[Unit],
    effective_on: datetime.date,
    into: Unit | None = None,
    new_unit: dict | None = None,
    decision: str = "",
    note: str = "",
) -> Reorganisation:
    """Merge `units` into an existing unit `into`, or into a new unit described by `new_unit`.

    The merged units close on `effective_on`; their active subunits move to the
    successor (a subunit whose code the successor already uses must be merged or
    renamed first). Their records stay theirs and are found from the successor.
    """
    require_admin(actor)
    if (into is None) == (new_unit is None):
        raise ValidationError(_("Merge into either an existing unit or a new one."))
    merged = [u for u in dict.fromkeys(units) if into is None or u.pk != into.pk]
    if len(merged) < (1 if into else 2):
        raise ValidationError({"units": _("Choose at least two units to merge.")})
    for unit in merged:
        _require_active(unit, "units")
        _check_date(unit, effective_on)
    if into is not None:
        _require_active(into, "into")
        if any(into.path.startswith(unit.path) for unit in merged):
            raise ValidationError({"into": _("A unit cannot be merged into one of its own subunits.")})
    reorganisation = _new_reorganisation(
        kind=ReorganisationKind.MERGE,
        effective_on=effective_on,
        decision=decision,
        note=note,
        actor=actor,
        predecessors=merged,
        successors=[],
    )
    successor = into or unit_create(actor=actor, valid_from=effective_on, reorganisation=reorganisation, **new_unit)
    reorganisation.successors.set([successor])
    taken = {code.lower() for code in Unit.objects.active().filter(parent=successor).values_list("code", flat=True)}
    for unit in merged:
        for child in Unit.objects.active().filter(parent=unit).order_by("path"):
            if child.code.lower() in taken:
                raise ValidationError(
                    {
                        "units": _(
                            "%(child)s cannot move under %(successor)s: the code %(code)s is already used there. "
                            "Merge or rename it first."
                        )
                        % {"child": child.name, "successor": successor.name, "code": child.code}
                    }
                )
            taken.add(child.code.lower())
            _change_version(child, effective_on, reorganisation, parent=successor)
        _close_unit(unit, effective_on)
    return reorganisation


@transaction.atomic
def unit_split(
    *,
    actor: User | None,
    unit: Unit,
    effective_on: datetime.date,
    parts: list[dict],
    keep_original: bool = False,
    decision: str = "",
    note: str = "",
) -> Reorganisation:
    """Split `unit` into new units (each a dict of `unit_create` arguments).

    Unless `keep_original`, the unit closes; it must then have no active
    subunits left (move them first, so that nothing is re-parented by guess).
    """
    require_admin(actor)
    _require_active(unit)
    _check_date(unit, effective_on)
    if len(parts) < (1 if keep_original else 2):
        raise ValidationError({"parts": _("A split needs at least two resulting units.")})
    if not keep_original and Unit.objects.active().filter(parent=unit).exists():
        raise ValidationError(
            {"unit": _("Move or merge the subunits of %(name)s before splitting it.") % {"name": unit.name}}
        )
    reorganisation = _new_reorganisation(
        kind=ReorganisationKind.SPLIT,
        effective_on=effective_on,
        decision=decision,
        note=note,
        actor=actor,
        predecessors=[unit],
        successors=[],
    )
    if not keep_original:
        _close_unit(unit, effective_on)
    created = []
    for part in parts:
        arguments = {"kind": unit.kind, "parent": unit.parent, "place_name": unit.place_name, **part}
        created.append(unit_create(actor=actor, valid_from=effective_on, reorganisation=reorganisation, **arguments))
    reorganisation.successors.set(created + ([unit] if keep_original else []))
    return reorganisation


@transaction.atomic
def unit_dissolve(
    *, actor: User | None, unit: Unit, effective_on: datetime.date, decision: str = "", note: str = ""
) -> Reorganisation:
    """Close a unit that has no successor. Its subunits must be moved first."""
    require_admin(actor)
    _require_active(unit)
    _check_date(unit, effective_on)
    if Unit.objects.active().filter(parent=unit).exists():
        raise ValidationError({"unit": _("Move or merge the subunits of %(name)s first.") % {"name": unit.name}})
    reorganisation = _new_reorganisation(
        kind=ReorganisationKind.DISSOLVE,
        effective_on=effective_on,
        decision=decision,
        note=note,
        actor=actor,
        predecessors=[unit],
        successors=[],
    )
    _close_unit(unit, effective_on)
    return reorganisation
