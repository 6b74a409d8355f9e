"""Who reads the audit log: administrators all of it, Home Affairs staff their province's."""

from django.db.models import QuerySet

from units.models import Role, User
from units.selectors import province_path

from .models import AuditEntry


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and (user.is_administrator or (user.role == Role.HOME_AFFAIRS and user.unit_id))


def entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    if not can_read_audit(user):
        return AuditEntry.objects.none()
    if user.is_administrator:
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(province=province_path(user.unit))
