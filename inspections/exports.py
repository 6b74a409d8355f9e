"""The visit list and the findings search as XLSX, filtered and ordered as on screen."""

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter
from core.xlsx import Column, active_filters

from .filters import FindingFilter, VisitFilter
from .selectors import (
    FINDING_SEARCH_ORDER,
    findings_visible_to,
    in_list_order,
    visit_unit_names,
    visits_for_list,
    visits_visible_to,
    with_finding_counts,
)

VISIT_COLUMNS = [
    Column("Đơn vị được kiểm tra", lambda v: v.unit_label, 36, wrap=True),
    Column("Ngày kiểm tra", lambda v: v.scheduled_on, 12),
    Column("Kế hoạch", lambda v: v.plan.title, 40, wrap=True),
    Column("Năm", lambda v: v.plan.year, 8),
    Column("Đoàn kiểm tra", lambda v: v.team.name, 24, wrap=True),
    Column("Địa điểm", lambda v: v.place, 24, wrap=True),
    Column("Trạng thái", lambda v: v.get_status_display(), 14),
    Column("Số kết quả ghi nhận", lambda v: v.finding_count, 10),
    Column("Số hạn chế", lambda v: v.shortcoming_count, 10),
]


def _named_and_counted(visits) -> None:
    visit_unit_names(with_finding_counts(visits))


@exporter("visits")
def visits_sheet(request) -> Sheet:
    filterset, visits = filter_page(VisitFilter, request, visits_for_list(visits_visible_to(request.user)))
    return Sheet(
        title="Danh sách cuộc kiểm tra",
        filename="cuoc-kiem-tra.xlsx",
        columns=VISIT_COLUMNS,
        rows=chunked(in_list_order(visits, request.GET.get("when")), prepare=_named_and_counted),
        count=visits.count(),
        filters=active_filters(filterset),
    )


def _indicators(finding) -> str:
    return "; ".join(
        f"{item.name}: {item.value.normalize():f}{' ' + item.unit if item.unit else ''}"
        for item in finding.indicators.all()
    )


def _repeats(finding) -> str:
    return f"Lặp lại từ năm {finding.repeats.visit.scheduled_on.year}" if finding.repeats_id else ""


FINDING_COLUMNS = [
    Column("Đơn vị được kiểm tra", lambda f: f.visit.unit_label, 36, wrap=True),
    Column("Ngày kiểm tra", lambda f: f.visit.scheduled_on, 12),
    Column("Kế hoạch", lambda f: f.visit.plan.title, 36, wrap=True),
    Column("Lĩnh vực", lambda f: f.area.name, 28, wrap=True),
    Column("Loại", lambda f: f.get_kind_display(), 12),
    Column("Nội dung", lambda f: f.text, 70, wrap=True),
    Column("Chỉ số", _indicators, 30, wrap=True),
    Column("Ghi chú", _repeats, 18),
]


def _named(findings) -> None:
    visit_unit_names([finding.visit for finding in findings])


@exporter("findings")
def findings_sheet(request) -> Sheet:
    filterset, findings = filter_page(FindingFilter, request, findings_visible_to(request.user))
    rows = (
        findings.select_related("visit__unit", "visit__plan", "area", "repeats__visit")
        .prefetch_related("indicators")
        .order_by(*FINDING_SEARCH_ORDER)
    )
    return Sheet(
        title="Kết quả kiểm tra",
        filename="ket-qua-kiem-tra.xlsx",
        columns=FINDING_COLUMNS,
        rows=chunked(rows, prepare=_named),
        count=findings.count(),
        filters=active_filters(filterset),
    )
