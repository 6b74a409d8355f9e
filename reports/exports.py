"""The documents' lists as XLSX: the outgoing register and the documents list, filtered as on screen."""

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter
from core.xlsx import Column, Table, active_filters

from . import register
from .figures import cached_figures, figures_keep_seconds
from .filters import DocumentFilter, RegisterFilter
from .forms import FiguresForm
from .selectors import documents_visible_to, register_rows, without_content
from .tasks import recount_later


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
    Column("Kế hoạch", lambda d: d.plan.title if d.plan_id else "", 40, wrap=True),
    Column("Trạng thái", lambda d: d.get_status_display(), 14),
    Column("Người ký", lambda d: d.signer_name, 24),
    Column("Ngày tạo", lambda d: d.created_at.date(), 12),
]


@exporter("documents")
def documents_sheet(request) -> Sheet:
    visible = documents_visible_to(request.user)
    filterset, documents = filter_page(DocumentFilter, request, visible)
    rows = without_content(documents).select_related("plan", "visit__unit").order_by("-created_at", "-pk")
    return Sheet(
        title="Danh sách văn bản",
        filename="van-ban.xlsx",
        columns=DOCUMENT_COLUMNS,
        rows=chunked(rows),
        count=documents.count(),
        filters=active_filters(filterset),
    )


# --- the dashboard's tables ---------------------------------------------------------------------


def selection_filters(selection) -> list[tuple[str, str]]:
    """What the figures cover, as the lines above each table."""
    shown = []
    if selection.year:
        shown.append(("Năm", str(selection.year)))
    if selection.plan:
        shown.append(("Kế hoạch", selection.plan.title))
    if selection.unit:
        shown.append(("Đơn vị", selection.unit.name))
    if selection.date_from or selection.date_to:
        start = selection.date_from.strftime("%d/%m/%Y") if selection.date_from else "…"
        end = selection.date_to.strftime("%d/%m/%Y") if selection.date_to else "…"
        shown.append(("Thời gian kiểm tra", f"{start} – {end}"))
    return shown


def department_columns(areas: list[dict]) -> list[Column]:
    """A row per unit: visits, findings (with shortcomings per area: the heat map), remediation, on-time share."""
    return [
        Column("Đơn vị", lambda r: r["name"], 32, wrap=True),
        Column("Số cuộc kiểm tra theo kế hoạch", lambda r: r["visits"], 12),
        Column("Đã kiểm tra xong", lambda r: r["concluded"], 12),
        Column("Kết quả đạt được", lambda r: r["strengths"], 12),
        Column("Hạn chế", lambda r: r["shortcomings"], 10),
        *[
            Column(
                f"Hạn chế: {area['name']}", lambda r, code=area["code"]: r["shortcomings_by_area"][code], 16, wrap=True
            )
            for area in areas
        ],
        Column("Nhiệm vụ khắc phục", lambda r: r["tasks"], 12),
        Column("Chưa thực hiện", lambda r: r["open"], 10),
        Column("Đang thực hiện", lambda r: r["in_progress"], 10),
        Column("Đã báo cáo", lambda r: r["submitted"], 10),
        Column("Bị trả lại", lambda r: r["returned"], 10),
        Column("Đã hoàn thành", lambda r: r["accepted"], 10),
        Column("Quá hạn", lambda r: r["overdue"], 10),
        Column("Hoàn thành đúng hạn", lambda r: r["on_time"], 10),
        Column("Tỷ lệ đúng hạn (%)", lambda r: r["on_time_share"], 10),
    ]


AREA_COLUMNS = [
    Column("Lĩnh vực", lambda r: r["name"], 50, wrap=True),
    Column("Kết quả đạt được", lambda r: r["strengths"], 12),
    Column("Hạn chế", lambda r: r["shortcomings"], 10),
    Column("Hạn chế lặp lại", lambda r: r["repeated"], 10),
]
TREND_COLUMNS = [
    Column("Năm", lambda r: r["year"], 8),
    Column("Số cuộc kiểm tra", lambda r: r["visits"], 10),
    Column("Hạn chế", lambda r: r["shortcomings"], 10),
    Column("Nhiệm vụ khắc phục", lambda r: r["tasks"], 12),
    Column("Đã hoàn thành", lambda r: r["accepted"], 10),
    Column("Quá hạn", lambda r: r["overdue"], 10),
    Column("Tỷ lệ đúng hạn (%)", lambda r: r["on_time_share"], 10),
]


@exporter("dashboard")
def dashboard_sheet(request) -> Sheet:
    form = FiguresForm(request.GET, user=request.user)
    if not form.is_valid():
        selection, figures = None, None
        rows, more = [], []
    else:
        selection = form.selection()
        figures = cached_figures(request.user, selection, on_stale=recount_later)
        rows = figures["by_department"]
        more = [
            Table("Theo lĩnh vực", AREA_COLUMNS, figures["by_area"]),
            Table("Qua các năm", TREND_COLUMNS, figures["trends"]),
        ]
    return Sheet(
        title="Tổng hợp theo đơn vị",
        filename="tong-hop-kiem-tra-cchc.xlsx",
        columns=department_columns(figures["areas"] if figures else []),
        rows=rows,
        count=len(rows),
        filters=selection_filters(selection) if selection else [],
        more=more,
        # Written once for the figures it shows (a province's took 130,000 calls to write), as the page's
        # drawing is: Home Affairs' staff download the same figures.
        made_of=figures,
        kept_seconds=figures_keep_seconds(),
    )
