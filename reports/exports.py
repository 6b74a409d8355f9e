"""The documents' lists as XLSX: the outgoing register and the documents list, filtered as on screen."""

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter
from core.xlsx import Column, active_filters

from . import register
from .filters import DocumentFilter, RegisterFilter
from .selectors import documents_visible_to, register_rows


@exporter("register")
def register_sheet(request) -> Sheet:
    filterset, rows = filter_page(RegisterFilter, request, register_rows(request.user))
    return Sheet(
        title="Sổ đăng ký văn bản đi",
        filename="so-dang-ky-van-ban-di.xlsx",
        columns=register.COLUMNS,
        rows=chunked(rows.select_related(None).only(*register.FIELDS)),
        count=rows.count(),
        filters=active_filters(filterset),
    )


DOCUMENT_COLUMNS = [
    Column("Số, ký hiệu", lambda d: d.number_text, 16),
    Column("Ngày ban hành", lambda d: d.issued_on, 12),
    Column("Loại văn bản", lambda d: d.get_kind_display(), 28),
    Column("Trích yếu", lambda d: d.subject, 60, wrap=True),
    Column("Cơ quan ban hành", lambda d: d.issuer_name, 30, wrap=True),
    Column("Đơn vị được kiểm tra", lambda d: d.visit.unit.name if d.visit_id else "", 30, wrap=True),
    Column("Kế hoạch", lambda d: d.plan.title, 40, wrap=True),
    Column("Trạng thái", lambda d: d.get_status_display(), 14),
    Column("Người ký", lambda d: d.signer_name, 24),
    Column("Ngày tạo", lambda d: d.created_at.date(), 12),
]


@exporter("documents")
def documents_sheet(request) -> Sheet:
    visible = documents_visible_to(request.user)
    filterset, documents = filter_page(DocumentFilter, request, visible)
    rows = documents.select_related("plan", "visit__unit").defer("body", "table").order_by("-created_at", "-pk")
    return Sheet(
        title="Danh sách văn bản",
        filename="van-ban.xlsx",
        columns=DOCUMENT_COLUMNS,
        rows=chunked(rows),
        count=documents.count(),
        filters=active_filters(filterset),
    )
