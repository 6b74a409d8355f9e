"""What writes the audit log: Django's sign-in signals and every history record simple-history keeps."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from units.models import Unit, User
from units.selectors import province_path

from .models import AuditAction, AuditEntry

log = logging.getLogger(__name__)
HISTORY_ACTIONS = {"+": AuditAction.CREATED, "~": AuditAction.CHANGED, "-": AuditAction.DELETED}
MAX_VALUE = 80
MAX_CHANGES = 8


def _province_of(user) -> str:
    return province_path(user.unit) if user is not None and getattr(user, "unit_id", None) else ""


def _ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):  # a JSON field (a series' kinds)
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    else:
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
        text = str(choices.get(value, value))
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _changes(history_instance) -> str:
    previous = history_instance.prev_record
    if previous is None:
        return ""
    delta = history_instance.diff_against(previous)
    model = history_instance.instance_type
    lines = []
    for change in delta.changes[:MAX_CHANGES]:
        field = model._meta.get_field(change.field)
        lines.append(f"{field.verbose_name}: {_shown(field, change.old)} → {_shown(field, change.new)}")
    return "\n".join(lines)


@receiver(post_create_historical_record, dispatch_uid="audit.history")
def record_history(sender, instance, history_instance, history_user=None, **kwargs):
    action = HISTORY_ACTIONS.get(history_instance.history_type)
    changes = _changes(history_instance) if action == AuditAction.CHANGED else ""
    if action is None or (action == AuditAction.CHANGED and not changes):
        return  # a save that changed nothing the history keeps
    actor = history_user if isinstance(history_user, User) else None
    province = _province_of(actor) or (province_path(instance) if isinstance(instance, Unit) else "")
    AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk or history_instance.id),
        summary=str(instance)[:300],
        changes=changes,
        ip=_ip(getattr(HistoricalRecords.context, "request", None)),
        province=province,
    )


def _sign_in(action, request, user, name: str = "") -> None:
    AuditEntry.objects.create(
        actor=user,
        actor_name=(user.get_full_name() if user else name)[:150],
        action=action,
        object_type="units.user" if user else "",
        object_id=str(user.pk) if user else "",
        summary=(user.username if user else name)[:300],
        ip=_ip(request),
        province=_province_of(user),
    )


@receiver(user_logged_in, dispatch_uid="audit.login")
def record_login(sender, request, user, **kwargs):
    _sign_in(AuditAction.LOGIN, request, user)


@receiver(user_logged_out, dispatch_uid="audit.logout")
def record_logout(sender, request, user, **kwargs):
    if getattr(user, "is_authenticated", False):
        _sign_in(AuditAction.LOGOUT, request, user)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).select_related("unit").first()
    AuditEntry.objects.create(
        actor=None,
        actor_name=username,
        action=AuditAction.LOGIN_FAILED,
        object_type="units.user" if user else "",
        object_id=str(user.pk) if user else "",
        summary=username,
        ip=_ip(request),
        province=_province_of(user),
    )
