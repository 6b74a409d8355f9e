"""The task list as XLSX, filtered and ordered as on screen."""

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter, local_date, yes
from core.xlsx import Column, active_filters
from inspections.selectors import visit_unit_names

from .filters import DirectiveFilter, TaskFilter
from .selectors import directives_for_listing, directives_visible_to, for_listing, tasks_visible_to, with_task_counts


def _on_time(task) -> str:
    return {True: "Đúng hạn", False: "Trễ hạn"}.get(task.done_on_time, "")


TASK_COLUMNS = [
    Column("Mã", lambda t: t.pk, 8),
    Column("Đơn vị thực hiện", lambda t: t.unit.name, 32, wrap=True),
    Column("Nội dung chỉ đạo", lambda t: t.directive.text, 60, wrap=True),
    Column("Lĩnh vực", lambda t: t.directive.area.name if t.directive.area_id else "", 24, wrap=True),
    Column("Kế hoạch kiểm tra", lambda t: t.directive.visit.plan.title, 36, wrap=True),
    Column("Hạn hoàn thành", lambda t: t.due_on, 12),
    Column("Trạng thái", lambda t: t.get_status_display(), 16),
    Column("Quá hạn", lambda t: yes(t.is_overdue), 9),
    Column("Ngày báo cáo", lambda t: local_date(t.submitted_at), 12),
    Column("Ngày hoàn thành", lambda t: t.completed_on, 12),
    Column("Kết quả so với hạn", lambda t: _on_time(t), 12),
    Column("Người được giao", lambda t: t.delegate.full_name if t.delegate_id else "", 24),
]


@exporter("tasks")
def tasks_sheet(request) -> Sheet:
    filterset, tasks = filter_page(TaskFilter, request, tasks_visible_to(request.user))
    rows = for_listing(tasks).select_related("directive__area", "directive__visit__plan")
    return Sheet(
        title="Nhiệm vụ khắc phục",
        filename="nhiem-vu-khac-phuc.xlsx",
        columns=TASK_COLUMNS,
        rows=chunked(rows),
        count=tasks.count(),
        filters=active_filters(filterset),
    )


def _deadline(directive):
    if directive.due_on:
        return directive.due_on
    return f"{directive.due_days} ngày sau văn bản" if directive.due_days else ""


DIRECTIVE_COLUMNS = [
    Column("Nội dung chỉ đạo", lambda d: d.text, 60, wrap=True),
    Column("Đơn vị được kiểm tra", lambda d: d.visit.unit_label, 32, wrap=True),
    Column("Ngày kiểm tra", lambda d: d.visit.scheduled_on, 12),
    Column("Lĩnh vực", lambda d: d.area.name if d.area_id else "", 24, wrap=True),
    Column("Hạn hoàn thành", _deadline, 14),
    Column("Yêu cầu tài liệu kiểm chứng", lambda d: yes(d.requires_evidence), 10),
    Column("Số nhiệm vụ", lambda d: d.task_count, 10),
    Column("Đã hoàn thành", lambda d: d.done_count, 10),
]


def _named_and_counted(request):
    def prepare(directives) -> None:
        visit_unit_names([directive.visit for directive in with_task_counts(request.user, directives)])

    return prepare


@exporter("directives")
def directives_sheet(request) -> Sheet:
    filterset, directives = filter_page(DirectiveFilter, request, directives_visible_to(request.user))
    return Sheet(
        title="Danh sách chỉ đạo khắc phục",
        filename="chi-dao-khac-phuc.xlsx",
        columns=DIRECTIVE_COLUMNS,
        rows=chunked(directives_for_listing(directives), prepare=_named_and_counted(request)),
        count=directives.count(),
        filters=active_filters(filterset),
    )
