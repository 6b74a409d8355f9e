"""The audit log as XLSX, filtered as on screen."""

from django.utils import timezone

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter
from core.xlsx import Column, active_filters

from .filters import AuditFilter, record_kinds
from .selectors import entries_visible_to


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def columns():
    kinds = dict(record_kinds())
    return [
        Column("Thời điểm", lambda e: _local(e.at), 18),
        Column("Người thực hiện", lambda e: e.actor_name, 24),
        Column("Thao tác", lambda e: e.get_action_display(), 16),
        Column("Loại hồ sơ", lambda e: kinds.get(e.object_type, e.object_type), 22),
        Column("Mã", lambda e: e.object_id, 8),
        Column("Hồ sơ", lambda e: e.summary, 48, wrap=True),
        Column("Thay đổi", lambda e: e.changes, 60, wrap=True),
        Column("Địa chỉ IP", lambda e: e.ip or "", 16),
    ]


@exporter("audit")
def audit_sheet(request) -> Sheet:
    filterset, entries = filter_page(AuditFilter, request, entries_visible_to(request.user))
    return Sheet(
        title="Nhật ký hệ thống",
        filename="nhat-ky-he-thong.xlsx",
        columns=columns(),
        rows=chunked(entries),
        count=entries.count(),
        filters=active_filters(filterset),
    )
