"""Writes to the portal's people: accounts for a unit, their role, deactivation, passwords.

Administrators manage everyone; Home Affairs staff manage the people of the units in their
province, except administrators, and cannot hand out the administrator's role. Nobody changes
their own role or deactivates themselves. Each edit carries the history id the editor read,
so two officers editing one account do not overwrite each other.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.errors import StaleVersion
from core.text import nfc

from . import services
from .models import Role, Unit, User
from .selectors import keeps_reference_data, scope_paths

EDITABLE = ("full_name", "title", "email", "role", "unit")


def may_manage_people(actor: User) -> bool:
    return keeps_reference_data(actor)


def may_edit(actor: User, person: User) -> bool:
    """An administrator's account is managed by administrators only."""
    return may_manage_people(actor) and (actor.is_administrator or not person.is_administrator)


def _in_scope(actor: User, unit: Unit | None) -> bool:
    paths = scope_paths(actor)
    if paths is None:
        return True
    return unit is not None and any(unit.path.startswith(path) for path in paths)


def _require_manager(actor: User, *, unit: Unit | None, role: str, target: User | None = None) -> None:
    if not may_manage_people(actor):
        raise PermissionDenied(_("Only administrators and Home Affairs staff manage accounts."))
    if actor.is_administrator:
        return
    if role == Role.ADMIN or (target is not None and not may_edit(actor, target)):
        raise PermissionDenied(_("Only an administrator manages administrators."))
    if not _in_scope(actor, unit) or (target is not None and not _in_scope(actor, target.unit)):
        raise PermissionDenied(_("This unit is outside your province."))


def edit_token(user: User) -> str:
    """What the edit form sends back: a digest of what the page edits (not of a sign-in's `last_login`)."""
    values = [user.full_name, user.title, user.email, user.role, user.unit_id, user.is_active, user.password]
    return hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:16]


def _check_token(user: User, token) -> None:
    current = User.objects.select_for_update().filter(pk=user.pk).first()
    if current is None or str(token) != edit_token(current):
        raise StaleVersion(0)


def _clean(values: dict, *, superuser: bool = False) -> dict:
    values = {key: nfc(value.strip()) if isinstance(value, str) else value for key, value in values.items()}
    if not values.get("full_name"):
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    if values.get("role") not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    unit = values.get("unit")
    if unit is None and values["role"] != Role.ADMIN and not superuser:
        raise ValidationError({"unit": _("Choose the person's unit.")})
    if unit is not None and not unit.is_active:
        raise ValidationError({"unit": _("%(name)s no longer exists.") % {"name": unit.name}})
    return values


@transaction.atomic
def account_create(*, actor: User, username: str, password: str, **values) -> User:
    values = _clean(values)
    _require_manager(actor, unit=values.get("unit"), role=values["role"])
    username = nfc(username.strip())
    if not username:
        raise ValidationError({"username": _("Enter a user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    user = User(username=username, **values)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.is_staff = user.is_superuser = values["role"] == Role.ADMIN
    user.save()
    return user


@transaction.atomic
def account_update(*, actor: User, user: User, token, **values) -> User:
    values = _clean(values, superuser=user.is_superuser)
    _require_manager(actor, unit=values.get("unit"), role=values["role"], target=user)
    _check_token(user, token)
    if user.pk == actor.pk and values["role"] != user.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    if user.headed_units.exists() and values.get("unit") != user.unit:
        names = ", ".join(user.headed_units.values_list("name", flat=True))
        raise ValidationError({"unit": _("%(name)s heads %(units)s: choose another head first.") % {
            "name": user.get_full_name(), "units": names}})  # fmt: skip
    role_changed = values["role"] != user.role
    for field, value in values.items():
        setattr(user, field, value)
    if role_changed:
        # Only a change of role moves the admin flags: a superuser made by `createsuperuser` keeps them.
        user.is_staff = user.is_superuser = values["role"] == Role.ADMIN
    user.save()
    return user


@transaction.atomic
def account_set_active(*, actor: User, user: User, active: bool, token) -> User:
    """Deactivate (signed out at the next request, API tokens revoked) or reactivate an account."""
    _require_manager(actor, unit=user.unit, role=user.role, target=user)
    _check_token(user, token)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Token.objects.filter(user=user).delete()
        for unit in Unit.objects.filter(head=user):  # through the registry's service: in the unit's history
            services.unit_set_head(actor=None, unit=unit, head=None)
    return user


@transaction.atomic
def account_set_password(*, actor: User, user: User, password: str, token) -> User:
    """A new password chosen by the manager (told to the person out of band); the old tokens stop working."""
    _require_manager(actor, unit=user.unit, role=user.role, target=user)
    _check_token(user, token)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    return user
